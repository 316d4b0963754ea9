import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { tempDataDir } from "../helpers/childServer.ts";

const REPOSITORY = resolve(import.meta.dirname, "../..");

/** Starts the CLI with this DATA_DIR and resolves with its exit code and output once it stops. */
function startWith(dataDir: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: REPOSITORY,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, SEED_DEMO: "false" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    // A server that started is a failure of the test; stop it.
    if (output.includes("Plenary is running")) child.kill("SIGKILL");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((done) => child.once("exit", (code) => done({ code, output })));
}

/** A folder Plenary may not write to. Root ignores permission bits, so then a folder in sysfs stands in. */
function unwritableFolder(): string {
  if (process.getuid?.() === 0) return "/sys/plenary-data";
  const dir = join(tempDataDir(), "read-only");
  mkdirSync(dir);
  chmodSync(dir, 0o555);
  return dir;
}

describe("start-up failures name DATA_DIR, the path and what to do", () => {
  test.each([
    [
      "a file instead of a folder",
      () => {
        const file = join(tempDataDir(), "not-a-folder");
        writeFileSync(file, "x");
        return file;
      },
      /Set DATA_DIR to a folder/,
    ],
    ["a folder Plenary may not write to", unwritableFolder, /access to that folder, or set DATA_DIR/],
    [
      "a database that is not one",
      () => {
        const dir = tempDataDir();
        writeFileSync(join(dir, "plenary.sqlite"), "this is not an SQLite database ".repeat(200));
        return dir;
      },
      /not a readable Plenary database.*Restore it from a backup, or set DATA_DIR/,
    ],
  ])(
    "%s",
    async (_label, makeDataDir, advice) => {
      const dataDir = makeDataDir();
      const { code, output } = await startWith(dataDir);
      expect(code).toBe(1);
      expect(output).toContain(`DATA_DIR (${dataDir})`);
      expect(output).toMatch(advice);
      expect(output).not.toContain("Plenary is running");
    },
    60_000,
  );
});
