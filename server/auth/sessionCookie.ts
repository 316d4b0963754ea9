import type { CookieOptions } from "hono/utils/cookie";

export const SESSION_COOKIE = "plenary_session";

/** Reads the session token from a Cookie header, if present. */
export function sessionTokenFromCookieHeader(header: string | null | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join("="));
  }
  return null;
}

/** The session cookie's attributes: never readable by scripts, not sent on cross-site requests, Secure over https. */
export function sessionCookieOptions(secure: boolean, ttlMs: number): CookieOptions {
  return { httpOnly: true, sameSite: "Lax", path: "/", secure, maxAge: Math.floor(ttlMs / 1000) };
}
