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
  async authenticate(token: string): Promise<AuthenticatedSession | null> {
    return await this.stores.sessions.authenticate(token);
  }

  /** The usable invitation for a link token, or null. */
  async invitation(token: string): Promise<Invitation | null> {
    return await this.stores.invitations.findUsable(token);
  }

  /** Whether the invitation's email already has an account (it is then accepted signed in). */
  async accountFor(invitation: Invitation): Promise<string | null> {
    return (await this.stores.users.findByEmail(invitation.email))?.user.id ?? null;
  }

  /** What the invitee sees before accepting; null if the link cannot be used. */
  async invitationPreview(token: string): Promise<InvitationPreview | null> {
    const invitation = await this.stores.invitations.findUsable(token);
    const group = invitation ? await this.stores.groups.get(invitation.groupId) : null;
    if (!invitation || !group) return null;
    const account = await this.stores.users.findByEmail(invitation.email);
    const code = invitation.delegation ?? account?.user.delegation ?? null;
    return {
      groupName: group.name,
      email: invitation.email,
      role: invitation.role,
      delegation: code ? await this.stores.delegations.get(code) : null,
      expiresAt: invitation.expiresAt,
      accountExists: account !== null,
    };
  }

  /** Every account, for the site admin only. */
  async users(user: User): Promise<UserSummary[]> {
    if (!can({ userId: user.id, isAdmin: user.isAdmin, role: null }, Actions.administer)) {
      throw CommandError.forbidden("Only the site administrator lists every account.");
    }
    return await this.stores.users.list();
  }

  /** The delegations people may belong to: everyone signed in reads them. */
  async delegations(): Promise<DelegationInfo[]> {
    return await this.stores.delegations.list();
  }

  /** Who a usable reset link is for; null if the link cannot be used. */
  async passwordReset(token: string): Promise<PasswordResetPreview | null> {
    const reset = await this.stores.passwordResets.findUsable(token);
    const user = reset ? await this.stores.users.findById(reset.userId) : null;
    if (!reset || !user) return null;
    return { email: user.email, name: user.name, expiresAt: reset.expiresAt };
  }

  /** The comments that mention the user, in the drafts they may still read. */
  async mentions(user: User): Promise<MentionEntry[]> {
    return await this.stores.discussions.mentionsFor(user.id, user.isAdmin);
  }
}
