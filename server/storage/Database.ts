import { mkdirSync } from "node:fs";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { migrations } from "./migrations.ts";

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
  migrate(db);
  return db;
}

function migrate(db: Database): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `The database schema (version ${current}) is newer than this Plenary (version ${migrations.length}). Upgrade Plenary or point DATA_DIR elsewhere.`,
    );
  }
  // Foreign keys are off while migrating (SQLite ignores the pragma inside a
  // transaction), so a migration can rebuild a table others refer to; every
  // reference is checked before the migration commits.
  db.pragma("foreign_keys = OFF");
  try {
    for (let version = current; version < migrations.length; version++) {
      const sql = migrations[version];
      if (sql === undefined) break;
      db.transaction(() => {
        db.exec(sql);
        const broken = db.pragma("foreign_key_check") as unknown[];
        if (broken.length > 0) {
          throw new Error(
            `Migration ${version + 1} would leave ${broken.length} broken reference(s); nothing was changed.`,
          );
        }
        db.pragma(`user_version = ${version + 1}`);
      })();
    }
  } finally {
    db.pragma("foreign_keys = ON");
  }
}
