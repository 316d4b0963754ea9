import { useState } from "react";
import { ROLE_LABELS } from "../../shared/roles.ts";
import type { InvitationStatus, InvitationSummary } from "../../shared/types.ts";
import { api, errorMessage } from "../api/apiClient.ts";
import { useApiResource } from "../api/useApiResource.ts";
import { formatDateTime } from "../format.ts";
import { FormError } from "./FormError.tsx";

const STATUS_LABELS: Record<InvitationStatus, string> = {
  pending: "Pending",
  used: "Accepted",
  revoked: "Revoked",
  expired: "Expired",
  invalidated: "No longer valid",
};

/** The group's invitations with their state; a pending one can be revoked, and its link stops working. */
export function InvitationList({ groupId, version }: { groupId: string; version: number }) {
  const [list, reload] = useApiResource(() => api.invitations(groupId), [groupId, version]);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);

  const revoke = async (invitation: InvitationSummary) => {
    setPending(invitation.id);
    setError(null);
    try {
      await api.revokeInvitation(invitation.id);
      reload();
    } catch (caught) {
      setError(`Could not revoke the invitation for ${invitation.email}: ${errorMessage(caught)}`);
    } finally {
      setPending(null);
    }
  };

  if (list.status !== "ready") return null;
  return (
    <section aria-labelledby="invitations-heading" className="invitations">
      <h3 id="invitations-heading">Invitations</h3>
      {list.data.length === 0 ? (
        <p className="muted">No invitations yet.</p>
      ) : (
        <table className="members-table" data-testid="invitations">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Delegation</th>
              <th scope="col">Role</th>
              <th scope="col">Invited by</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((invitation) => (
              <tr key={invitation.id} data-invitation-id={invitation.id}>
                <td>{invitation.email}</td>
                <td>{invitation.delegation ?? "—"}</td>
                <td>{ROLE_LABELS[invitation.role]}</td>
                <td>{`${invitation.invitedBy.name} (${invitation.invitedBy.delegation})`}</td>
                <td>
                  {STATUS_LABELS[invitation.status]}
                  {invitation.status === "pending" && (
                    <span className="muted">{` until ${formatDateTime(invitation.expiresAt)}`}</span>
                  )}
                </td>
                <td>
                  {invitation.status === "pending" && (
                    <button
                      type="button"
                      className="button button--small button--quiet"
                      aria-label={`Revoke the invitation for ${invitation.email}`}
                      disabled={pending === invitation.id}
                      onClick={() => void revoke(invitation)}
                    >
                      {pending === invitation.id ? "Revoking…" : "Revoke"}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FormError error={error} />
    </section>
  );
}
