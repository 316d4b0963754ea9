import pg from "pg";
import { numberPlaceholders } from "./placeholders.ts";
import type { Dialect, RunResult, SqlDatabase, SqlValue, TransactionExecutor } from "./SqlExecutor.ts";

const INT8 = 20;

/**
 * Integers are stored as BIGINT (timestamps in milliseconds outgrow INTEGER);
 * they, and COUNT(*), come back as numbers like SQLite's. Every value Plenary
 * stores is far below 2^53.
 */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8 && format !== "binary"
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

const postgresDialect: Dialect = {
  greatest: (...expressions) => `GREATEST(${expressions.join(", ")})`,
  jsonText: (column, field) => `(${column}::json ->> '${field}')`,
  insertionOrder: (alias) => `${alias}.ctid`,
};

function bind(params: readonly SqlValue[]): unknown[] {
  return params.map((value) => {
    if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
      return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    }
    if (typeof value === "bigint") return value.toString();
    return value;
  });
}

const translated = new Map<string, string>();
function sqlFor(sql: string): string {
  let text = translated.get(sql);
  if (text === undefined) {
    text = numberPlaceholders(sql);
    if (translated.size < 5_000) translated.set(sql, text);
  }
  return text;
}

type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

async function query<T>(
  on: Queryable,
  sql: string,
  params: readonly SqlValue[] = [],
): Promise<pg.QueryResult<T & pg.QueryResultRow>> {
  return on.query<T & pg.QueryResultRow>(sqlFor(sql), bind(params));
}

/** The key of an advisory lock: a 64-bit hash of a name, computed by the server. */
const LOCK_KEY = "hashtextextended(?, 0)";
const STARTUP_LOCK = "plenary:startup";

export interface PostgresOptions {
  connectionString: string;
  /** Connections in the pool (node-postgres' default is 10). */
  max?: number;
}

/**
 * node-postgres behind the async executor: statements outside a transaction
 * take any pooled connection; a transaction holds one connection from BEGIN
 * to COMMIT and its work is bound to it.
 */
export class PostgresDatabase implements SqlDatabase {
  readonly engine = "postgres" as const;
  readonly dialect = postgresDialect;
  readonly pool: pg.Pool;

  constructor(options: PostgresOptions) {
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.max ?? 10,
      types,
      // An unreachable server fails the request instead of hanging it.
      connectionTimeoutMillis: 10_000,
    });
    // An idle connection that drops (the server restarts) must not crash the process: the pool replaces it.
    this.pool.on("error", () => {});
  }

  async get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return (await query<T>(this.pool, sql, params)).rows[0];
  }

  async all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return (await query<T>(this.pool, sql, params)).rows;
  }

  async run(sql: string, params?: readonly SqlValue[]): Promise<RunResult> {
    return { changes: (await query(this.pool, sql, params)).rowCount ?? 0 };
  }

  transaction<T>(work: (tx: TransactionExecutor) => Promise<T>): Promise<T> {
    return this.inTransaction("BEGIN", work);
  }

  snapshot<T>(work: (tx: TransactionExecutor) => Promise<T>): Promise<T> {
    return this.inTransaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", work);
  }

  private async inTransaction<T>(begin: string, work: (tx: TransactionExecutor) => Promise<T>): Promise<T> {
    const client = await this.checkOut();
    const tx = new PostgresTransaction(client, this.dialect);
    let broken: unknown;
    try {
      await client.query(begin);
      try {
        const result = await work(tx);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((rollbackError: unknown) => {
          broken = rollbackError;
        });
        throw error;
      }
    } catch (error) {
      broken ??= isConnectionError(error) ? error : undefined;
      throw error;
    } finally {
      tx.end();
      // A connection whose state is unknown is closed rather than reused.
      client.release(broken instanceof Error ? broken : undefined);
      client.off("error", ignoreDroppedConnection);
    }
  }

  async exclusively<T>(work: () => Promise<T>): Promise<T> {
    const client = await this.checkOut();
    try {
      await query(client, `SELECT pg_advisory_lock(${LOCK_KEY})`, [STARTUP_LOCK]);
      try {
        return await work();
      } finally {
        await query(client, `SELECT pg_advisory_unlock(${LOCK_KEY})`, [STARTUP_LOCK]);
      }
    } finally {
      client.release();
      client.off("error", ignoreDroppedConnection);
    }
  }

  /**
   * A connection of our own from the pool. If the server goes away while it
   * is checked out, node-postgres fails the statement running on it and also
   * emits "error" on it, which would end the process if nobody listened: the
   * statement's failure is what reports it.
   */
  private async checkOut(): Promise<pg.PoolClient> {
    const client = await this.pool.connect();
    client.on("error", ignoreDroppedConnection);
    return client;
  }

  /** Runs several statements as one script (migrations); no parameters. */
  async script(on: Queryable, sql: string): Promise<void> {
    await on.query(sql);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function ignoreDroppedConnection(): void {}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code !== "string" || !/^[0-9A-Z]{5}$/.test(code);
}

let savepoints = 0;

class PostgresTransaction implements TransactionExecutor {
  readonly engine = "postgres" as const;
  private ended = false;

  constructor(
    readonly client: pg.PoolClient,
    readonly dialect: Dialect,
  ) {}

  end(): void {
    this.ended = true;
  }

  async get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    this.check();
    return (await query<T>(this.client, sql, params)).rows[0];
  }

  async all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    this.check();
    return (await query<T>(this.client, sql, params)).rows;
  }

  async run(sql: string, params?: readonly SqlValue[]): Promise<RunResult> {
    this.check();
    return { changes: (await query(this.client, sql, params)).rowCount ?? 0 };
  }

  async lock(key: string, mode: "shared" | "exclusive"): Promise<void> {
    this.check();
    const fn = mode === "shared" ? "pg_advisory_xact_lock_shared" : "pg_advisory_xact_lock";
    await query(this.client, `SELECT ${fn}(${LOCK_KEY})`, [key]);
  }

  async transaction<T>(work: (tx: TransactionExecutor) => Promise<T>): Promise<T> {
    this.check();
    savepoints += 1;
    const name = `sp${savepoints}`;
    await this.client.query(`SAVEPOINT ${name}`);
    try {
      const result = await work(this);
      await this.client.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await this.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw error;
    }
  }

  private check(): void {
    if (this.ended) throw new Error("this transaction has ended: its statements must run inside it");
  }
}
