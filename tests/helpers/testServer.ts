import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { onTestFinished } from "vitest";
import { type Plenary, startPlenary } from "../../server/app.ts";
import type { Config } from "../../server/config.ts";
import { silentLogger } from "../../server/logger.ts";

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
export async function startTestServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "plenary-test-"));
  const config: Config = {
    port: 0,
    host: "127.0.0.1",
    dataDir,
    durability: "process",
    sessionTtlMs: 3_600_000,
    maxFrameBytes: 16 * 1024 * 1024,
    staticDir: resolve("dist/client"),
    seedDemo: true,
    ...overrides,
  };
  let plenary = await startPlenary(config, silentLogger);
  let closed = false;

  const server: TestServer = {
    get url() {
      return plenary.url;
    },
    get wsUrl() {
      return `${plenary.url.replace(/^http/, "ws")}/collab`;
    },
    dataDir,
    get plenary() {
      return plenary;
    },
    async restart() {
      const port = plenary.port;
      await plenary.close();
      plenary = await startPlenary({ ...config, port }, silentLogger);
    },
    async close() {
      if (closed) return;
      closed = true;
      await plenary.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  onTestFinished(() => server.close());
  return server;
}
