import { type FormEvent, useId, useState } from "react";
import type { PasswordResetCreated, UserSummary } from "../../shared/types.ts";
import { api, errorMessage } from "../api/apiClient.ts";
import { useApiResource } from "../api/useApiResource.ts";
import { useDelegations } from "../api/useDelegations.ts";
import { AppHeader } from "../components/AppHeader.tsx";
import { DelegationChip } from "../components/DelegationChip.tsx";
import { FormError } from "../components/FormError.tsx";
import { LoadError } from "../components/LoadError.tsx";
import { formatDateTime } from "../format.ts";
import { usePageTitle } from "./usePageTitle.ts";

/** `/people`, for the site admin: every account, its delegation, and password reset links. */
export function PeoplePage() {
  usePageTitle("People");
  const [list, reload] = useApiResource(() => api.users(), []);
  return (
    <>
      <AppHeader crumbs={[{ label: "People" }]} />
      <main id="main" className="page">
        <h1 tabIndex={-1}>People</h1>
        <p className="muted">
          Someone who forgot their password gets a reset link from you: it works once, expires, and signs them out
          everywhere when used. No email is sent — pass the link on yourself.
        </p>
        {list.status === "error" && <LoadError error={list.error} what="people" onRetry={reload} />}
        {list.status === "ready" && (
          <table className="members-table" data-testid="people">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Delegation</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((person) => (
                <PersonRow key={person.id} person={person} onChanged={reload} />
              ))}
            </tbody>
          </table>
        )}
      </main>
    </>
  );
}

function PersonRow({ person, onChanged }: { person: UserSummary; onChanged(): void }) {
  const delegations = useDelegations();
  const [reset, setReset] = useState<PasswordResetCreated | null>(null);
  const [moving, setMoving] = useState(false);
  const [delegation, setDelegation] = useState(person.delegation);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const selectId = useId();
  const linkId = useId();
  const who = `${person.name} (${person.delegation})`;

  const createReset = async () => {
    setPending(true);
    setError(null);
    try {
      setReset(await api.createPasswordReset(person.id));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  };

  const move = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await api.patchUser(person.id, { delegation });
      setMoving(false);
      onChanged();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <tr data-user-id={person.id}>
      <td>{person.name}</td>
      <td>{person.email}</td>
      <td>
        {moving ? (
          <form className="inline-form__row" onSubmit={move}>
            <label htmlFor={selectId} className="visually-hidden">{`Delegation of ${who}`}</label>
            <select id={selectId} value={delegation} onChange={(event) => setDelegation(event.target.value)}>
              {delegations.map((item) => (
                <option key={item.code} value={item.code}>{`${item.name} (${item.code})`}</option>
              ))}
            </select>
            <button type="submit" className="button button--small button--primary" disabled={pending}>
              Save
            </button>
            <button type="button" className="button button--small button--quiet" onClick={() => setMoving(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <>
            <DelegationChip delegation={person.delegation} />{" "}
            <button
              type="button"
              className="button button--small button--quiet"
              aria-label={`Change the delegation of ${who}`}
              onClick={() => setMoving(true)}
            >
              Change
            </button>
          </>
        )}
      </td>
      <td>
        <button
          type="button"
          className="button button--small"
          aria-label={`Create a password reset link for ${who}`}
          disabled={pending}
          onClick={() => void createReset()}
        >
          Reset link
        </button>
        <FormError error={error} />
        {reset && (
          <div className="invitation-link" role="status" data-testid="reset-link">
            <p className="invitation-link__text">
              {`Password reset link for ${person.email}. It is shown only now: pass it on. It works once and expires ${formatDateTime(reset.expiresAt)}.`}
            </p>
            <label htmlFor={linkId} className="visually-hidden">
              Password reset link
            </label>
            <input id={linkId} type="url" readOnly value={reset.url} onFocus={(event) => event.target.select()} />
          </div>
        )}
      </td>
    </tr>
  );
}
