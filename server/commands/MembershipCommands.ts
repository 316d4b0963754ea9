import type { MembershipEffect } from "../../shared/membershipChange.ts";
import { Actions, type Actor, can, canChangeRole } from "../../shared/permissions.ts";
import type { Role } from "../../shared/roles.ts";
import type { CreatedResponse, User } from "../../shared/types.ts";
import { type ChangeEvent, Events } from "../events/changeEvents.ts";
import type { Stores } from "../storage/UnitOfWork.ts";
import { actorInGroup, ensure } from "./access.ts";
import { auditBy } from "./audit.ts";
import type { CommandContext, Committed } from "./CommandContext.ts";
import { CommandError } from "./CommandError.ts";
import { applyMemberChange, planMemberChange } from "./memberChange.ts";

/** Working groups and who belongs to them, with which role. */
export class MembershipCommands {
  constructor(private readonly ctx: CommandContext) {}

  async createGroup(user: User, input: { name: string }): Promise<Committed<CreatedResponse>> {
    return await this.ctx.commit(async (stores) => {
      ensure(
        can({ userId: user.id, isAdmin: user.isAdmin, role: null }, Actions.administer),
        "Only the site administrator creates working groups.",
      );
      const group = await stores.groups.create(input.name);
      await stores.audit.append(auditBy(user, group.id, "group.create", group.id, { name: input.name }));
      return { value: { id: group.id }, events: [] };
    });
  }

  /**
   * Gives a member another role, with every effect the plan names (an
   * observer loses their pens; invitations the member can no longer back are
   * invalidated), in one transaction with its audit entry.
   */
  async changeRole(
    user: User,
    input: { groupId: string; memberId: string; role: Role },
  ): Promise<Committed<{ userId: string; role: Role; effects: MembershipEffect[] }>> {
    const { groupId, memberId, role } = input;
    return await this.ctx.commit(async (stores) => {
      const actor = await actorInGroup(stores, user, groupId);
      ensure(can(actor, Actions.manageMembers), "Only the group's leads can change roles.");
      const { from, subject, plan } = await memberChange(stores, actor, groupId, memberId, role);
      if (!plan.ok) throw CommandError.conflict(plan.message);
      if (from === role) return { value: { userId: memberId, role, effects: [] }, events: [] };
      const { touchedDrafts } = await applyMemberChange(stores, {
        by: user,
        groupId,
        subject,
        from,
        to: role,
        effects: plan.effects,
        action: "member.role",
      });
      return {
        value: { userId: memberId, role, effects: plan.effects },
        events: [...draftsChanged(touchedDrafts), Events.memberRoleChanged({ groupId, userId: memberId })],
      };
    });
  }

  /** Removes someone from the group; their pens go, and their open documents of the group close. */
  async removeMember(user: User, input: { groupId: string; memberId: string }): Promise<Committed<null>> {
    const { groupId, memberId } = input;
    return await this.ctx.commit(async (stores) => {
      const actor = await actorInGroup(stores, user, groupId);
      ensure(can(actor, Actions.manageMembers), "Only the group's leads can remove members.");
      const { from, subject, plan } = await memberChange(stores, actor, groupId, memberId, null);
      if (!plan.ok) throw CommandError.conflict(plan.message);
      const { touchedDrafts } = await applyMemberChange(stores, {
        by: user,
        groupId,
        subject,
        from,
        to: null,
        effects: plan.effects,
        action: "member.remove",
      });
      return {
        value: null,
        events: [...draftsChanged(touchedDrafts), Events.memberRemoved({ groupId, userId: memberId })],
      };
    });
  }
}

/**
 * The member, their current role, and the plan for moving them to `to`
 * (null: removal), refused if the actor may not make that move.
 */
export async function memberChange(stores: Stores, actor: Actor, groupId: string, memberId: string, to: Role | null) {
  const from = await stores.groups.roleOf(groupId, memberId);
  const member = await stores.users.findById(memberId);
  if (from === null || !member) throw CommandError.notFound("Member");
  ensure(
    canChangeRole(actor, from, to),
    to === null
      ? "Only the site administrator removes leads."
      : "Only the site administrator appoints or removes leads.",
  );
  const subject = { userId: member.id, email: member.email, delegation: member.delegation };
  return { from, member, subject, plan: await planMemberChange(stores, groupId, subject, from, to) };
}

function draftsChanged(draftIds: readonly string[]): ChangeEvent[] {
  return draftIds.map((draftId) => Events.draftChanged({ draftId }));
}
