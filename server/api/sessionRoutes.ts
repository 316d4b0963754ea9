import { Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { ChangePasswordRequest, LoginRequest } from "../../shared/schemas.ts";
import type { SessionResponse } from "../../shared/types.ts";
import { hashPassword, verifyDecoy, verifyPassword } from "../auth/passwords.ts";
import { SESSION_COOKIE, sessionCookieOptions } from "../auth/sessionCookie.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { ApiError } from "./ApiError.ts";
import { assertSameOrigin, authenticate } from "./authenticate.ts";
import { readBody } from "./validate.ts";

export function sessionRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const requireSession = authenticate(deps.sessions);

  app.post("/session", async (c) => {
    // A cross-site sign-in form could log a victim into an attacker's account.
    assertSameOrigin(c);
    const body = await readBody(c, LoginRequest);
    const { address } = c.get("client");
    const waitMs = deps.loginLimiter.retryAfterMs(body.email, address);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      c.header("Retry-After", String(seconds));
      const wait = seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
      throw new ApiError(429, "too_many_requests", `Too many failed sign-ins. Try again in ${wait}.`);
    }
    const found = deps.users.findByEmail(body.email);
    let valid = false;
    if (found) valid = await verifyPassword(found.passwordHash, body.password);
    else await verifyDecoy(body.password);
    if (!found || !valid) {
      deps.loginLimiter.recordFailure(body.email, address);
      throw ApiError.unauthorized("Wrong email or password.");
    }
    deps.loginLimiter.recordSuccess(body.email, address);
    const { token } = deps.sessions.create(found.user.id);
    setCookie(c, SESSION_COOKIE, token, sessionCookieOptions(c.get("client").secureCookies, deps.sessionTtlMs));
    deps.logger.info("signed in", { userId: found.user.id, delegation: found.user.delegation });
    return c.json({ token, user: found.user } satisfies SessionResponse);
  });

  app.delete("/session", requireSession, (c) => {
    const { session } = c.get("auth");
    deps.sessions.revoke(session.id);
    deps.collab.sessionRevoked(session.id);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  });

  app.get("/me", requireSession, (c) => c.json(c.get("auth").user));

  app.put("/me/password", requireSession, async (c) => {
    const { user, session } = c.get("auth");
    const body = await readBody(c, ChangePasswordRequest);
    const found = deps.users.findByEmail(user.email);
    if (!found || !(await verifyPassword(found.passwordHash, body.currentPassword))) {
      throw ApiError.forbidden("The current password is wrong; the password was not changed.");
    }
    deps.users.setPasswordHash(user.id, await hashPassword(body.newPassword));
    // Every other device is signed out: whoever knew the old password loses access now.
    for (const revoked of deps.sessions.revokeAllForUser(user.id, session.id)) deps.collab.sessionRevoked(revoked);
    deps.logger.info("password changed", { userId: user.id });
    return c.body(null, 204);
  });

  return app;
}
