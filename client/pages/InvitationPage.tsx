import { type FormEvent, useId, useState } from "react";
import { TextLimits } from "../../shared/displayText.ts";
import { ROLE_LABELS } from "../../shared/roles.ts";
import { AcceptInvitationRequest, describeIssues } from "../../shared/schemas.ts";
import type { InvitationPreview } from "../../shared/types.ts";
import { api, errorMessage } from "../api/apiClient.ts";
import { useApiResource } from "../api/useApiResource.ts";
import { FormError } from "../components/FormError.tsx";
import { NewPasswordFields } from "../components/NewPasswordFields.tsx";
import { formatDateTime } from "../format.ts";
import { Link, navigate, paths, signInPath } from "../router.tsx";
import { useSession } from "../session/SessionContext.tsx";
import { usePageTitle } from "./usePageTitle.ts";

/**
 * `/invitations/:token`: someone invited to a working group joins it. A new
 * person creates their account here (name and password; the delegation is
 * the one their inviter set); someone who has an account signs in as the
 * invited email, then accepts.
 */
export function InvitationPage({ token }: { token: string }) {
  usePageTitle("Invitation");
  const [preview, reload] = useApiResource(() => api.invitation(token), [token]);

  return (
    <>
      <header className="app-header">
        <Link href="/" className="brand">
          Plenary
        </Link>
      </header>
      <main id="main" className="page page--narrow">
        {preview.status === "loading" && (
          <p className="muted" aria-busy="true">
            Loading the invitation…
          </p>
        )}
        {preview.status === "error" && (
          <>
            <h1 tabIndex={-1}>This invitation cannot be used</h1>
            <p role="alert">{errorMessage(preview.error)}</p>
            <button type="button" className="button" onClick={reload}>
              Try again
            </button>
          </>
        )}
        {preview.status === "ready" && <Invitation token={token} preview={preview.data} />}
      </main>
    </>
  );
}

function Invitation({ token, preview }: { token: string; preview: InvitationPreview }) {
  const role = ROLE_LABELS[preview.role].toLowerCase();
  return (
    <>
      <h1 tabIndex={-1}>{`Join “${preview.groupName}”`}</h1>
      <p>
        {`You are invited to the working group “${preview.groupName}” as ${role}, with the email ${preview.email}`}
        {preview.delegation ? `, for the delegation ${preview.delegation.name} (${preview.delegation.code}). ` : ". "}
        <span className="muted">{`The invitation expires ${formatDateTime(preview.expiresAt)}.`}</span>
      </p>
      {preview.accountExists ? (
        <ExistingAccount token={token} preview={preview} />
      ) : (
        <NewAccountForm token={token} preview={preview} />
      )}
    </>
  );
}

function ExistingAccount({ token, preview }: { token: string; preview: InvitationPreview }) {
  const { state, signOut } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const here = `/invitations/${encodeURIComponent(token)}`;

  if (state.status !== "signedIn") {
    return (
      <div className="card form-card">
        <p>{`An account with ${preview.email} already exists. Sign in with it, then accept the invitation.`}</p>
        <Link href={signInPath(here)} className="button button--primary">
          Sign in to accept
        </Link>
      </div>
    );
  }
  if (state.user.email.toLowerCase() !== preview.email.toLowerCase()) {
    return (
      <div className="card form-card">
        <p role="alert">
          {`This invitation is for ${preview.email}, but you are signed in as ${state.user.email}. Sign out, then sign in as ${preview.email}.`}
        </p>
        <button type="button" className="button" onClick={() => void signOut().then(() => navigate(signInPath(here)))}>
          Sign out
        </button>
      </div>
    );
  }

  const accept = async () => {
    setPending(true);
    setError(null);
    try {
      const result = await api.acceptInvitation(token, {});
      navigate(result.groupId ? paths.group(result.groupId) : paths.groups());
    } catch (caught) {
      setError(errorMessage(caught));
      setPending(false);
    }
  };

  return (
    <div className="card form-card">
      <p>{`You are signed in as ${state.user.name} (${state.user.delegation}).`}</p>
      <FormError error={error} />
      <button type="button" className="button button--primary" disabled={pending} onClick={() => void accept()}>
        {pending ? "Joining…" : `Join ${preview.groupName}`}
      </button>
    </div>
  );
}

function NewAccountForm({ token, preview }: { token: string; preview: InvitationPreview }) {
  const { state, signedIn } = useSession();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirmPassword, setConfirmPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const errorId = useId();
  const hintId = useId();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (password !== confirmPassword) {
      setError("The password and its confirmation differ.");
      return;
    }
    const parsed = AcceptInvitationRequest.safeParse({ name, password });
    if (!parsed.success || parsed.data.password === undefined) {
      setError(parsed.success ? "Fill in every field." : `Check the form: ${describeIssues(parsed.error)}.`);
      return;
    }
    setPending(true);
    setError(null);
    try {
      const result = await api.acceptInvitation(token, parsed.data);
      if ("user" in result) signedIn(result.user);
      navigate(result.groupId ? paths.group(result.groupId) : paths.groups());
    } catch (caught) {
      setError(errorMessage(caught));
      setPending(false);
    }
  };

  return (
    <form className="card form-card" onSubmit={submit} noValidate aria-labelledby="new-account-heading">
      <h2 id="new-account-heading">Create your account</h2>
      {state.status === "signedIn" && (
        <p className="notice">{`You are signed in as ${state.user.email}; creating this account signs you in as ${preview.email} instead.`}</p>
      )}
      <div className="field">
        <label htmlFor="invite-email">Email</label>
        <input id="invite-email" type="email" value={preview.email} readOnly autoComplete="username" />
      </div>
      <div className="field">
        <label htmlFor="invite-name">Your name</label>
        <input
          id="invite-name"
          type="text"
          autoComplete="name"
          maxLength={TextLimits.personName}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="invite-delegation">Delegation</label>
        <input
          id="invite-delegation"
          type="text"
          readOnly
          value={preview.delegation ? `${preview.delegation.name} (${preview.delegation.code})` : ""}
          aria-describedby={`${hintId}-delegation`}
        />
        <p id={`${hintId}-delegation`} className="field__hint">
          Set by the person who invited you. If it is wrong, ask them for a new invitation.
        </p>
      </div>
      <NewPasswordFields
        id="invite-password"
        label="Password"
        hint="At least 10 characters."
        password={password}
        again={confirmPassword}
        onPasswordChange={setPassword}
        onAgainChange={setConfirmPassword}
      />
      <FormError error={error} id={errorId} />
      <button
        type="submit"
        className="button button--primary"
        disabled={pending}
        aria-describedby={error ? errorId : undefined}
      >
        {pending ? "Creating your account…" : "Create account and join"}
      </button>
    </form>
  );
}
