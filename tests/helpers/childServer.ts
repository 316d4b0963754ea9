import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { onTestFinished } from "vitest";
import { COLLAB_PATH } from "../../shared/collabProtocol.ts";

const REPOSITORY = resolve(import.meta.dirname, "../..");
const STARTED = /Plenary is running at (http:\/\/[^\s]+)/;

/** A Plenary started as `node --import tsx server/main.ts`, in its own process, so a test can kill -9 it. */
export interface ChildServer {
  readonly url: string;
  readonly wsUrl: string;
  readonly process: ChildProcess;
  /** Resolves when the process has exited (with the signal that ended it, if any). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines the server wrote, for failure messages. */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A fresh temporary data folder, deleted when the test ends. */
export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "plenary-child-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Starts the CLI on port 0 with `DATA_DIR=dataDir` (and `env`), waits until it
 * prints its URL, and kills it with SIGKILL when the test ends if it still runs.
 */
export async function startChildServer(
  dataDir: string,
  env: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<ChildServer> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: REPOSITORY,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, SEED_DEMO: "true", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once("exit", (code, signal) => done({ code, signal }));
  });
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split("\n").filter(Boolean));
    if (lines.length > 50) lines.splice(0, lines.length - 50);
  };
  child.stderr?.on("data", keep);

  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`the server did not start within ${timeoutMs} ms:\n${tail()}`)),
      timeoutMs,
    );
    let buffered = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      keep(chunk);
      buffered += chunk.toString();
      const match = STARTED.exec(buffered);
      if (match?.[1]) {
        clearTimeout(timer);
        done(match[1]);
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      fail(new Error(`the server exited before starting (code ${code}, signal ${signal}):\n${tail()}`));
    });
  });
  // Drain output from here on so a chatty server never blocks on a full pipe.
  child.stdout?.resume();

  function tail(): string {
    return lines.slice(-20).join("\n");
  }

  return {
    url,
    wsUrl: `${url.replace(/^http/, "ws")}${COLLAB_PATH}`,
    process: child,
    exited,
    output: tail,
    kill(signal: NodeJS.Signals = "SIGKILL") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
