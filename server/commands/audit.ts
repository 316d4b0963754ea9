import type { User } from "../../shared/types.ts";
import type { AuditEntry } from "../storage/AuditLog.ts";

/** An audit entry attributed to the acting user and their delegation. */
export function auditBy(
  user: User,
  groupId: string | null,
  action: string,
  target: string | null,
  details: Record<string, unknown>,
): AuditEntry {
  return {
    actorId: user.id,
    actorDelegation: user.delegation,
    groupId,
    action,
    ...(target !== null && { target }),
    details,
  };
}
