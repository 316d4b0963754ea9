import { type FormEvent, useId, useState } from "react";
import { ChangePasswordRequest, describeIssues } from "../../shared/schemas.ts";
import { api, errorMessage } from "../api/apiClient.ts";
import { AppHeader } from "../components/AppHeader.tsx";
import { DelegationChip } from "../components/DelegationChip.tsx";
import { FormError } from "../components/FormError.tsx";
import { NewPasswordFields } from "../components/NewPasswordFields.tsx";
import { useCurrentUser } from "../session/SessionContext.tsx";
import { usePageTitle } from "./usePageTitle.ts";

/** Who you are here, and changing your password. */
export function AccountPage() {
  usePageTitle("Account");
  const user = useCurrentUser();
  return (
    <>
      <AppHeader crumbs={[{ label: "Account" }]} />
      <main id="main" className="page page--narrow">
        <h1 tabIndex={-1}>Account</h1>
        <dl className="facts">
          <dt>Name</dt>
          <dd>{user.name}</dd>
          <dt>Email</dt>
          <dd>{user.email}</dd>
          <dt>Delegation</dt>
          <dd>
            <DelegationChip delegation={user.delegation} />
          </dd>
          {user.isAdmin && (
            <>
              <dt>Role</dt>
              <dd>Site administrator (secretariat)</dd>
            </>
          )}
        </dl>
        <ChangePasswordForm />
      </main>
    </>
  );
}

function ChangePasswordForm() {
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [confirmPassword, setConfirmPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);
  const errorId = useId();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setDone(false);
    if (newPassword !== confirmPassword) {
      setError("The new password and its confirmation differ.");
      return;
    }
    const parsed = ChangePasswordRequest.safeParse({ currentPassword, newPassword });
    if (!parsed.success) {
      setError(`The ${describeIssues(parsed.error)}.`);
      return;
    }
    setPending(true);
    setError(null);
    try {
      await api.changePassword(parsed.data);
      setCurrentPassword("");
      setNewPassword("");
      setConfirmPassword("");
      setDone(true);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="card form-card" onSubmit={submit} noValidate aria-labelledby="password-heading">
      <h2 id="password-heading">Change password</h2>
      <div className="field">
        <label htmlFor="current-password">Current password</label>
        <input
          id="current-password"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(event) => setCurrentPassword(event.target.value)}
          aria-describedby={error ? errorId : undefined}
        />
      </div>
      <NewPasswordFields
        id="new-password"
        againId="confirm-password"
        label="New password"
        hint="At least 10 characters. Your other devices are signed out when it changes."
        password={newPassword}
        again={confirmPassword}
        onPasswordChange={setNewPassword}
        onAgainChange={setConfirmPassword}
      />
      <FormError error={error} id={errorId} />
      {done && (
        <p className="notice" role="status">
          Your password has been changed. Other devices have been signed out.
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
