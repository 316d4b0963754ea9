import { mkdirSync } from "node:fs";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { migratePostgres, migrateSqlite } from "./sql/migrate.ts";
import { PostgresDatabase } from "./sql/PostgresDatabase.ts";
import type { SqlDatabase } from "./sql/SqlExecutor.ts";
import { SqliteDatabase } from "./sql/SqliteDatabase.ts";

export type Database = SqlDatabase;

/**
 * How hard SQLite works to keep a commit:
 * - `process`: WAL with synchronous=NORMAL. A commit survives the process being
 *   killed (kill -9, crash); the last commits may be lost if the machine loses power.
 * - `power`: WAL with synchronous=FULL. Every commit is fsynced; it survives power
 *   loss, at the cost of one fsync per commit (group commit keeps that bounded).
 * PostgreSQL keeps its own settings (a commit returns once it is in its WAL).
 */
export const DurabilityLevels = { process: "process", power: "power" } as const;
export type Durability = (typeof DurabilityLevels)[keyof typeof DurabilityLevels];

export interface DatabaseOptions {
  dataDir: string;
  durability: Durability;
  /** A postgres:// URL: PostgreSQL instead of the SQLite file in `dataDir`. */
  databaseUrl?: string | null;
}

/** Opens the database of the configured engine, migrated to the latest schema. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openSqlite(options);
}

/** The SQLite file `plenary.sqlite` in `dataDir`, created if missing. */
export function openSqlite({ dataDir, durability }: DatabaseOptions): SqliteDatabase {
  mkdirSync(dataDir, { recursive: true });
  const db = new BetterSqlite3(join(dataDir, "plenary.sqlite"));
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${durability === "power" ? "FULL" : "NORMAL"}`);
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrateSqlite(db);
  return new SqliteDatabase(db);
}

/**
 * A pool on the PostgreSQL database at `url`. Migrations run under the
 * start-up lock: servers starting together migrate once.
 */
export async function openPostgres(url: string): Promise<PostgresDatabase> {
  const db = new PostgresDatabase({ connectionString: url });
  try {
    await db.exclusively(() => migratePostgres(db));
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  return db;
}
