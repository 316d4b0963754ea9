import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { SESSION_COOKIE } from "../auth/sessionCookie.ts";
import type { AuthenticatedSession } from "../storage/SessionStore.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { ApiError } from "./ApiError.ts";

/** Finds the live session of a token. */
export interface SessionLookup {
  authenticate(token: string): Promise<AuthenticatedSession | null>;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Resolves the session from `Authorization: Bearer` or the session cookie.
 * Browsers attach cookies to cross-site requests, so a cookie-authenticated
 * mutation must also come from our own origin (SameSite=Lax is the second line).
 */
export function authenticate(sessions: SessionLookup): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const bearer = bearerToken(c.req.header("authorization"));
    const token = bearer ?? getCookie(c, SESSION_COOKIE) ?? null;
    if (!token) throw ApiError.unauthorized();
    if (bearer === null && !SAFE_METHODS.has(c.req.method)) assertSameOrigin(c);
    const auth = await sessions.authenticate(token);
    if (!auth) throw ApiError.unauthorized("Your session has ended or is invalid: sign in again.");
    c.set("auth", auth);
    c.set("token", token);
    await next();
  };
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}

/** Refuses a request whose Origin (or Sec-Fetch-Site) shows it came from another site. */
export function assertSameOrigin(c: Context): void {
  const origin = c.req.header("origin");
  if (origin) {
    const host = c.req.header("host");
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (!host || originHost !== host) {
      throw ApiError.forbidden("Cross-site request refused: use Plenary from its own address.");
    }
    return;
  }
  const site = c.req.header("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    throw ApiError.forbidden("Cross-site request refused: use Plenary from its own address.");
  }
}
