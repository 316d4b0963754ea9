import type BetterSqlite3 from "better-sqlite3";
import type { SqlDatabase } from "../../server/storage/sql/SqlExecutor.ts";
import { SqliteDatabase } from "../../server/storage/sql/SqliteDatabase.ts";

/**
 * The better-sqlite3 connection under a test server's database, for tests
 * that inject failures with SQLite triggers or read every table. Use it
 * between requests: statements on it bypass the executor's transaction lock.
 */
export function sqliteOf(db: SqlDatabase): BetterSqlite3.Database {
  if (!(db instanceof SqliteDatabase)) throw new Error("this test needs the SQLite engine");
  return db.raw;
}
