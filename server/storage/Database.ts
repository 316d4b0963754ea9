import { mkdirSync } from "node:fs";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { migrateSqlite } from "./sql/migrate.ts";

export type Database = BetterSqlite3.Database;

/**
 * How hard SQLite works to keep a commit:
 * - `process`: WAL with synchronous=NORMAL. A commit survives the process being
 *   killed (kill -9, crash); the last commits may be lost if the machine loses power.
 * - `power`: WAL with synchronous=FULL. Every commit is fsynced; it survives power
 *   loss, at the cost of one fsync per commit (group commit keeps that bounded).
 */
export const DurabilityLevels = { process: "process", power: "power" } as const;
export type Durability = (typeof DurabilityLevels)[keyof typeof DurabilityLevels];

export interface DatabaseOptions {
  dataDir: string;
  durability: Durability;
}

export function openDatabase({ dataDir, durability }: DatabaseOptions): Database {
  mkdirSync(dataDir, { recursive: true });
  const db = new BetterSqlite3(join(dataDir, "plenary.sqlite"));
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${durability === "power" ? "FULL" : "NORMAL"}`);
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrateSqlite(db);
  return db;
}
