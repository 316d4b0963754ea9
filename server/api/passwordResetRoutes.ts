import { Hono } from "hono";
import { deleteCookie } from "hono/cookie";
import { PasswordResetRequest } from "../../shared/schemas.ts";
import type { PasswordResetPreview } from "../../shared/types.ts";
import { hashPassword } from "../auth/passwords.ts";
import { SESSION_COOKIE } from "../auth/sessionCookie.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { ApiError } from "./ApiError.ts";
import { assertSameOrigin } from "./authenticate.ts";
import { readBody } from "./validate.ts";

const UNUSABLE =
  "This password reset link is invalid, expired or already used. Ask the site administrator for a new one.";

/** Reset links: whoever holds the token may set a new password for its account, once. */
export function passwordResetRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get("/password-resets/:token", (c) => {
    const reset = deps.stores.passwordResets.findUsable(c.req.param("token"));
    const user = reset ? deps.stores.users.findById(reset.userId) : null;
    if (!reset || !user) throw new ApiError(404, "not_found", UNUSABLE);
    return c.json({ email: user.email, name: user.name, expiresAt: reset.expiresAt } satisfies PasswordResetPreview);
  });

  app.post("/password-resets/:token", async (c) => {
    assertSameOrigin(c);
    const token = c.req.param("token");
    if (!deps.stores.passwordResets.findUsable(token)) throw new ApiError(404, "not_found", UNUSABLE);
    const body = await readBody(c, PasswordResetRequest);
    const passwordHash = await hashPassword(body.newPassword);
    const revoked = deps.db.transaction(() => {
      // Looked up again: the link may have been used or replaced while the password was hashed.
      const reset = deps.stores.passwordResets.findUsable(token);
      if (!reset || !deps.stores.passwordResets.markUsed(reset.id)) throw new ApiError(404, "not_found", UNUSABLE);
      const user = deps.stores.users.findById(reset.userId);
      if (!user) throw new ApiError(404, "not_found", UNUSABLE);
      deps.stores.users.setPasswordHash(user.id, passwordHash);
      const sessions = deps.stores.sessions.revokeAllForUser(user.id, null);
      deps.stores.audit.append({
        actorId: user.id,
        actorDelegation: user.delegation,
        groupId: null,
        action: "password.reset",
        target: user.id,
        details: { sessionsRevoked: sessions.length },
      });
      return sessions;
    })();
    // Whoever had the account open is signed out everywhere, their websockets included.
    for (const sessionId of revoked) deps.collab.sessionRevoked(sessionId);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  });

  return app;
}
