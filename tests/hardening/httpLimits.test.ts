import { connect, type Socket } from "node:net";
import { describe, expect, test } from "vitest";
import { DEFAULT_LOGIN_RATE_LIMITS } from "../../server/auth/LoginRateLimiter.ts";
import { DEFAULT_HTTP_LIMITS } from "../../server/config.ts";
import { DEMO_PASSWORD, Demo, request } from "../helpers/api.ts";
import { eventually } from "../helpers/collabClient.ts";
import { startTestServer } from "../helpers/testServer.ts";

function sessionCookie(headers: Headers): string | undefined {
  return headers.getSetCookie().find((cookie) => cookie.startsWith("plenary_session="));
}

/** A raw TCP connection to the server, with what it received and when it was closed. */
function rawConnection(url: string): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let data = "";
    socket.on("data", (chunk) => {
      data += chunk.toString();
    });
    socket.on("error", () => undefined);
    const closed = new Promise<number>((done) => socket.once("close", () => done(Date.now())));
    socket.once("connect", () => resolve({ socket, received: () => data, closed }));
    socket.once("error", reject);
  });
}

describe("HTTP request limits", () => {
  test("a request whose body trickles in is cut at the configured request timeout", async () => {
    const timeoutMs = 2_000;
    const server = await startTestServer({
      http: { ...DEFAULT_HTTP_LIMITS, requestTimeoutMs: timeoutMs, headersTimeoutMs: timeoutMs },
    });
    const { socket, received, closed } = await rawConnection(server.url);
    const started = Date.now();
    socket.write(
      "POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{",
    );
    // One byte every 200 ms: it would take minutes to finish.
    const trickle = setInterval(() => socket.writable && socket.write(" "), 200);
    try {
      const endedAt = await closed;
      const elapsed = endedAt - started;
      expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 100);
      // Node checks the timeout periodically; on a loaded machine allow generous slack.
      expect(elapsed).toBeLessThan(timeoutMs + 10_000);
      expect(received()).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
  }, 30_000);

  test("connections beyond the cap are refused while those within it are served", async () => {
    const server = await startTestServer({ http: { ...DEFAULT_HTTP_LIMITS, maxConnections: 10 } });
    const held = await Promise.all(Array.from({ length: 10 }, () => rawConnection(server.url)));
    const extra = await rawConnection(server.url);
    extra.socket.write("GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    await extra.closed;
    expect(extra.received()).toBe("");
    for (const connection of held) connection.socket.destroy();
    await Promise.all(held.map((connection) => connection.closed));
    await eventually(async () => expect((await request(server.url, "GET", "/api/me")).status).toBe(401));
  });
});

describe("behind a reverse proxy", () => {
  const signInBody = { email: Demo.usa, password: DEMO_PASSWORD };

  test("with TRUST_PROXY the session cookie is Secure when the proxy says https", async () => {
    const server = await startTestServer({ proxy: { trustProxy: true, cookieSecure: "auto" } });
    const overHttps = await request(server.url, "POST", "/api/session", {
      body: signInBody,
      headers: { "x-forwarded-proto": "https", "x-forwarded-for": "198.51.100.7" },
    });
    expect(overHttps.status).toBe(200);
    expect(sessionCookie(overHttps.headers)).toMatch(/; Secure/i);
    const overHttp = await request(server.url, "POST", "/api/session", {
      body: signInBody,
      headers: { "x-forwarded-proto": "http" },
    });
    expect(sessionCookie(overHttp.headers)).not.toMatch(/; Secure/i);
  });

  test("without TRUST_PROXY a forwarded protocol is ignored; COOKIE_SECURE=true forces Secure", async () => {
    const direct = await startTestServer();
    const spoofed = await request(direct.url, "POST", "/api/session", {
      body: signInBody,
      headers: { "x-forwarded-proto": "https" },
    });
    expect(sessionCookie(spoofed.headers)).not.toMatch(/; Secure/i);
    const forced = await startTestServer({ proxy: { trustProxy: false, cookieSecure: "true" } });
    const secure = await request(forced.url, "POST", "/api/session", { body: signInBody });
    expect(sessionCookie(secure.headers)).toMatch(/; Secure/i);
  });
});

describe("sign-in limiting", () => {
  const attempt = (url: string, password: string, address: string) =>
    request(url, "POST", "/api/session", {
      body: { email: Demo.fra, password },
      headers: { "x-forwarded-for": address },
    });

  test("the owner signs in after an attacker's failures: at once from another address, after a short wait from the same", async () => {
    const server = await startTestServer({
      proxy: { trustProxy: true, cookieSecure: "auto" },
      loginLimits: { ...DEFAULT_LOGIN_RATE_LIMITS, freeFailures: 3, maxDelayMs: 2_000 },
    });
    const attacker = "203.0.113.9";
    let refused = 0;
    for (let i = 0; i < 30; i++) {
      const result = await attempt(server.url, `guess-${i}`, attacker);
      expect([401, 429]).toContain(result.status);
      if (result.status === 429) refused += 1;
    }
    expect(refused).toBeGreaterThan(0);
    // The owner, from the hotel: no wait at all.
    expect((await attempt(server.url, DEMO_PASSWORD, "198.51.100.7")).status).toBe(200);
    // The owner behind the attacker's address (one conference network): after at most the longest wait.
    const waiting = await attempt(server.url, DEMO_PASSWORD, attacker);
    const retryAfter = waiting.status === 429 ? Number(waiting.headers.get("retry-after")) : 0;
    expect(retryAfter).toBeLessThanOrEqual(2);
    await eventually(
      async () => expect((await attempt(server.url, DEMO_PASSWORD, attacker)).status).toBe(200),
      10_000,
      250,
    );
  });

  test("without TRUST_PROXY a forged X-Forwarded-For does not give an attacker fresh addresses", async () => {
    const server = await startTestServer({ loginLimits: { ...DEFAULT_LOGIN_RATE_LIMITS, freeFailures: 3 } });
    for (let i = 0; i < 4; i++) {
      expect((await attempt(server.url, `guess-${i}`, `192.0.2.${i}`)).status).toBe(401);
    }
    expect((await attempt(server.url, "guess-5", "192.0.2.99")).status).toBe(429);
  });
});
