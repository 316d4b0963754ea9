import type BetterSqlite3 from "better-sqlite3";
import { Mutex } from "./Mutex.ts";
import type { Dialect, RunResult, SqlDatabase, SqlValue, TransactionExecutor } from "./SqlExecutor.ts";

const sqliteDialect: Dialect = {
  greatest: (...expressions) => `MAX(${expressions.join(", ")})`,
  jsonText: (column, field) => `json_extract(${column}, '$.${field}')`,
  insertionOrder: (alias) => `${alias}.rowid`,
};

type Bindable = string | number | bigint | null | Buffer;

function bind(params: readonly SqlValue[]): Bindable[] {
  return params.map((value) => {
    if (typeof value === "boolean") return value ? 1 : 0;
    if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
      return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    }
    return value as Bindable;
  });
}

/** Prepared statements, kept per SQL text: preparing is most of a small statement's cost. */
class Statements {
  private readonly cache = new Map<string, BetterSqlite3.Statement>();
  constructor(private readonly db: BetterSqlite3.Database) {}

  get(sql: string): BetterSqlite3.Statement {
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }
}

/** Runs statements on the connection right away (the caller holds, or needs no, lock). */
function direct(statements: Statements) {
  return {
    get<T>(sql: string, params: readonly SqlValue[] = []): T | undefined {
      return statements.get(sql).get(...bind(params)) as T | undefined;
    },
    all<T>(sql: string, params: readonly SqlValue[] = []): T[] {
      return statements.get(sql).all(...bind(params)) as T[];
    },
    run(sql: string, params: readonly SqlValue[] = []): RunResult {
      return { changes: statements.get(sql).run(...bind(params)).changes };
    },
  };
}

/**
 * better-sqlite3 behind the async executor. One connection serves the whole
 * process, so a transaction that awaits must not let other statements in: a
 * transaction holds a mutex from BEGIN IMMEDIATE to COMMIT, and statements
 * outside any transaction wait for it (they run at once when none is open).
 */
export class SqliteDatabase implements SqlDatabase {
  readonly engine = "sqlite" as const;
  readonly dialect = sqliteDialect;
  private readonly mutex = new Mutex();
  private readonly statements: Statements;
  private readonly now;

  constructor(readonly raw: BetterSqlite3.Database) {
    this.statements = new Statements(raw);
    this.now = direct(this.statements);
  }

  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.whenFree(() => this.now.get<T>(sql, params));
  }

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.whenFree(() => this.now.all<T>(sql, params));
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult> {
    return this.whenFree(() => this.now.run(sql, params));
  }

  async transaction<T>(work: (tx: TransactionExecutor) => Promise<T>): Promise<T> {
    const release = await this.mutex.acquire();
    const tx = new SqliteTransaction(this.raw, this.now, this.dialect);
    try {
      this.raw.exec("BEGIN IMMEDIATE");
      try {
        const result = await work(tx);
        this.raw.exec("COMMIT");
        return result;
      } catch (error) {
        if (this.raw.inTransaction) this.raw.exec("ROLLBACK");
        throw error;
      }
    } finally {
      tx.end();
      release();
    }
  }

  snapshot<T>(work: (tx: TransactionExecutor) => Promise<T>): Promise<T> {
    return this.transaction(work);
  }

  async exclusively<T>(work: () => Promise<T>): Promise<T> {
    // One process owns the file; nothing else starts at the same time.
    return work();
  }

  async close(): Promise<void> {
    await this.mutex.run(() => this.raw.close());
  }

  private whenFree<T>(statement: () => T): Promise<T> {
    if (!this.mutex.busy) {
      try {
        return Promise.resolve(statement());
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.mutex.run(statement);
  }
}

let savepoints = 0;

/** The executor a transaction's work gets: it runs on the connection the transaction holds. */
class SqliteTransaction implements TransactionExecutor {
  readonly engine = "sqlite" as const;
  private ended = false;

  constructor(
    private readonly raw: BetterSqlite3.Database,
    private readonly now: ReturnType<typeof direct>,
    readonly dialect: Dialect,
  ) {}

  end(): void {
    this.ended = true;
  }

  async get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    this.check();
    return this.now.get<T>(sql, params);
  }

  async all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    this.check();
    return this.now.all<T>(sql, params);
  }

  async run(sql: string, params?: readonly SqlValue[]): Promise<RunResult> {
    this.check();
    return this.now.run(sql, params);
  }

  async lock(_key: string, _mode: "shared" | "exclusive"): Promise<void> {
    // BEGIN IMMEDIATE took the database's write lock: nobody else writes until COMMIT.
    this.check();
  }

  async transaction<T>(work: (tx: TransactionExecutor) => Promise<T>): Promise<T> {
    this.check();
    savepoints += 1;
    const name = `sp${savepoints}`;
    this.raw.exec(`SAVEPOINT ${name}`);
    try {
      const result = await work(this);
      this.raw.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      this.raw.exec(`ROLLBACK TO ${name}`);
      this.raw.exec(`RELEASE ${name}`);
      throw error;
    }
  }

  private check(): void {
    if (this.ended) throw new Error("this transaction has ended: its statements must run inside it");
  }
}
