import type BetterSqlite3 from "better-sqlite3";
import { migrations } from "../migrations.ts";
import type { PostgresDatabase } from "./PostgresDatabase.ts";

function tooNew(current: number, where: string): Error {
  return new Error(
    `The database schema (version ${current}) is newer than this Plenary (version ${migrations.length}). Upgrade Plenary or point ${where} elsewhere.`,
  );
}

/** Brings a SQLite file up to date; `PRAGMA user_version` counts the migrations run. */
export function migrateSqlite(db: BetterSqlite3.Database): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > migrations.length) throw tooNew(current, "DATA_DIR");
  // Foreign keys are off while migrating (SQLite ignores the pragma inside a
  // transaction), so a migration can rebuild a table others refer to; every
  // reference is checked before the migration commits.
  db.pragma("foreign_keys = OFF");
  try {
    for (let version = current; version < migrations.length; version++) {
      const sql = migrations[version]?.sqlite;
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

/**
 * Brings a PostgreSQL database up to date; the plenary_schema table counts
 * the migrations run. Each runs in its own transaction. Callers hold the
 * start-up lock, so servers starting together migrate once.
 */
export async function migratePostgres(db: PostgresDatabase): Promise<void> {
  const client = await db.pool.connect();
  try {
    await client.query("CREATE TABLE IF NOT EXISTS plenary_schema (version INTEGER NOT NULL)");
    const row = (await client.query<{ version: number }>("SELECT version FROM plenary_schema")).rows[0];
    if (!row) await client.query("INSERT INTO plenary_schema (version) VALUES (0)");
    const current = row?.version ?? 0;
    if (current > migrations.length) throw tooNew(current, "DATABASE_URL");
    for (let version = current; version < migrations.length; version++) {
      const sql = migrations[version]?.postgres ?? "";
      await client.query("BEGIN");
      try {
        if (sql.trim() !== "") await client.query(sql);
        await client.query("UPDATE plenary_schema SET version = $1", [version + 1]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${version + 1} failed; nothing of it was kept: ${String(error)}`);
      }
    }
  } finally {
    client.release();
  }
}
