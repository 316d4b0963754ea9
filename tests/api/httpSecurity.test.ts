import { request as httpRequest } from "node:http";
import { beforeAll, describe, expect, test } from "vitest";
import type { SessionResponse } from "../../shared/types.ts";
import {
  type ApiResult,
  DEMO_PASSWORD,
  Demo,
  type DemoWorkspace,
  demoWorkspace,
  expectApiError,
  groupSnapshot,
  request,
  type Session,
  signIn,
} from "../helpers/api.ts";
import { sharedTestServer } from "../helpers/testServer.ts";

const server = sharedTestServer();
const url = () => server.current.url;
let demo: DemoWorkspace;
let admin: Session;
let usa: Session;

beforeAll(async () => {
  demo = await demoWorkspace(url());
  admin = await signIn(url(), "secretariat");
  usa = await signIn(url(), "usa");
});

function cookie(session: Session): Record<string, string> {
  return { cookie: `plenary_session=${session.token}` };
}

/**
 * A POST on a connection of its own: the server answers 413 before reading the
 * whole body and then drops the connection, which must not be one that fetch
 * would reuse for the next request.
 */
function postOnOwnConnection(path: string, token: string, body: unknown): Promise<ApiResult> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url()}${path}`, {
      method: "POST",
      agent: false,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    });
    req.on("response", (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        text += chunk;
      });
      response.on("end", () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (typeof value === "string") headers.set(name, value);
        }
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(text), headers });
      });
    });
    // The server may close before it has read everything we send.
    req.on("error", (error) => (error.message.includes("EPIPE") ? undefined : reject(error)));
    req.end(payload);
  });
}

function csp(headers: Headers): Map<string, string[]> {
  const header = headers.get("content-security-policy") ?? "";
  const directives = new Map<string, string[]>();
  for (const part of header.split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  return directives;
}

describe("security headers", () => {
  const pages = [
    { what: "the app shell", method: "GET", path: "/" },
    { what: "a client-side route", method: "GET", path: "/drafts/anything" },
    { what: "an API answer", method: "GET", path: "/api/groups" },
    { what: "an API error", method: "GET", path: "/api/no-such-route" },
    { what: "a failed sign-in", method: "POST", path: "/api/session" },
  ];
  for (const { method, path, what } of pages)
    test(`${what} carries a CSP without inline script, no framing, nosniff and a referrer policy`, async () => {
      const result = await request(url(), method, path, { token: usa.token, body: method === "POST" ? {} : undefined });
      const policy = csp(result.headers);
      expect(policy.get("default-src")).toEqual(["'self'"]);
      const scripts = policy.get("script-src") ?? policy.get("default-src") ?? [];
      expect(scripts).toContain("'self'");
      expect(scripts).not.toContain("'unsafe-inline'");
      expect(scripts).not.toContain("'unsafe-eval'");
      expect(scripts).not.toContain("*");
      expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
      expect(policy.get("object-src")).toEqual(["'none'"]);
      expect(result.headers.get("x-content-type-options")).toBe("nosniff");
      expect(result.headers.get("x-frame-options")).toBe("DENY");
      expect(result.headers.get("referrer-policy")).toMatch(
        /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/,
      );
    });

  test("the app shell has no inline script for the CSP to block", async () => {
    const shell = await request<string>(url(), "GET", "/");
    expect(shell.status).toBe(200);
    const scripts = [...shell.body.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [tag, content] of scripts) {
      expect(tag).toMatch(/\bsrc=/);
      expect(content?.trim()).toBe("");
    }
    expect(shell.body).not.toMatch(/\son[a-z]+=/i);
  });

  test("API answers are never cached", async () => {
    const result = await usa.request("GET", "/api/me");
    expect(result.headers.get("cache-control")).toBe("no-store");
  });
});

describe("cross-site requests", () => {
  const foreign: { what: string; headers: Record<string, string> | (() => Record<string, string>) }[] = [
    { what: "an Origin of another site", headers: { origin: "https://attacker.example" } },
    { what: "an Origin of another port on the same host", headers: () => ({ origin: `http://127.0.0.1:1` }) },
    { what: "an opaque Origin", headers: { origin: "null" } },
    { what: "Sec-Fetch-Site: cross-site", headers: { "sec-fetch-site": "cross-site" } },
    { what: "Sec-Fetch-Site: same-site", headers: { "sec-fetch-site": "same-site" } },
  ];
  const headersOf = (row: (typeof foreign)[number]): Record<string, string> =>
    typeof row.headers === "function" ? row.headers() : row.headers;

  for (const row of foreign)
    test(`a cookie-authenticated POST with ${row.what} is refused and creates nothing`, async () => {
      const before = await groupSnapshot(admin, demo.wg1.id);
      const result = await request(url(), "POST", `/api/groups/${demo.wg1.id}/drafts`, {
        body: { title: "Planted by another site" },
        headers: { ...cookie(usa), ...headersOf(row) },
      });
      expectApiError(result, 403, "forbidden");
      expect(await groupSnapshot(admin, demo.wg1.id)).toEqual(before);
    });

  for (const row of foreign)
    test(`a cookie-authenticated PATCH with ${row.what} is refused and changes nothing`, async () => {
      const before = await groupSnapshot(admin, demo.wg1.id);
      const result = await request(url(), "PATCH", `/api/sections/${demo.section(5)}`, {
        body: { penholders: [usa.user.id] },
        headers: { ...cookie(usa), ...headersOf(row) },
      });
      expectApiError(result, 403, "forbidden");
      expect(await groupSnapshot(admin, demo.wg1.id)).toEqual(before);
    });

  test("a cross-site sign-out is refused and the session stays open", async () => {
    const sgp = await signIn(url(), "sgp");
    const result = await request(url(), "DELETE", "/api/session", {
      headers: { ...cookie(sgp), origin: "https://attacker.example" },
    });
    expectApiError(result, 403, "forbidden");
    expect((await sgp.request("GET", "/api/me")).status).toBe(200);
  });

  test("a cross-site sign-in is refused and sets no cookie (no login CSRF)", async () => {
    const result = await request<SessionResponse>(url(), "POST", "/api/session", {
      body: { email: Demo.au, password: DEMO_PASSWORD },
      headers: { origin: "https://attacker.example" },
    });
    expectApiError(result, 403, "forbidden");
    expect(result.headers.getSetCookie()).toEqual([]);
  });

  test("the same cookie POST from Plenary's own origin is accepted", async () => {
    const result = await request(url(), "POST", `/api/groups/${demo.wg1.id}/drafts`, {
      body: { title: "Written in Plenary" },
      headers: { ...cookie(usa), origin: new URL(url()).origin, "sec-fetch-site": "same-origin" },
    });
    expect(result.status).toBe(201);
  });
});

describe("request limits", () => {
  test("an oversized body is refused with 413 and changes nothing", async () => {
    const before = await groupSnapshot(admin, demo.wg1.id);
    const result = await postOnOwnConnection(`/api/drafts/${demo.doctrine.id}/sections`, usa.token, {
      title: "Padding",
      padding: "x".repeat(300 * 1024),
    });
    expectApiError(result, 413);
    expect(await groupSnapshot(admin, demo.wg1.id)).toEqual(before);
  });

  test("an unknown API route is a JSON 404, not the app shell", async () => {
    const result = await usa.request("GET", "/api/drafts");
    expectApiError(result, 404, "not_found");
    expect(result.headers.get("content-type")).toMatch(/^application\/json/);
  });
});
