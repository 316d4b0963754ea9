import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { SqliteDatabase } from "./SqliteDatabase.ts";
import { WalCheckpointer } from "./WalCheckpointer.ts";

const PAGE = 4096;
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function openFile(intervalMs: number) {
  const folder = mkdtempSync(join(tmpdir(), "plenary-wal-"));
  folders.push(folder);
  const file = join(folder, "plenary.sqlite");
  const raw = new BetterSqlite3(file);
  raw.pragma("journal_mode = WAL");
  raw.pragma("synchronous = NORMAL");
  raw.exec("CREATE TABLE log (id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
  const db = new SqliteDatabase(raw, { checkpointInWorker: { synchronous: "NORMAL", intervalMs } });
  return { db, file, size: () => statSync(file).size, walSize: () => statSync(`${file}-wal`).size };
}

/** 1,500 commits of one page each: past SQLite's own threshold of 1,000 pages. */
async function writeMany(db: SqliteDatabase): Promise<void> {
  for (let i = 0; i < 1_500; i++) {
    await db.transaction(async (tx) => {
      await tx.run("INSERT INTO log (data) VALUES (?)", [Buffer.alloc(PAGE - 200, i % 251)]);
    });
  }
}

describe("WalCheckpointer", () => {
  it("the committing connection never folds the log into the file itself", async () => {
    // The worker's first turn is an hour away: whatever reaches the file would be the main connection's doing.
    const { db, size, walSize } = openFile(3_600_000);
    const before = size();
    await writeMany(db);
    expect(size()).toBe(before);
    expect(walSize()).toBeGreaterThan(1_500 * PAGE);
    expect(await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM log")).toEqual({ n: 1_500 });
    await db.close();
  });

  it("the worker folds the log into the file while commits go on, and nothing is lost", async () => {
    const { db, file, size } = openFile(20);
    await writeMany(db);
    const deadline = Date.now() + 30_000;
    while (size() < 1_500 * PAGE && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(size()).toBeGreaterThanOrEqual(1_500 * PAGE);
    await db.close();
    const reopened = new BetterSqlite3(file, { readonly: true });
    expect(reopened.prepare("SELECT COUNT(*) AS n FROM log").get()).toEqual({ n: 1_500 });
    reopened.close();
  });

  it("if the worker cannot run, checkpointing goes back to the connection", async () => {
    let fellBack = false;
    const checkpointer = new WalCheckpointer(
      join(tmpdir(), "plenary-no-such-folder", "missing.sqlite"),
      "NORMAL",
      () => {
        fellBack = true;
      },
      10,
    );
    checkpointer.committed();
    const deadline = Date.now() + 30_000;
    while (!fellBack && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fellBack).toBe(true);
    await checkpointer.close();
  });
});
