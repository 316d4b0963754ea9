import { Actions, can } from "../../shared/permissions.ts";
import { ROLE_LABELS } from "../../shared/roles.ts";
import { CreateGroupRequest, describeIssues } from "../../shared/schemas.ts";
import { api } from "../api/apiClient.ts";
import { useApiResource } from "../api/useApiResource.ts";
import { AppHeader } from "../components/AppHeader.tsx";
import { CreateByNameForm } from "../components/CreateByNameForm.tsx";
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
  return (
    <CreateByNameForm
      heading="New working group"
      headingLevel={2}
      label="Name of the new working group"
      submitLabel="Create group"
      create={async (name) => {
        const parsed = CreateGroupRequest.safeParse({ name });
        if (!parsed.success) return `The ${describeIssues(parsed.error)}.`;
        const { id } = await api.createGroup(parsed.data);
        navigate(paths.group(id));
        return undefined;
      }}
    />
  );
}
