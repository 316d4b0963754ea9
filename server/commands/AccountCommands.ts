import { Actions, can } from "../../shared/permissions.ts";
import type { User } from "../../shared/types.ts";
import { hashPassword } from "../auth/passwords.ts";
import { Events } from "../events/changeEvents.ts";
import type { PasswordReset } from "../storage/PasswordResetStore.ts";
import { ensure } from "./access.ts";
import { auditBy } from "./audit.ts";
import type { CommandContext, Committed } from "./CommandContext.ts";
import { CommandError } from "./CommandError.ts";

export const UNUSABLE_RESET =
  "This password reset link is invalid, expired or already used. Ask the site administrator for a new one.";

const isAdmin = (user: User) => can({ userId: user.id, isAdmin: user.isAdmin, role: null }, Actions.administer);

/**
 * Accounts as the site admin manages them: a person's name and delegation
 * (never chosen by the person), and password reset links for someone who
 * forgot theirs.
 */
export class AccountCommands {
  constructor(
    private readonly ctx: CommandContext,
    private readonly resetTtlMs: number,
  ) {}

  async update(user: User, userId: string, patch: { name?: string; delegation?: string }): Promise<Committed<User>> {
    return await this.ctx.commit(async (stores) => {
      ensure(isAdmin(user), "Only the site administrator changes a person's name or delegation.");
      const target = await stores.users.findById(userId);
      if (!target) throw CommandError.notFound("User");
      if (patch.delegation !== undefined && !(await stores.delegations.get(patch.delegation))) {
        throw CommandError.invalid(`delegation ${patch.delegation} is not known; add it first.`);
      }
      const delegation = patch.delegation ?? target.delegation;
      const name = patch.name ?? target.name;
      if (await stores.users.nameTaken(delegation, name, target.id)) {
        throw CommandError.conflict(`Someone in ${delegation} already goes by “${name}”.`);
      }
      await stores.users.update(target.id, patch);
      await stores.audit.append(
        auditBy(user, null, "user.update", target.id, {
          ...(patch.name !== undefined && { name: patch.name, previousName: target.name }),
          ...(patch.delegation !== undefined && {
            delegation: patch.delegation,
            previousDelegation: target.delegation,
          }),
        }),
      );
      return { value: { ...target, name, delegation }, events: [Events.accountChanged({ userId: target.id })] };
    });
  }

  /** A single-use reset link for `userId`; older unused links of theirs stop working. */
  async createPasswordReset(user: User, userId: string): Promise<Committed<{ reset: PasswordReset; token: string }>> {
    return await this.ctx.commit(async (stores) => {
      ensure(isAdmin(user), "Only the site administrator creates password reset links.");
      if (!(await stores.users.findById(userId))) throw CommandError.notFound("User");
      const created = await stores.passwordResets.create({ userId, createdBy: user.id, ttlMs: this.resetTtlMs });
      await stores.audit.append(
        auditBy(user, null, "password.reset.create", userId, { expiresAt: created.reset.expiresAt }),
      );
      return { value: created, events: [] };
    });
  }

  /** Sets a new password with a reset link, once; every session of the account ends. */
  async resetPassword(token: string, newPassword: string): Promise<Committed<null>> {
    if (!(await this.ctx.stores.passwordResets.findUsable(token))) throw new CommandError("notFound", UNUSABLE_RESET);
    const passwordHash = await hashPassword(newPassword);
    return this.ctx.commit(async (stores) => {
      // Looked up again: the link may have been used or replaced while the password was hashed.
      const reset = await stores.passwordResets.findUsable(token);
      if (!reset || !(await stores.passwordResets.markUsed(reset.id)))
        throw new CommandError("notFound", UNUSABLE_RESET);
      const user = await stores.users.findById(reset.userId);
      if (!user) throw new CommandError("notFound", UNUSABLE_RESET);
      await stores.users.setPasswordHash(user.id, passwordHash);
      const revoked = await stores.sessions.revokeAllForUser(user.id, null);
      await stores.audit.append({
        actorId: user.id,
        actorDelegation: user.delegation,
        groupId: null,
        action: "password.reset",
        target: user.id,
        details: { sessionsRevoked: revoked.length },
      });
      return { value: null, events: revoked.map((sessionId) => Events.sessionRevoked({ sessionId, userId: user.id })) };
    });
  }
}
