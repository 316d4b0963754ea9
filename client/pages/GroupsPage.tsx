import { type FormEvent, useId, useState } from "react";
import { Actions, can } from "../../shared/permissions.ts";
import { ROLE_LABELS } from "../../shared/roles.ts";
import { CreateGroupRequest, describeIssues } from "../../shared/schemas.ts";
import { api, errorMessage } from "../api/apiClient.ts";
import { useApiResource } from "../api/useApiResource.ts";
import { AppHeader } from "../components/AppHeader.tsx";
import { LoadError } from "../components/LoadError.tsx";
import { Link, navigate, paths } from "../router.tsx";
import { useCurrentUser } from "../session/SessionContext.tsx";
import { usePageTitle } from "./usePageTitle.ts";

export function GroupsPage() {
  usePageTitle("My working groups");
  const [groups, reload] = useApiResource(() => api.groups(), []);
  const user = useCurrentUser();
  const administers = can({ userId: user.id, isAdmin: user.isAdmin, role: null }, Actions.administer);

  return (
    <>
      <AppHeader />
      <main id="main" className="page">
        {groups.status === "error" ? (
          <LoadError error={groups.error} what="list of groups" onRetry={reload} />
        ) : (
          <>
            <h1 tabIndex={-1}>My working groups</h1>
            {groups.status === "loading" && (
              <p className="muted" aria-busy="true">
                Loading…
              </p>
            )}
            {groups.status === "ready" && groups.data.length === 0 && (
              <p>You are not a member of any working group yet. The secretariat can invite you to one.</p>
            )}
            {groups.status === "ready" && groups.data.length > 0 && (
              <ul className="card-list">
                {groups.data.map((group) => (
                  <li key={group.id} className="card card--link">
                    <Link href={paths.group(group.id)} className="card__title">
                      {group.name}
                    </Link>
                    <span className={`role-badge role-badge--${group.role}`}>{ROLE_LABELS[group.role]}</span>
                  </li>
                ))}
              </ul>
            )}
            {administers && (
              <p>
                <Link href={paths.siteAudit()}>Audit log of every working group</Link>
              </p>
            )}
            {administers && <NewGroupForm />}
          </>
        )}
      </main>
    </>
  );
}

/** The secretariat creates working groups; it then invites people and appoints leads on the group's page. */
function NewGroupForm() {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const inputId = useId();
  const errorId = useId();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = CreateGroupRequest.safeParse({ name });
    if (!parsed.success) {
      setError(`The ${describeIssues(parsed.error)}.`);
      return;
    }
    setPending(true);
    setError(null);
    try {
      const { id } = await api.createGroup(parsed.data);
      navigate(paths.group(id));
    } catch (caught) {
      setError(errorMessage(caught));
      setPending(false);
    }
  };

  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-labelledby={`${inputId}-heading`}>
      <h2 id={`${inputId}-heading`}>New working group</h2>
      <div className="inline-form__row">
        <label htmlFor={inputId} className="visually-hidden">
          Name of the new working group
        </label>
        <input
          id={inputId}
          type="text"
          placeholder="Name of the new working group"
          value={name}
          maxLength={200}
          onChange={(event) => setName(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? "Creating…" : "Create group"}
        </button>
      </div>
      {error && (
        <p id={errorId} className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
