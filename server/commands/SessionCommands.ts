import type { SessionResponse, User } from "../../shared/types.ts";
import type { LoginRateLimiter } from "../auth/LoginRateLimiter.ts";
import { hashPassword, verifyDecoy, verifyPassword } from "../auth/passwords.ts";
import { Events } from "../events/changeEvents.ts";
import type { Session } from "../storage/SessionStore.ts";
import type { CommandContext, Committed } from "./CommandContext.ts";
import { CommandError } from "./CommandError.ts";

/** Too many failed sign-ins from this address or for this email: try again after `retryAfterMs`. */
export class SignInThrottled extends Error {
  constructor(readonly retryAfterMs: number) {
    super("Too many failed sign-ins.");
  }
}

/** Signing in and out, and changing one's password. */
export class SessionCommands {
  constructor(
    private readonly ctx: CommandContext,
    private readonly loginLimiter: LoginRateLimiter,
  ) {}

  /**
   * Checks the password (with the same work whether or not the account
   * exists) and opens a session. Throws `SignInThrottled` while the limiter
   * holds this email or address back.
   */
  async signIn(input: { email: string; password: string; address: string }): Promise<Committed<SessionResponse>> {
    const { email, password, address } = input;
    const waitMs = this.loginLimiter.retryAfterMs(email, address);
    if (waitMs > 0) throw new SignInThrottled(waitMs);
    const found = await this.ctx.stores.users.findByEmail(email);
    let valid = false;
    if (found) valid = await verifyPassword(found.passwordHash, password);
    else await verifyDecoy(password);
    if (!found || !valid) {
      this.loginLimiter.recordFailure(email, address);
      throw new CommandError("unauthorized", "Wrong email or password.");
    }
    this.loginLimiter.recordSuccess(email, address);
    return this.openSession(found.user);
  }

  /** A new session for someone whose identity is established (signed in, or just created by an invitation). */
  async openSession(user: User): Promise<Committed<SessionResponse>> {
    return await this.ctx.commit(async (stores) => {
      const { token } = await stores.sessions.create(user.id);
      return { value: { token, user }, events: [] };
    });
  }

  async signOut(session: Session): Promise<Committed<null>> {
    return await this.ctx.commit(async (stores) => {
      await stores.sessions.revoke(session.id);
      return { value: null, events: [Events.sessionRevoked({ sessionId: session.id, userId: session.userId })] };
    });
  }

  /** Sets a new password; every other session of the user ends, so whoever knew the old one loses access now. */
  async changePassword(
    user: User,
    session: Session,
    input: { currentPassword: string; newPassword: string },
  ): Promise<Committed<null>> {
    const found = await this.ctx.stores.users.findByEmail(user.email);
    if (!found || !(await verifyPassword(found.passwordHash, input.currentPassword))) {
      throw CommandError.forbidden("The current password is wrong; the password was not changed.");
    }
    const passwordHash = await hashPassword(input.newPassword);
    return this.ctx.commit(async (stores) => {
      await stores.users.setPasswordHash(user.id, passwordHash);
      const revoked = await stores.sessions.revokeAllForUser(user.id, session.id);
      return {
        value: null,
        events: revoked.map((sessionId) => Events.sessionRevoked({ sessionId, userId: user.id })),
      };
    });
  }
}
