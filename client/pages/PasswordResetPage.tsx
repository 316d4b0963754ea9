import { type FormEvent, useState } from "react";
import { describeIssues, PasswordResetRequest } from "../../shared/schemas.ts";
import { api, errorMessage } from "../api/apiClient.ts";
import { useApiResource } from "../api/useApiResource.ts";
import { FormError } from "../components/FormError.tsx";
import { NewPasswordFields } from "../components/NewPasswordFields.tsx";
import { formatDateTime } from "../format.ts";
import { Link, paths } from "../router.tsx";
import { useSession } from "../session/SessionContext.tsx";
import { usePageTitle } from "./usePageTitle.ts";

/** `/reset/:token`: the holder of a reset link sets a new password; every session of the account ends. */
export function PasswordResetPage({ token }: { token: string }) {
  usePageTitle("Set a new password");
  const [preview, reload] = useApiResource(() => api.passwordReset(token), [token]);
  const [done, setDone] = useState(false);

  return (
    <>
      <header className="app-header">
        <Link href="/" className="brand">
          Plenary
        </Link>
      </header>
      <main id="main" className="page page--narrow">
        {done ? (
          <>
            <h1 tabIndex={-1}>Your password has been changed</h1>
            <p role="status" data-testid="reset-done">
              Every device that was signed in to this account has been signed out.
            </p>
            <Link href={paths.groups()} className="button button--primary">
              Sign in
            </Link>
          </>
        ) : (
          <>
            {preview.status === "loading" && (
              <p className="muted" aria-busy="true">
                Checking the link…
              </p>
            )}
            {preview.status === "error" && (
              <>
                <h1 tabIndex={-1}>This link cannot be used</h1>
                <p role="alert">{errorMessage(preview.error)}</p>
                <button type="button" className="button" onClick={reload}>
                  Try again
                </button>
              </>
            )}
            {preview.status === "ready" && (
              <>
                <h1 tabIndex={-1}>Set a new password</h1>
                <p>
                  {`For ${preview.data.name}, ${preview.data.email}. `}
                  <span className="muted">{`The link expires ${formatDateTime(preview.data.expiresAt)}.`}</span>
                </p>
                <NewPasswordForm token={token} onDone={() => setDone(true)} />
              </>
            )}
          </>
        )}
      </main>
    </>
  );
}

function NewPasswordForm({ token, onDone }: { token: string; onDone(): void }) {
  const { sessionEnded } = useSession();
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (password !== again) {
      setError("The password and its confirmation differ.");
      return;
    }
    const parsed = PasswordResetRequest.safeParse({ newPassword: password });
    if (!parsed.success) {
      setError(`The ${describeIssues(parsed.error)}.`);
      return;
    }
    setPending(true);
    setError(null);
    try {
      await api.resetPassword(token, parsed.data.newPassword);
      onDone();
      // This browser's session, if it had one for the account, ended with all the others.
      sessionEnded("Your password was changed: sign in with the new one.");
    } catch (caught) {
      setError(errorMessage(caught));
      setPending(false);
    }
  };

  return (
    <form className="card form-card" onSubmit={submit} noValidate aria-label="Choose a new password">
      <NewPasswordFields
        id="reset-password"
        label="New password"
        hint="At least 10 characters."
        password={password}
        again={again}
        onPasswordChange={setPassword}
        onAgainChange={setAgain}
      />
      <FormError error={error} />
      <button type="submit" className="button button--primary" disabled={pending}>
        {pending ? "Saving…" : "Set new password"}
      </button>
    </form>
  );
}
