import { invitationValid } from "../../shared/membershipChange.ts";
import { Actions, type Actor, can, canAssignRole, canChangeRole, canInviteFor } from "../../shared/permissions.ts";
import type { Role } from "../../shared/roles.ts";
import type { DelegationInfo, User } from "../../shared/types.ts";
import { type ChangeEvent, Events } from "../events/changeEvents.ts";
import type { Invitation } from "../storage/InvitationStore.ts";
import type { Stores } from "../storage/UnitOfWork.ts";
import { actorIn, actorInGroup, ensure } from "./access.ts";
import { auditBy } from "./audit.ts";
import type { CommandContext, Committed } from "./CommandContext.ts";
import { CommandError } from "./CommandError.ts";
import { applyMemberChange, planMemberChange } from "./memberChange.ts";

export const UNUSABLE_INVITATION =
  "This invitation link is invalid, expired, revoked or already used. Ask the person who invited you for a new one.";

const unusable = () => new CommandError("notFound", UNUSABLE_INVITATION);

/** Inviting people into a group by a single-use link, revoking it, and accepting it. */
export class InvitationCommands {
  constructor(
    private readonly ctx: CommandContext,
    private readonly ttlMs: number,
  ) {}

  async invite(
    user: User,
    input: { groupId: string; email: string; role: Role; delegation?: string | undefined },
  ): Promise<Committed<{ invitation: Invitation; token: string }>> {
    const { groupId, email, role } = input;
    return await this.ctx.commit(async (stores) => {
      const actor = await actorInGroup(stores, user, groupId);
      ensure(can(actor, Actions.manageMembers), "Only the group's leads can invite people.");
      ensure(canAssignRole(actor, role), "Only the site administrator appoints leads.");
      const existing = await stores.users.findByEmail(email);
      if (existing && (await stores.groups.roleOf(groupId, existing.user.id)) !== null) {
        throw CommandError.conflict(`${email} is already a member of this group; change their role instead.`);
      }
      const delegation = await invitedDelegation(stores, existing?.user ?? null, input.delegation);
      const inGroup = (await stores.groups.members(groupId)).map((member) => member.delegation);
      ensure(
        canInviteFor(actor, role, delegation, inGroup),
        delegation.kind === "secretariat"
          ? `Only the site administrator invites people of the secretariat (${delegation.code}).`
          : `Leads invite only for delegations already in the group, and ${delegation.code} is not; ask the site administrator to invite a new delegation.`,
      );
      const created = await stores.invitations.create({
        groupId,
        email,
        role,
        delegation: delegation.code,
        invitedBy: user.id,
        ttlMs: this.ttlMs,
      });
      await stores.audit.append(
        auditBy(user, groupId, "member.invite", created.invitation.id, { email, role, delegation: delegation.code }),
      );
      return { value: created, events: [] };
    });
  }

  /** Withdraws a pending invitation: its inviter, the group's leads or the site admin. */
  async revoke(user: User, input: { invitationId: string }): Promise<Committed<null>> {
    const { invitationId } = input;
    return await this.ctx.commit(async (stores) => {
      const invitation = await stores.invitations.get(invitationId);
      if (!invitation) throw CommandError.notFound("Invitation");
      const actor = await actorIn(stores, user, invitation.groupId);
      if (!can(actor, Actions.viewGroup)) throw CommandError.notFound("Invitation");
      ensure(
        invitation.invitedBy === user.id || can(actor, Actions.manageMembers),
        "Only the person who sent an invitation, the group's leads or the site administrator can revoke it.",
      );
      if (!(await stores.invitations.revoke(invitationId, user.id))) {
        throw CommandError.conflict(`This invitation is already ${invitation.status}; there is nothing to revoke.`);
      }
      await stores.audit.append(
        auditBy(user, invitation.groupId, "invitation.revoke", invitationId, {
          email: invitation.email,
          role: invitation.role,
        }),
      );
      return { value: null, events: [] };
    });
  }

  /** The invitation's own account, signed in, accepts it. */
  async acceptAsMember(user: User, token: string): Promise<Committed<{ groupId: string }>> {
    return await this.ctx.commit(async (stores) => {
      const invitation = await stores.invitations.findUsable(token);
      if (!invitation) throw unusable();
      const events = await join(stores, invitation, user, token);
      return { value: { groupId: invitation.groupId }, events };
    });
  }

  /** Someone without an account accepts: the account, the membership and the audit entry are one change. */
  async acceptAsNewcomer(token: string, account: { name: string; passwordHash: string }): Promise<Committed<User>> {
    return await this.ctx.commit(async (stores) => {
      // Checked here, in the transaction: another accept of this link may have
      // completed while the password was being hashed.
      const invitation = await stores.invitations.findUsable(token);
      if (!invitation || (await stores.users.findByEmail(invitation.email))) throw unusable();
      const delegation = invitation.delegation;
      if (delegation === null || !(await stores.delegations.get(delegation))) {
        throw CommandError.conflict(
          "This invitation names no delegation. Ask the person who invited you for a new one.",
        );
      }
      if (await stores.users.nameTaken(delegation, account.name)) {
        throw CommandError.conflict(
          `Someone in ${delegation} already goes by “${account.name}”. Add a detail that tells you apart, such as your title or unit.`,
        );
      }
      const user = await stores.users.create({
        email: invitation.email,
        name: account.name,
        delegation,
        passwordHash: account.passwordHash,
      });
      const events = await join(stores, invitation, user, token);
      return { value: user, events };
    });
  }
}

/** The delegation an invitation is for: the account's own, or the one the inviter names for a new account. */
async function invitedDelegation(
  stores: Stores,
  account: User | null,
  named: string | undefined,
): Promise<DelegationInfo> {
  if (account) {
    if (named !== undefined && named !== account.delegation) {
      throw CommandError.conflict(
        `${account.email} already has an account, in delegation ${account.delegation}; only the site administrator changes a delegation.`,
      );
    }
    const own = await stores.delegations.get(account.delegation);
    if (!own) throw CommandError.invalid(`delegation ${account.delegation} is not known.`);
    return own;
  }
  if (named === undefined) {
    throw CommandError.invalid("Invalid request: delegation is required for someone who has no account yet.");
  }
  const found = await stores.delegations.get(named);
  if (!found) throw CommandError.invalid(`delegation ${named} is not known; pick one from the list.`);
  return found;
}

/**
 * Accepting is a membership change made on the inviter's authority: the
 * inviter must still be able to make the invitation, and it goes through the
 * same plan as a role change (never the group's last lead, no pen for an
 * observer), in the same transaction as marking the link used.
 */
async function join(stores: Stores, invitation: Invitation, user: User, token: string): Promise<ChangeEvent[]> {
  if (!(await stores.invitations.findUsable(token))) throw unusable();
  const inviter = await stores.users.findById(invitation.invitedBy);
  const pending = (await stores.invitations.pendingForGroup(invitation.groupId)).find((p) => p.id === invitation.id);
  const members = await stores.groups.members(invitation.groupId);
  if (!inviter || !pending || !invitationValid(pending, members)) {
    throw CommandError.conflict(
      "The person who invited you can no longer make this invitation. Ask a lead of the group for a new one.",
    );
  }
  if (invitation.delegation !== null && invitation.delegation !== user.delegation) {
    throw CommandError.conflict(
      `This invitation is for delegation ${invitation.delegation}, and your account belongs to ${user.delegation}.`,
    );
  }
  const { groupId } = invitation;
  const from = await stores.groups.roleOf(groupId, user.id);
  const inviterActor: Actor = await actorIn(stores, inviter, groupId);
  if (from !== null && !canChangeRole(inviterActor, from, invitation.role)) {
    throw CommandError.conflict("The person who invited you cannot change your current role in this group.");
  }
  const subject = { userId: user.id, email: user.email, delegation: user.delegation };
  const plan = await planMemberChange(stores, groupId, subject, from, invitation.role);
  if (!plan.ok) throw CommandError.conflict(`${plan.message} Your role was not changed.`);
  if (!(await stores.invitations.markUsed(invitation.id, user.id))) throw unusable();
  const { touchedDrafts } = await applyMemberChange(stores, {
    by: user,
    groupId,
    subject,
    from,
    to: invitation.role,
    effects: plan.effects,
    action: from === null ? "member.join" : "member.role",
    details: { role: invitation.role, invitationId: invitation.id, invitedBy: invitation.invitedBy },
  });
  return [
    ...touchedDrafts.map((draftId) => Events.draftChanged({ draftId })),
    from === null
      ? Events.memberJoined({ groupId, userId: user.id })
      : Events.memberRoleChanged({ groupId, userId: user.id }),
  ];
}
