import { type Context, Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { ChangePasswordRequest, LoginRequest } from "../../shared/schemas.ts";
import { SESSION_COOKIE, sessionCookieOptions } from "../auth/sessionCookie.ts";
import { SignInThrottled } from "../commands/SessionCommands.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { ApiError } from "./ApiError.ts";
import { assertSameOrigin, authenticate } from "./authenticate.ts";
import { readBody } from "./validate.ts";

export function sessionRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const requireSession = authenticate(deps.queries.accounts);

  app.post("/session", async (c) => {
    // A cross-site sign-in form could log a victim into an attacker's account.
    assertSameOrigin(c);
    const body = await readBody(c, LoginRequest);
    const { address } = c.get("client");
    let signedIn: Awaited<ReturnType<typeof deps.commands.sessions.signIn>>;
    try {
      signedIn = await deps.commands.sessions.signIn({ ...body, address });
    } catch (error) {
      if (!(error instanceof SignInThrottled)) throw error;
      const seconds = Math.ceil(error.retryAfterMs / 1000);
      c.header("Retry-After", String(seconds));
      const wait = seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
      throw new ApiError(429, "too_many_requests", `Too many failed sign-ins. Try again in ${wait}.`);
    }
    const { token, user } = signedIn.value;
    setSessionCookie(c, token, deps.sessionTtlMs);
    deps.logger.info("signed in", { userId: user.id, delegation: user.delegation });
    return c.json(signedIn.value);
  });

  app.delete("/session", requireSession, async (c) => {
    await deps.commands.sessions.signOut(c.get("auth").session);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  });

  app.get("/me", requireSession, (c) => c.json(c.get("auth").user));

  app.put("/me/password", requireSession, async (c) => {
    const { user, session } = c.get("auth");
    const body = await readBody(c, ChangePasswordRequest);
    await deps.commands.sessions.changePassword(user, session, body);
    deps.logger.info("password changed", { userId: user.id });
    return c.body(null, 204);
  });

  return app;
}

/** The httpOnly session cookie browsers use (API clients send the token as a bearer instead). */
export function setSessionCookie(c: Context<ApiEnv>, token: string, ttlMs: number): void {
  setCookie(c, SESSION_COOKIE, token, sessionCookieOptions(c.get("client").secureCookies, ttlMs));
}
