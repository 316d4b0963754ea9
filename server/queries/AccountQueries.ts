import type { MentionEntry } from "../../shared/discussion.ts";
import { Actions, can } from "../../shared/permissions.ts";
import type { DelegationInfo, InvitationPreview, PasswordResetPreview, User, UserSummary } from "../../shared/types.ts";
import { CommandError } from "../commands/CommandError.ts";
import type { Invitation } from "../storage/InvitationStore.ts";
import type { AuthenticatedSession } from "../storage/SessionStore.ts";
import type { Stores } from "../storage/UnitOfWork.ts";

/** Sessions and invitation links: what someone may read before or while signing in. */
export class AccountQueries {
  constructor(private readonly stores: Stores) {}

  /** The live session for a token, or null. */
  authenticate(token: string): AuthenticatedSession | null {
    return this.stores.sessions.authenticate(token);
  }

  /** The usable invitation for a link token, or null. */
  invitation(token: string): Invitation | null {
    return this.stores.invitations.findUsable(token);
  }

  /** Whether the invitation's email already has an account (it is then accepted signed in). */
  accountFor(invitation: Invitation): string | null {
    return this.stores.users.findByEmail(invitation.email)?.user.id ?? null;
  }

  /** What the invitee sees before accepting; null if the link cannot be used. */
  invitationPreview(token: string): InvitationPreview | null {
    const invitation = this.stores.invitations.findUsable(token);
    const group = invitation ? this.stores.groups.get(invitation.groupId) : null;
    if (!invitation || !group) return null;
    const account = this.stores.users.findByEmail(invitation.email);
    const code = invitation.delegation ?? account?.user.delegation ?? null;
    return {
      groupName: group.name,
      email: invitation.email,
      role: invitation.role,
      delegation: code ? this.stores.delegations.get(code) : null,
      expiresAt: invitation.expiresAt,
      accountExists: account !== null,
    };
  }

  /** Every account, for the site admin only. */
  users(user: User): UserSummary[] {
    if (!can({ userId: user.id, isAdmin: user.isAdmin, role: null }, Actions.administer)) {
      throw CommandError.forbidden("Only the site administrator lists every account.");
    }
    return this.stores.users.list();
  }

  /** The delegations people may belong to: everyone signed in reads them. */
  delegations(): DelegationInfo[] {
    return this.stores.delegations.list();
  }

  /** Who a usable reset link is for; null if the link cannot be used. */
  passwordReset(token: string): PasswordResetPreview | null {
    const reset = this.stores.passwordResets.findUsable(token);
    const user = reset ? this.stores.users.findById(reset.userId) : null;
    if (!reset || !user) return null;
    return { email: user.email, name: user.name, expiresAt: reset.expiresAt };
  }

  /** The comments that mention the user, in the drafts they may still read. */
  mentions(user: User): MentionEntry[] {
    return this.stores.discussions.mentionsFor(user.id, user.isAdmin);
  }
}
