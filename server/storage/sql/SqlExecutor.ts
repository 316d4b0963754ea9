/** A value a statement can bind: numbers, text, bytes or null. */
export type SqlValue = string | number | bigint | boolean | null | Uint8Array;

export interface RunResult {
  /** Rows inserted, updated or deleted by the statement. */
  changes: number;
}

export const Engines = { sqlite: "sqlite", postgres: "postgres" } as const;
export type Engine = (typeof Engines)[keyof typeof Engines];

/**
 * Runs SQL on one engine. Statements use `?` placeholders (translated for
 * engines that number them) and the SQL both engines understand; where they
 * differ, `dialect` gives the engine's spelling. Integers come back as
 * numbers, bytes as Buffers.
 */
export interface SqlExecutor {
  readonly engine: Engine;
  readonly dialect: Dialect;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
  /**
   * Runs `work` in one transaction: committed if it resolves, rolled back if
   * it throws. Inside a transaction it becomes a savepoint. Everything `work`
   * does must go through the executor it is given.
   */
  transaction<T>(work: (tx: TransactionExecutor) => Promise<T>): Promise<T>;
}

export interface TransactionExecutor extends SqlExecutor {
  /**
   * Holds a lock on `key` until the transaction ends: `exclusive` excludes
   * every other holder, `shared` only exclusive ones. Several servers on one
   * PostgreSQL serialise on it; on SQLite the transaction already holds the
   * database's write lock, so this costs nothing.
   */
  lock(key: string, mode: "shared" | "exclusive"): Promise<void>;
}

/** A connection (or pool) that can be closed, and run its start-up work once across servers. */
export interface SqlDatabase extends SqlExecutor {
  /**
   * Runs `work` while holding the database-wide start-up lock: two servers
   * starting at once on one PostgreSQL migrate and seed one after the other.
   */
  exclusively<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Runs `work`, which only reads, in one transaction that sees the database
   * at one instant (PostgreSQL: REPEATABLE READ, READ ONLY; SQLite: any
   * transaction does).
   */
  snapshot<T>(work: (tx: TransactionExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Where the engines' SQL differs. */
export interface Dialect {
  /** The largest of several values (SQLite's scalar MAX, PostgreSQL's GREATEST). */
  greatest(...expressions: string[]): string;
  /** A text field of a JSON text column, or NULL. */
  jsonText(column: string, field: string): string;
  /** A column that orders rows of one table by insertion, for breaking ties. */
  insertionOrder(alias: string): string;
}
