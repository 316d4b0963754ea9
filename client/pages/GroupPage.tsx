import { useState } from "react";
import { Actions, type Actor, can, canAssignRole, canInviteFor } from "../../shared/permissions.ts";
import { ROLE_LABELS, ROLE_VALUES } from "../../shared/roles.ts";
import { CreateDraftRequest, describeIssues } from "../../shared/schemas.ts";
import type { GroupDetail } from "../../shared/types.ts";
import { api } from "../api/apiClient.ts";
import { useApiResource } from "../api/useApiResource.ts";
import { useDelegations } from "../api/useDelegations.ts";
import { AppHeader } from "../components/AppHeader.tsx";
import { CreateByNameForm } from "../components/CreateByNameForm.tsx";
import { InvitationList } from "../components/InvitationList.tsx";
import { InviteForm } from "../components/InviteForm.tsx";
import { LoadError } from "../components/LoadError.tsx";
import { MemberRow } from "../components/MemberRow.tsx";
import { DraftProgressBadge } from "../negotiation/DraftProgressBadge.tsx";
import { Link, navigate, paths } from "../router.tsx";
import { useCurrentUser } from "../session/SessionContext.tsx";
import { ImportDraftForm } from "../versions/ImportDraftForm.tsx";
import { usePageTitle } from "./usePageTitle.ts";

export function GroupPage({ groupId }: { groupId: string }) {
  const [group, reload] = useApiResource(() => api.group(groupId), [groupId]);
  usePageTitle(group.status === "ready" ? group.data.name : "Working group");

  return (
    <>
      <AppHeader crumbs={group.status === "ready" ? [{ label: group.data.name }] : []} />
      <main id="main" className="page">
        {group.status === "loading" && (
          <p className="muted" aria-busy="true">
            Loading…
          </p>
        )}
        {group.status === "error" && <LoadError error={group.error} what="working group" onRetry={reload} />}
        {group.status === "ready" && <GroupView group={group.data} onChanged={reload} />}
      </main>
    </>
  );
}

function GroupView({ group, onChanged }: { group: GroupDetail; onChanged(): void }) {
  const user = useCurrentUser();
  const actor: Actor = { userId: user.id, isAdmin: user.isAdmin, role: group.role };
  const manages = can(actor, Actions.manageMembers);
  const delegations = useDelegations();
  const inGroup = group.members.map((member) => member.delegation);
  // Changing the list of invitations (a new one, a role change that voids some) reloads it.
  const [invited, setInvited] = useState(0);
  const changed = () => {
    setInvited((n) => n + 1);
    onChanged();
  };
  const members = [...group.members].sort(
    (a, b) => ROLE_VALUES.indexOf(a.role) - ROLE_VALUES.indexOf(b.role) || a.delegation.localeCompare(b.delegation),
  );

  return (
    <>
      <div className="page-heading">
        <h1 tabIndex={-1}>{group.name}</h1>
        <span className={`role-badge role-badge--${group.role}`}>{`You: ${ROLE_LABELS[group.role]}`}</span>
        {can(actor, Actions.viewAudit) && (
          <Link href={paths.groupAudit(group.id)} className="page-heading__link">
            Audit log
          </Link>
        )}
      </div>
      <div className="two-columns">
        <section aria-labelledby="drafts-heading">
          <h2 id="drafts-heading">Drafts</h2>
          {group.drafts.length === 0 ? (
            <p className="muted">No drafts yet.</p>
          ) : (
            <ul className="card-list">
              {group.drafts.map((draft) => (
                <li key={draft.id} className="card card--link">
                  <Link href={paths.draft(draft.id)} className="card__title">
                    {draft.title || "Untitled draft"}
                  </Link>
                  <DraftProgressBadge draftId={draft.id} />
                </li>
              ))}
            </ul>
          )}
          {can(actor, Actions.createDraft) && <NewDraftForm groupId={group.id} />}
          {can(actor, Actions.createDraft) && <ImportDraftForm groupId={group.id} />}
        </section>
        <section aria-labelledby="members-heading">
          <h2 id="members-heading">Members</h2>
          {members.length === 0 ? (
            <p className="muted" data-testid="no-members">
              {manages
                ? "Nobody has joined this group yet. Invite its leads, points of contact and observers below."
                : "Nobody has joined this group yet."}
            </p>
          ) : (
            <table className="members-table" data-testid="members">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Delegation</th>
                  <th scope="col">Role</th>
                  {manages && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {members.map((member) => (
                  <MemberRow
                    key={member.userId}
                    groupId={group.id}
                    member={member}
                    actor={actor}
                    manages={manages}
                    isSelf={member.userId === user.id}
                    onChanged={changed}
                  />
                ))}
              </tbody>
            </table>
          )}
          {manages && (
            <>
              <InviteForm
                groupId={group.id}
                roles={ROLE_VALUES.filter((role) => canAssignRole(actor, role))}
                delegationsFor={(role) => delegations.filter((item) => canInviteFor(actor, role, item, inGroup))}
                onInvited={() => setInvited((n) => n + 1)}
              />
              <InvitationList groupId={group.id} version={invited} />
            </>
          )}
        </section>
      </div>
    </>
  );
}

function NewDraftForm({ groupId }: { groupId: string }) {
  return (
    <CreateByNameForm
      heading="New draft"
      headingLevel={3}
      label="Title of the new draft"
      submitLabel="Create draft"
      create={async (title) => {
        const parsed = CreateDraftRequest.safeParse({ title });
        if (!parsed.success) return `The ${describeIssues(parsed.error)}.`;
        const { id } = await api.createDraft(groupId, parsed.data);
        navigate(paths.draft(id));
        return undefined;
      }}
    />
  );
}
