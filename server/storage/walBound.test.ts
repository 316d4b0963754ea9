import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { openSqlite } from "./Database.ts";

const PAGE = 4096;
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

test("under commits that never pause, the write-ahead log stays bounded: it is folded into the file and reused", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "plenary-wal-"));
  folders.push(dataDir);
  const db = openSqlite({ dataDir, durability: "process" });
  await db.run("CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
  // 4,000 commits of about a page each, back to back, as a busy server appends: four
  // times SQLite's checkpoint threshold of 1,000 pages.
  for (let i = 0; i < 4_000; i++) {
    await db.transaction(async (tx) => {
      await tx.run("INSERT INTO filler (data) VALUES (?)", [Buffer.alloc(PAGE - 300, i % 251)]);
    });
  }
  const wal = statSync(join(dataDir, "plenary.sqlite-wal")).size;
  expect(wal).toBeLessThan(1_500 * (PAGE + 24));
  expect(statSync(join(dataDir, "plenary.sqlite")).size).toBeGreaterThan(2_500 * PAGE);
  expect(await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM filler")).toEqual({ n: 4_000 });
  await db.close();
});
