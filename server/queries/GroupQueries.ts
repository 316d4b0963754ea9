import { Actions, can, effectiveRole } from "../../shared/permissions.ts";
import type { AuditQuery } from "../../shared/schemas.ts";
import type { AuditRecord, GroupDetail, GroupSummary, User } from "../../shared/types.ts";
import { actorInGroup, ensure } from "../commands/access.ts";
import type { Stores } from "../storage/UnitOfWork.ts";

/** What a user may read about working groups: the list, one group, its audit log. */
export class GroupQueries {
  constructor(private readonly stores: Stores) {}

  async listFor(user: User): Promise<GroupSummary[]> {
    return await this.stores.groups.listForUser(user.id, user.isAdmin);
  }

  async detail(user: User, groupId: string): Promise<GroupDetail> {
    const actor = await actorInGroup(this.stores, user, groupId);
    const group = await this.stores.groups.get(groupId);
    const role = effectiveRole(actor);
    // actorInGroup refused anyone without a role here already.
    if (!group || role === null) throw new Error("group visible without a role");
    return {
      id: group.id,
      name: group.name,
      role,
      members: await this.stores.groups.members(groupId),
      drafts: await this.stores.drafts.listForGroup(groupId),
    };
  }

  async auditOf(user: User, groupId: string, query: AuditQuery): Promise<AuditRecord[]> {
    const actor = await actorInGroup(this.stores, user, groupId);
    ensure(can(actor, Actions.viewAudit), "Only the group's leads can read its audit log.");
    return await this.stores.audit.list({ groupId, ...auditFilter(query) });
  }

  /** Every group's audit log: the secretariat's view. */
  async siteAudit(user: User, query: AuditQuery): Promise<AuditRecord[]> {
    ensure(user.isAdmin, "Only the site administrator reads the whole audit log.");
    return await this.stores.audit.list({ groupId: null, ...auditFilter(query) });
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
