import { ROLE_LABELS } from "../../shared/roles.ts";
import { api } from "../api/apiClient.ts";
import { useApiResource } from "../api/useApiResource.ts";
import { AppHeader } from "../components/AppHeader.tsx";
import { LoadError } from "../components/LoadError.tsx";
import { Link, paths } from "../router.tsx";
import { usePageTitle } from "./usePageTitle.ts";

export function GroupsPage() {
  usePageTitle("My working groups");
  const [groups, reload] = useApiResource(() => api.groups(), []);

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
          </>
        )}
      </main>
    </>
  );
}
