import { describe, expect, test } from "vitest";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import type { SessionResponse, User } from "../../shared/types.ts";
import { DEMO_PASSWORD, Demo, demoWorkspace, expectApiError, request, signIn } from "../helpers/api.ts";
import { eventually } from "../helpers/collabClient.ts";
import { RawClient } from "../helpers/rawClient.ts";
import { sharedTestServer, startTestServer } from "../helpers/testServer.ts";

const server = sharedTestServer();
const url = () => server.current.url;

function sessionCookie(headers: Headers): string | undefined {
  return headers.getSetCookie().find((cookie) => cookie.startsWith("plenary_session="));
}

function cookieHeader(token: string): Record<string, string> {
  return { cookie: `plenary_session=${token}` };
}

describe("POST /api/session", () => {
  test("signing in returns a session token and the user with their delegation", async () => {
    const result = await request<SessionResponse>(url(), "POST", "/api/session", {
      body: { email: Demo.usa, password: DEMO_PASSWORD },
    });
    expect(result.status).toBe(200);
    expect(result.body.token).toMatch(/^\S{32,}$/);
    expect(result.body.user).toEqual({
      id: expect.any(String),
      email: Demo.usa,
      name: "United States point of contact",
      delegation: "USA",
      isAdmin: false,
    } satisfies User);
  });

  test("the secretariat signs in as the site admin of the UN delegation", async () => {
    const { user } = await signIn(url(), "secretariat");
    expect(user).toMatchObject({ email: Demo.secretariat, delegation: "UN", isAdmin: true });
  });

  test("signing in also sets the token as an httpOnly, SameSite cookie for the browser", async () => {
    const result = await request<SessionResponse>(url(), "POST", "/api/session", {
      body: { email: Demo.sgp, password: DEMO_PASSWORD },
    });
    const cookie = sessionCookie(result.headers);
    expect(cookie).toBeDefined();
    expect(cookie).toContain(`plenary_session=${result.body.token}`);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=(Lax|Strict)/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
  });

  test("each sign-in opens a new session with its own token", async () => {
    const first = await signIn(url(), "fra");
    const second = await signIn(url(), "fra");
    expect(first.token).not.toBe(second.token);
  });

  test("an email typed with capitals and spaces still signs in", async () => {
    const result = await request<SessionResponse>(url(), "POST", "/api/session", {
      body: { email: "  USA@Plenary.Test ", password: DEMO_PASSWORD },
    });
    expect(result.status).toBe(200);
    expect(result.body.user.email).toBe(Demo.usa);
  });

  test("a wrong password is refused with 401 and no session", async () => {
    const result = await request(url(), "POST", "/api/session", {
      body: { email: Demo.usa, password: "plenary-demo-wrong" },
    });
    expectApiError(result, 401, "unauthorized");
    expect(sessionCookie(result.headers)).toBeUndefined();
  });

  test("an unknown email gets exactly the same 401 answer as a wrong password", async () => {
    const wrongPassword = await request(url(), "POST", "/api/session", {
      body: { email: Demo.usa, password: "not-the-password" },
    });
    const unknownEmail = await request(url(), "POST", "/api/session", {
      body: { email: "nobody@plenary.test", password: "not-the-password" },
    });
    expectApiError(unknownEmail, 401, "unauthorized");
    expect(unknownEmail.body).toEqual(wrongPassword.body);
    expect(sessionCookie(unknownEmail.headers)).toBeUndefined();
  });

  const malformed = [
    { what: "an empty object", body: {} },
    { what: "no password", body: { email: Demo.usa } },
    { what: "no email", body: { password: DEMO_PASSWORD } },
    { what: "an email that is not an email", body: { email: "usa", password: DEMO_PASSWORD } },
    { what: "an empty password", body: { email: Demo.usa, password: "" } },
    { what: "a number as email", body: { email: 42, password: DEMO_PASSWORD } },
    { what: "an unknown field", body: { email: Demo.usa, password: DEMO_PASSWORD, isAdmin: true } },
    { what: "an array", body: [Demo.usa, DEMO_PASSWORD] },
    { what: "a string", body: "usa@plenary.test" },
    { what: "null", body: null },
  ];
  for (const { body, what } of malformed)
    test(`a body with ${what} is answered 400 with a message`, async () => {
      const result = await request(url(), "POST", "/api/session", { rawBody: JSON.stringify(body), headers: json });
      expectApiError(result, 400, "bad_request");
      expect(sessionCookie(result.headers)).toBeUndefined();
    });

  test("a body that is not JSON is refused: 415 for another content type, 400 for broken JSON", async () => {
    const form = await request(url(), "POST", "/api/session", {
      rawBody: `email=${Demo.usa}&password=${DEMO_PASSWORD}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expectApiError(form, 415);
    const text = await request(url(), "POST", "/api/session", {
      rawBody: "hello",
      headers: { "content-type": "text/plain" },
    });
    expectApiError(text, 415);
    const broken = await request(url(), "POST", "/api/session", { rawBody: '{"email": "usa@', headers: json });
    expectApiError(broken, 400, "bad_request");
  });
});

const json = { "content-type": "application/json" };

describe("GET /api/me", () => {
  test("answers the signed-in user for a bearer token", async () => {
    const usa = await signIn(url(), "usa");
    const me = await usa.request<User>("GET", "/api/me");
    expect(me.status).toBe(200);
    expect(me.body).toEqual(usa.user);
  });

  test("answers the signed-in user for the session cookie", async () => {
    const au = await signIn(url(), "au");
    const me = await request<User>(url(), "GET", "/api/me", { headers: cookieHeader(au.token) });
    expect(me.status).toBe(200);
    expect(me.body).toEqual(au.user);
    expect(me.body.delegation).toBe("AU");
  });

  test("without a session, with an unknown token or a malformed header it is 401", async () => {
    expectApiError(await request(url(), "GET", "/api/me"), 401, "unauthorized");
    expectApiError(await request(url(), "GET", "/api/me", { token: "x".repeat(43) }), 401, "unauthorized");
    expectApiError(await request(url(), "GET", "/api/me", { headers: { authorization: "Basic dXNhOnBhc3M=" } }), 401);
    expectApiError(await request(url(), "GET", "/api/me", { headers: cookieHeader("forged") }), 401);
  });
});

describe("DELETE /api/session", () => {
  test("signing out revokes the token: the API refuses it afterwards", async () => {
    const usa = await signIn(url(), "usa");
    const other = await signIn(url(), "usa");
    expect((await usa.request("GET", "/api/me")).status).toBe(200);
    const out = await usa.request("DELETE", "/api/session");
    expect(out.status).toBe(204);
    expectApiError(await usa.request("GET", "/api/me"), 401, "unauthorized");
    expectApiError(await usa.request("GET", "/api/groups"), 401, "unauthorized");
    expectApiError(await request(url(), "GET", "/api/me", { headers: cookieHeader(usa.token) }), 401);
    // Signing out twice is not a way to probe anything: the token is simply unknown now.
    expectApiError(await usa.request("DELETE", "/api/session"), 401);
    // Only that session ends: the same person's other session goes on.
    expect((await other.request("GET", "/api/me")).status).toBe(200);
  });

  test("signing out with the cookie from the same site works and clears the cookie", async () => {
    const sgp = await signIn(url(), "sgp");
    const out = await request(url(), "DELETE", "/api/session", { headers: cookieHeader(sgp.token) });
    expect(out.status).toBe(204);
    expect(sessionCookie(out.headers)).toMatch(/plenary_session=;|Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expectApiError(await sgp.request("GET", "/api/me"), 401);
  });

  test("signing out without a session is 401", async () => {
    expectApiError(await request(url(), "DELETE", "/api/session"), 401, "unauthorized");
  });
});

describe("sign-in limits and session expiry", () => {
  test("after five wrong passwords from one address, that account waits there (429), and nowhere else", async () => {
    const own = await startTestServer();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const wrong = await request(own.url, "POST", "/api/session", {
        body: { email: Demo.fra, password: `guess-${attempt}` },
      });
      expectApiError(wrong, 401, "unauthorized");
    }
    // The sixth failure starts the back-off: the next attempt waits a second.
    expectApiError(
      await request(own.url, "POST", "/api/session", { body: { email: Demo.fra, password: "guess-6" } }),
      401,
      "unauthorized",
    );
    const waiting = await request(own.url, "POST", "/api/session", {
      body: { email: Demo.fra, password: DEMO_PASSWORD },
    });
    expectApiError(waiting, 429, "too_many_requests");
    expect(Number(waiting.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(waiting.headers.get("retry-after"))).toBeLessThanOrEqual(1);
    expect(sessionCookie(waiting.headers)).toBeUndefined();
    // Other accounts from the same address are not slowed by someone guessing France's password.
    expect((await signIn(own.url, "gha")).user.delegation).toBe("GHA");
  });

  test("an expired session is refused by the API and by the websocket", async () => {
    const own = await startTestServer({ sessionTtlMs: 2_000 });
    const demo = await demoWorkspace(own.url);
    const sgp = await signIn(own.url, "sgp");
    expect((await sgp.request("GET", "/api/me")).status).toBe(200);
    await eventually(async () => expectApiError(await sgp.request("GET", "/api/me"), 401, "unauthorized"), 8_000, 100);
    const raw = await RawClient.connect(own.wsUrl);
    expect((await raw.authenticate(sectionDocumentName(demo.section(2)), sgp.token)).type).toBe("denied");
  });
});
