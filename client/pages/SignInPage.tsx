import { type FormEvent, useId, useState } from "react";
import { describeIssues, LoginRequest } from "../../shared/schemas.ts";
import { api, errorMessage } from "../api/apiClient.ts";
import { FormError } from "../components/FormError.tsx";
import { useSession } from "../session/SessionContext.tsx";
import { usePageTitle } from "./usePageTitle.ts";

export function SignInPage({ notice }: { notice: string | null; next: string | null }) {
  usePageTitle("Sign in");
  const { signedIn } = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const errorId = useId();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = LoginRequest.safeParse({ email, password });
    if (!parsed.success) {
      setError(`Check the form: ${describeIssues(parsed.error)}.`);
      return;
    }
    setPending(true);
    setError(null);
    try {
      const { user } = await api.signIn(parsed.data);
      // The router sends us on to `next` once the session knows the user.
      signedIn(user);
    } catch (caught) {
      setError(errorMessage(caught));
      setPending(false);
    }
  };

  return (
    <main id="main" className="page page--center signin">
      <div className="card signin__card">
        <h1 tabIndex={-1}>Sign in to Plenary</h1>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <form onSubmit={submit} noValidate aria-describedby={error ? errorId : undefined}>
          <div className="field">
            <label htmlFor="signin-email">Email</label>
            <input
              id="signin-email"
              data-testid="signin-email"
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              aria-invalid={error ? true : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor="signin-password">Password</label>
            <input
              id="signin-password"
              data-testid="signin-password"
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={error ? true : undefined}
            />
          </div>
          <FormError error={error} id={errorId} />
          <button type="submit" className="button button--primary" data-testid="signin-submit" disabled={pending}>
            {pending ? "Signing in…" : "Sign in"}
          </button>
        </form>
      </div>
    </main>
  );
}
