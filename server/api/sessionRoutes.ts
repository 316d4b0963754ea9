import { Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { LoginRequest } from "../../shared/schemas.ts";
import type { SessionResponse } from "../../shared/types.ts";
import { verifyDecoy, verifyPassword } from "../auth/passwords.ts";
import { SESSION_COOKIE } from "../auth/sessionCookie.ts";
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
    const found = deps.users.findByEmail(body.email);
    if (!found) {
      await verifyDecoy(body.password);
      throw ApiError.unauthorized("Wrong email or password.");
    }
    if (!(await verifyPassword(found.passwordHash, body.password))) {
      throw ApiError.unauthorized("Wrong email or password.");
    }
    const { token } = deps.sessions.create(found.user.id);
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: "Lax",
      path: "/",
      secure: new URL(c.req.url).protocol === "https:",
      maxAge: Math.floor(deps.sessionTtlMs / 1000),
    });
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

  return app;
}
