import { invitationValid } from "../../shared/membershipChange.ts";
import { Actions, can } from "../../shared/permissions.ts";
import type { Role } from "../../shared/roles.ts";
import type { InvitationSummary, MemberChangePreview, User } from "../../shared/types.ts";
import { actorInGroup, ensure } from "../commands/access.ts";
import { memberChange } from "../commands/MembershipCommands.ts";
import type { Stores } from "../storage/UnitOfWork.ts";

/** What a group's leads see before and around membership changes. */
export class MembershipQueries {
  constructor(private readonly stores: Stores) {}

  /** What moving a member to `to` (null: removal) would do, exactly as the change itself would plan it. */
  async preview(
    user: User,
    input: { groupId: string; memberId: string; to: Role | null },
  ): Promise<MemberChangePreview> {
    const { groupId, memberId, to } = input;
    const actor = await actorInGroup(this.stores, user, groupId);
    ensure(can(actor, Actions.manageMembers), "Only the group's leads can change roles.");
    const { from, member, plan } = await memberChange(this.stores, actor, groupId, memberId, to);
    return {
      userId: member.id,
      name: member.name,
      delegation: member.delegation,
      from,
      to,
      refusal: plan.ok ? null : plan.message,
      effects: plan.ok ? plan.effects : [],
    };
  }

  async invitations(user: User, groupId: string): Promise<InvitationSummary[]> {
    const actor = await actorInGroup(this.stores, user, groupId);
    ensure(can(actor, Actions.manageMembers), "Only the group's leads can see its invitations.");
    // An invitation whose inviter could no longer make it reads as invalidated,
    // whatever made it so: accepting it would be refused.
    const members = await this.stores.groups.members(groupId);
    const stale = new Set(
      (await this.stores.invitations.pendingForGroup(groupId))
        .filter((invitation) => !invitationValid(invitation, members))
        .map((invitation) => invitation.id),
    );
    return (await this.stores.invitations.listForGroup(groupId)).map((invitation) =>
      stale.has(invitation.id) ? { ...invitation, status: "invalidated" as const } : invitation,
    );
  }
}
