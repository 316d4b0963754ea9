import { Actions, can, effectiveRole } from "../../shared/permissions.ts";
import type { AuditQuery } from "../../shared/schemas.ts";
import type { AuditRecord, GroupDetail, GroupSummary, User } from "../../shared/types.ts";
import { actorInGroup, ensure } from "../commands/access.ts";
import type { Stores } from "../storage/UnitOfWork.ts";

/** What a user may read about working groups: the list, one group, its audit log. */
export class GroupQueries {
  constructor(private readonly stores: Stores) {}

  listFor(user: User): GroupSummary[] {
    return this.stores.groups.listForUser(user.id, user.isAdmin);
  }

  detail(user: User, groupId: string): GroupDetail {
    const actor = actorInGroup(this.stores, user, groupId);
    const group = this.stores.groups.get(groupId);
    const role = effectiveRole(actor);
    // actorInGroup refused anyone without a role here already.
    if (!group || role === null) throw new Error("group visible without a role");
    return {
      id: group.id,
      name: group.name,
      role,
      members: this.stores.groups.members(groupId),
      drafts: this.stores.drafts.listForGroup(groupId),
    };
  }

  auditOf(user: User, groupId: string, query: AuditQuery): AuditRecord[] {
    const actor = actorInGroup(this.stores, user, groupId);
    ensure(can(actor, Actions.viewAudit), "Only the group's leads can read its audit log.");
    return this.stores.audit.list({ groupId, ...auditFilter(query) });
  }

  /** Every group's audit log: the secretariat's view. */
  siteAudit(user: User, query: AuditQuery): AuditRecord[] {
    ensure(user.isAdmin, "Only the site administrator reads the whole audit log.");
    return this.stores.audit.list({ groupId: null, ...auditFilter(query) });
  }
}

function auditFilter(query: AuditQuery) {
  return {
    limit: query.limit,
    ...(query.action && { action: query.action }),
    ...(query.actor && { actorId: query.actor }),
    ...(query.target && { target: query.target }),
    ...(query.before && { before: query.before }),
  };
}
