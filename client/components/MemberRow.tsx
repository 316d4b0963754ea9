import { useId, useState } from "react";
import { type Actor, canAssignRole } from "../../shared/permissions.ts";
import { ROLE_LABELS, ROLE_VALUES, type Role } from "../../shared/roles.ts";
import type { GroupMember } from "../../shared/types.ts";
import { DelegationChip } from "./DelegationChip.tsx";
import { MemberChangeConfirm } from "./MemberChangeConfirm.tsx";

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
 * (only the roles they may give) and Remove, each confirmed after seeing what
 * it will do.
 */
export function MemberRow({ groupId, member, actor, manages, isSelf, onChanged }: MemberRowProps) {
  // undefined: nothing proposed; null: removal; a role: that role change.
  const [proposed, setProposed] = useState<Role | null | undefined>(undefined);
  const selectId = useId();
  // Leads manage members and observers; only the admin appoints or removes leads.
  const mayChange = manages && canAssignRole(actor, member.role);
  const who = `${member.name} (${member.delegation})`;
  const columns = manages ? 4 : 3;

  return (
    <>
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
              {/* The select shows the current role until the change is confirmed. */}
              <select
                id={selectId}
                value={typeof proposed === "string" ? proposed : member.role}
                onChange={(event) => {
                  const role = ROLE_VALUES.find((value) => value === event.target.value);
                  if (role) setProposed(role === member.role ? undefined : role);
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
        </td>
        {manages && (
          <td className="members-table__actions">
            {mayChange && (
              <button
                type="button"
                className="button button--small button--quiet"
                aria-label={`Remove ${who} from the group`}
                disabled={proposed === null}
                onClick={() => setProposed(null)}
              >
                Remove…
              </button>
            )}
          </td>
        )}
      </tr>
      {proposed !== undefined && (
        <tr className="members-table__confirm">
          <td colSpan={columns}>
            <MemberChangeConfirm
              groupId={groupId}
              member={member}
              to={proposed}
              isSelf={isSelf}
              onCancel={() => setProposed(undefined)}
              onDone={() => {
                setProposed(undefined);
                onChanged();
              }}
            />
          </td>
        </tr>
      )}
    </>
  );
}
