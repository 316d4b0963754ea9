import { useEffect, useId, useRef, useState } from "react";
import { type Actor, canAssignRole } from "../../shared/permissions.ts";
import { ROLE_LABELS, ROLE_VALUES, type Role } from "../../shared/roles.ts";
import type { GroupMember } from "../../shared/types.ts";
import { api, errorMessage } from "../api/apiClient.ts";
import { DelegationChip } from "./DelegationChip.tsx";
import { FormError } from "./FormError.tsx";

interface MemberRowProps {
  groupId: string;
  member: GroupMember;
  actor: Actor;
  /** Whether the viewer manages members (leads, admin). */
  manages: boolean;
  isSelf: boolean;
  onChanged(): void;
}

/**
 * One member: name, delegation, role; for leads and the admin, a role select
 * (only the roles they may give) and Remove with a confirmation.
 */
export function MemberRow({ groupId, member, actor, manages, isSelf, onChanged }: MemberRowProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const selectId = useId();
  const errorId = useId();
  // Leads manage members and observers; only the admin appoints or removes leads.
  const mayChange = manages && canAssignRole(actor, member.role);
  const who = `${member.name} (${member.delegation})`;

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const changeRole = async (role: Role) => {
    setPending(true);
    setError(null);
    try {
      await api.changeRole(groupId, member.userId, role);
      onChanged();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  };

  const remove = async () => {
    setPending(true);
    setError(null);
    try {
      await api.removeMember(groupId, member.userId);
      onChanged();
    } catch (caught) {
      setError(errorMessage(caught));
      setPending(false);
      setConfirming(false);
    }
  };

  return (
    <tr>
      <td>
        {member.name}
        {isSelf && <span className="muted"> (you)</span>}
      </td>
      <td>
        <DelegationChip delegation={member.delegation} />
      </td>
      <td>
        {mayChange ? (
          <>
            <label htmlFor={selectId} className="visually-hidden">
              {`Role of ${who}`}
            </label>
            <select
              id={selectId}
              value={member.role}
              disabled={pending}
              aria-describedby={error ? errorId : undefined}
              onChange={(event) => {
                const role = ROLE_VALUES.find((value) => value === event.target.value);
                if (role && role !== member.role) void changeRole(role);
              }}
            >
              {ROLE_VALUES.filter((role) => role === member.role || canAssignRole(actor, role)).map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </select>
          </>
        ) : (
          ROLE_LABELS[member.role]
        )}
        <FormError error={error} id={errorId} />
      </td>
      {manages && (
        <td className="members-table__actions">
          {mayChange &&
            (confirming ? (
              // biome-ignore lint/a11y/useSemanticElements: a group of buttons, not a form field set.
              <span
                className="confirm"
                role="group"
                aria-label={`Confirm removal of ${who}`}
                onKeyDown={(event) => {
                  if (event.key === "Escape") setConfirming(false);
                }}
              >
                <span className="confirm__question">
                  {isSelf
                    ? "Remove yourself from this group?"
                    : `Remove ${member.name}? Their open drafts close at once.`}
                </span>
                <button
                  ref={confirmButton}
                  type="button"
                  className="button button--small button--danger"
                  disabled={pending}
                  onClick={() => void remove()}
                >
                  {pending ? "Removing…" : "Remove"}
                </button>
                <button
                  type="button"
                  className="button button--small button--quiet"
                  disabled={pending}
                  onClick={() => setConfirming(false)}
                >
                  Cancel
                </button>
              </span>
            ) : (
              <button
                type="button"
                className="button button--small button--quiet"
                aria-label={`Remove ${who} from the group`}
                disabled={pending}
                onClick={() => setConfirming(true)}
              >
                Remove…
              </button>
            ))}
        </td>
      )}
    </tr>
  );
}
