import { randomBytes } from "node:crypto";
import { onTestFinished } from "vitest";
import { type ChildServer, startChildServer, tempDataDir } from "./childServer.ts";
import { createTestDatabase } from "./postgres.ts";

export const REDIS_URL = process.env.PLENARY_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** Where the servers of one test keep their data: shared by all of them, fresh for the test. */
export interface SharedStorage {
  /** Environment that points a server at this storage. */
  env: Record<string, string>;
}

/**
 * The database every server of the test shares, made for the test and
 * removed after it: a fresh PostgreSQL database, or with
 * PLENARY_SCALE_ENGINE=sqlite one SQLite file (WAL works across processes on
 * one host). `through` maps the database's URL to the one the servers use
 * (e.g. a proxy the test cuts).
 */
export async function sharedStorage(
  options: { engine?: "sqlite" | "postgres"; through?: (url: string) => string } = {},
): Promise<SharedStorage> {
  const engine = options.engine ?? SCALE_ENGINE;
  const dataDir = tempDataDir();
  if (engine === "sqlite") return { env: { DATA_DIR: dataDir } };
  const database = await createTestDatabase();
  onTestFinished(() => database.drop());
  const url = options.through ? options.through(database.url) : database.url;
  return { env: { DATA_DIR: dataDir, DATABASE_URL: url } };
}

/** The engine the servers of the scale tests share. */
export const SCALE_ENGINE: "sqlite" | "postgres" =
  process.env.PLENARY_SCALE_ENGINE === "sqlite" ? "sqlite" : "postgres";

/** Channels and keys of this test alone, so test files running at once never hear each other. */
export function redisPrefix(): string {
  return `plenary-test-${randomBytes(6).toString("hex")}`;
}

export interface ClusterOptions {
  storage?: SharedStorage;
  /** Redis as the servers see it (e.g. through a proxy a test cuts). */
  redisUrl?: string;
  prefix?: string;
  env?: Record<string, string>;
}

/**
 * A server on the same storage that is not part of the cluster (no Redis):
 * what it serves is what the database holds, loaded afresh.
 */
export function startFreshReader(storage: SharedStorage): Promise<ChildServer> {
  return startChildServer(storage.env.DATA_DIR ?? tempDataDir(), { ...storage.env, SEED_DEMO: "false" });
}

/**
 * Starts `count` server processes on their own ports, sharing one database and
 * one Redis: the first seeds the demo workspace, the others start once it is
 * up (they find it seeded). Each is killed when the test ends.
 */
export async function startCluster(count: number, options: ClusterOptions = {}): Promise<ChildServer[]> {
  const storage = options.storage ?? (await sharedStorage());
  const prefix = options.prefix ?? redisPrefix();
  const env = { REDIS_URL: options.redisUrl ?? REDIS_URL, REDIS_PREFIX: prefix, ...storage.env, ...options.env };
  const first = await startChildServer(storage.env.DATA_DIR ?? tempDataDir(), env);
  const rest = await Promise.all(
    Array.from({ length: count - 1 }, () => startChildServer(storage.env.DATA_DIR ?? tempDataDir(), env)),
  );
  return [first, ...rest];
}
