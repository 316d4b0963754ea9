import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { migratePostgres, migrateSqlite } from "../../server/storage/sql/migrate.ts";
import { PostgresDatabase } from "../../server/storage/sql/PostgresDatabase.ts";
import type { Engine, SqlDatabase } from "../../server/storage/sql/SqlExecutor.ts";
import { SqliteDatabase } from "../../server/storage/sql/SqliteDatabase.ts";
import { createTestDatabase } from "./postgres.ts";

/**
 * An empty database of one engine. On PostgreSQL `connect` opens another pool
 * on it, as another server would; a SQLite file has one connection per
 * process (better-sqlite3 waits for a lock synchronously, so a second
 * connection in the same process could wait on the first forever), and
 * `connect` gives that one.
 */
export interface EngineUnderTest {
  engine: Engine;
  /** Opens a connection to the fresh database, without migrating. */
  connect(): Promise<SqlDatabase>;
  /** Closes every connection it opened and removes the database. */
  dispose(): Promise<void>;
}

export interface EngineFactory {
  engine: Engine;
  create(): Promise<EngineUnderTest>;
}

const sqliteFactory: EngineFactory = {
  engine: "sqlite",
  async create() {
    const dir = mkdtempSync(join(tmpdir(), "plenary-storage-"));
    let opened: SqlDatabase | null = null;
    return {
      engine: "sqlite",
      async connect() {
        if (!opened) {
          const raw = new BetterSqlite3(join(dir, "plenary.sqlite"));
          raw.pragma("journal_mode = WAL");
          raw.pragma("foreign_keys = ON");
          raw.pragma("busy_timeout = 5000");
          opened = new SqliteDatabase(raw);
        }
        return opened;
      },
      async dispose() {
        await opened?.close().catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgresFactory: EngineFactory = {
  engine: "postgres",
  async create() {
    const database = await createTestDatabase();
    const opened: SqlDatabase[] = [];
    return {
      engine: "postgres",
      async connect() {
        const db = new PostgresDatabase({ connectionString: database.url, max: 4 });
        opened.push(db);
        return db;
      },
      async dispose() {
        for (const db of opened) await db.close().catch(() => {});
        await database.drop();
      },
    };
  },
};

/** Migrates a database as a server does at start (under the start-up lock). */
export async function migrate(db: SqlDatabase): Promise<void> {
  if (db instanceof PostgresDatabase) await db.exclusively(() => migratePostgres(db));
  else if (db instanceof SqliteDatabase) migrateSqlite(db.raw);
}

/**
 * The engines this run covers: SQLite in the everyday suite, both in the
 * scale project (PLENARY_TEST_ENGINES=sqlite,postgres), which has a
 * PostgreSQL server at hand.
 */
export function enginesUnderTest(): EngineFactory[] {
  const wanted = (process.env.PLENARY_TEST_ENGINES ?? "sqlite").split(",").map((name) => name.trim());
  return [sqliteFactory, postgresFactory].filter((factory) => wanted.includes(factory.engine));
}
