import type { IncomingHttpHeaders } from "node:http";

/** How far to trust a reverse proxy in front of Plenary, and when session cookies are `Secure`. */
export interface ProxySettings {
  /** Take the client address and protocol from the proxy's `X-Forwarded-For` / `X-Forwarded-Proto`. */
  trustProxy: boolean;
  /** `auto`: Secure when the request reached the proxy over https (only known with `trustProxy`). */
  cookieSecure: "auto" | "true" | "false";
}

export const DEFAULT_PROXY_SETTINGS: ProxySettings = { trustProxy: false, cookieSecure: "auto" };

/** Who sent a request, as far as the proxy settings allow telling. */
export interface ClientInfo {
  address: string;
  /** Whether cookies set in the answer must be `Secure`. */
  secureCookies: boolean;
}

type Headers = IncomingHttpHeaders | { get(name: string): string | null };

function header(headers: Headers, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === "function") {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const value = (headers as IncomingHttpHeaders)[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/**
 * The client's address. Without a trusted proxy it is the TCP peer: a client
 * could write any `X-Forwarded-For` it likes. Behind one, it is the address
 * the proxy appended last to `X-Forwarded-For` (earlier entries come from
 * the client and prove nothing).
 */
export function clientAddress(settings: ProxySettings, peer: string | undefined, headers: Headers): string {
  if (settings.trustProxy) {
    const forwarded = header(headers, "x-forwarded-for");
    const last = forwarded
      ?.split(",")
      .map((part) => part.trim())
      .filter(Boolean)
      .pop();
    if (last) return last;
  }
  return peer ?? "unknown";
}

/** Whether the session cookie must carry `Secure`. */
export function secureCookies(settings: ProxySettings, requestProtocol: string, headers: Headers): boolean {
  if (settings.cookieSecure !== "auto") return settings.cookieSecure === "true";
  if (requestProtocol === "https:") return true;
  if (!settings.trustProxy) return false;
  const proto = header(headers, "x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return proto === "https";
}
