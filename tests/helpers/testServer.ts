import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, onTestFinished } from "vitest";
import { type Plenary, startPlenary } from "../../server/app.ts";
import { DEFAULT_LOGIN_RATE_LIMITS } from "../../server/auth/LoginRateLimiter.ts";
import { DEFAULT_PROXY_SETTINGS } from "../../server/auth/proxy.ts";
import { DEFAULT_LIMITS } from "../../server/collab/CollabLimits.ts";
import { type Config, DEFAULT_HTTP_LIMITS } from "../../server/config.ts";
import { type Logger, silentLogger } from "../../server/logger.ts";
import { COLLAB_PATH } from "../../shared/collabProtocol.ts";

export interface TestServer {
  readonly url: string;
  readonly wsUrl: string;
  readonly dataDir: string;
  readonly plenary: Plenary;
  /** Stops the server (as a clean shutdown) and starts it again on the same data. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real Plenary on port 0 with a real SQLite file in a fresh temporary
 * folder, seeded with the demo workspace. Stopped and deleted when the test ends.
 */
export async function startTestServer(overrides: Partial<Config> = {}, logger?: Logger): Promise<TestServer> {
  const server = await launchTestServer(overrides, logger);
  onTestFinished(() => server.close());
  return server;
}

/**
 * One server for every test of a file (for tests that do not interfere with
 * each other): started before the first test, stopped and deleted after the
 * last. Call at the top level of a test file; read `.current` inside tests.
 */
export function sharedTestServer(overrides: Partial<Config> = {}): { readonly current: TestServer } {
  let server: TestServer | null = null;
  beforeAll(async () => {
    server = await launchTestServer(overrides);
  });
  afterAll(() => server?.close());
  return {
    get current() {
      if (!server) throw new Error("the shared test server is not running: use it inside a test");
      return server;
    },
  };
}

/** A logger that keeps every line, for tests of what the server logs. */
export function recordingLogger(): Logger & {
  lines: { level: string; message: string; context?: Record<string, unknown> }[];
} {
  const lines: { level: string; message: string; context?: Record<string, unknown> }[] = [];
  const record = (level: string) => (message: string, context?: Record<string, unknown>) =>
    lines.push({ level, message, context });
  return { lines, info: record("info"), warn: record("warn"), error: record("error") };
}

/** Starts a server that the caller must close. */
async function launchTestServer(overrides: Partial<Config>, logger: Logger = silentLogger): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "plenary-test-"));
  const config: Config = {
    port: 0,
    host: "127.0.0.1",
    dataDir,
    durability: "process",
    sessionTtlMs: 3_600_000,
    invitationTtlMs: 3_600_000,
    passwordResetTtlMs: 3_600_000,
    limits: { ...DEFAULT_LIMITS },
    loginLimits: { ...DEFAULT_LOGIN_RATE_LIMITS },
    http: { ...DEFAULT_HTTP_LIMITS },
    proxy: { ...DEFAULT_PROXY_SETTINGS },
    staticDir: resolve("dist/client"),
    seedDemo: true,
    redisUrl: null,
    databaseUrl: null,
    redisPrefix: "plenary",
    ...overrides,
  };
  let plenary = await startPlenary(config, logger);
  let closed = false;

  const server: TestServer = {
    get url() {
      return plenary.url;
    },
    get wsUrl() {
      return `${plenary.url.replace(/^http/, "ws")}${COLLAB_PATH}`;
    },
    dataDir,
    get plenary() {
      return plenary;
    },
    async restart() {
      const port = plenary.port;
      await plenary.close();
      plenary = await startPlenary({ ...config, port }, logger);
    },
    async close() {
      if (closed) return;
      closed = true;
      await plenary.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}
