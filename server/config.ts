import { resolve } from "node:path";
import { z } from "zod";
import { DEFAULT_LOGIN_RATE_LIMITS, type LoginRateLimits } from "./auth/LoginRateLimiter.ts";
import type { ProxySettings } from "./auth/proxy.ts";
import { type CollabLimits, DEFAULT_LIMITS } from "./collab/CollabLimits.ts";
import type { Durability } from "./storage/Database.ts";

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  durability: Durability;
  sessionTtlMs: number;
  invitationTtlMs: number;
  passwordResetTtlMs: number;
  limits: CollabLimits;
  loginLimits: LoginRateLimits;
  http: HttpLimits;
  proxy: ProxySettings;
  staticDir: string;
  seedDemo: boolean;
  /** PostgreSQL instead of the SQLite file in `dataDir`; null for SQLite. */
  databaseUrl: string | null;
  /** Redis of a cluster of servers sharing one database; null for a server on its own. */
  redisUrl: string | null;
  /** Names the cluster's Redis channels and keys (several clusters may share one Redis). */
  redisPrefix: string;
}

/** Limits on plain HTTP connections (websockets past their upgrade count towards `maxConnections` only). */
export interface HttpLimits {
  /** Time a client has to send a whole request, headers and body. */
  requestTimeoutMs: number;
  /** Time a client has to send a request's headers. */
  headersTimeoutMs: number;
  /** Connections (HTTP and websocket) the server holds at once; more are refused. */
  maxConnections: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  maxConnections: 5_000,
};

const count = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./data"),
  DURABILITY: z.enum(["process", "power"]).default("process"),
  INVITATION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 90)
    .default(24 * 7),
  PASSWORD_RESET_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 7)
    .default(24),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(24 * 7),
  MAX_FRAME_BYTES: z.coerce.number().int().min(1024).default(DEFAULT_LIMITS.maxFrameBytes),
  MAX_DOCUMENT_BYTES: z.coerce.number().int().min(1024).default(DEFAULT_LIMITS.maxDocumentBytes),
  MAX_AWARENESS_BYTES: z.coerce.number().int().min(256).default(DEFAULT_LIMITS.maxAwarenessBytes),
  MAX_DOCUMENTS_PER_SOCKET: z.coerce.number().int().min(1).default(DEFAULT_LIMITS.maxDocumentsPerSocket),
  MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).default(DEFAULT_LIMITS.maxConnectionsPerUser),
  MAX_UNAUTHENTICATED_PER_ADDRESS: count(DEFAULT_LIMITS.maxUnauthenticatedPerAddress),
  MAX_UNAUTHENTICATED: count(DEFAULT_LIMITS.maxUnauthenticated),
  MAX_UNAUTHENTICATED_BYTES: count(DEFAULT_LIMITS.maxUnauthenticatedBytes, 4096),
  MAX_OUTPUT_BUFFER_BYTES: count(DEFAULT_LIMITS.maxOutputBufferBytes, 65536),
  SYNC_REQUESTS_PER_MINUTE: count(DEFAULT_LIMITS.syncRequestsPerMinute, 2),
  IDLE_TIMEOUT_MS: count(DEFAULT_LIMITS.idleTimeoutMs, 1_000),
  HTTP_REQUEST_TIMEOUT_SECONDS: z.coerce
    .number()
    .positive()
    .default(DEFAULT_HTTP_LIMITS.requestTimeoutMs / 1000),
  HTTP_HEADERS_TIMEOUT_SECONDS: z.coerce
    .number()
    .positive()
    .default(DEFAULT_HTTP_LIMITS.headersTimeoutMs / 1000),
  MAX_CONNECTIONS: count(DEFAULT_HTTP_LIMITS.maxConnections, 10),
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  LOGIN_FAILURES_BEFORE_DELAY: count(DEFAULT_LOGIN_RATE_LIMITS.freeFailures),
  LOGIN_MAX_DELAY_SECONDS: z.coerce
    .number()
    .positive()
    .default(DEFAULT_LOGIN_RATE_LIMITS.maxDelayMs / 1000),
  LOGIN_FAILURES_PER_ADDRESS: count(DEFAULT_LOGIN_RATE_LIMITS.perAddress),
  LOGIN_WINDOW_MINUTES: z.coerce
    .number()
    .positive()
    .default(DEFAULT_LOGIN_RATE_LIMITS.windowMs / 60_000),
  STATIC_DIR: z.string().min(1).default("./dist/client"),
  SEED_DEMO: z.enum(["true", "false"]).default("true"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, "letters, digits, '_', '.' or '-', at most 64")
    .default("plenary"),
});

/** Reads the configuration from environment variables; an invalid value stops the start with a clear message. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const value = result.data;
  return {
    port: value.PORT,
    host: value.HOST,
    dataDir: resolve(value.DATA_DIR),
    durability: value.DURABILITY,
    sessionTtlMs: value.SESSION_TTL_HOURS * 3_600_000,
    invitationTtlMs: value.INVITATION_TTL_HOURS * 3_600_000,
    passwordResetTtlMs: value.PASSWORD_RESET_TTL_HOURS * 3_600_000,
    limits: {
      maxFrameBytes: value.MAX_FRAME_BYTES,
      maxDocumentBytes: value.MAX_DOCUMENT_BYTES,
      maxAwarenessBytes: value.MAX_AWARENESS_BYTES,
      maxDocumentsPerSocket: value.MAX_DOCUMENTS_PER_SOCKET,
      maxConnectionsPerUser: value.MAX_CONNECTIONS_PER_USER,
      maxUnauthenticatedPerAddress: value.MAX_UNAUTHENTICATED_PER_ADDRESS,
      maxUnauthenticated: value.MAX_UNAUTHENTICATED,
      maxUnauthenticatedBytes: value.MAX_UNAUTHENTICATED_BYTES,
      maxOutputBufferBytes: value.MAX_OUTPUT_BUFFER_BYTES,
      syncRequestsPerMinute: value.SYNC_REQUESTS_PER_MINUTE,
      idleTimeoutMs: value.IDLE_TIMEOUT_MS,
    },
    loginLimits: {
      freeFailures: value.LOGIN_FAILURES_BEFORE_DELAY,
      maxDelayMs: value.LOGIN_MAX_DELAY_SECONDS * 1000,
      perAddress: value.LOGIN_FAILURES_PER_ADDRESS,
      windowMs: value.LOGIN_WINDOW_MINUTES * 60_000,
    },
    http: {
      requestTimeoutMs: value.HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
      // Node requires the header timeout not to exceed the request timeout.
      headersTimeoutMs: Math.min(value.HTTP_HEADERS_TIMEOUT_SECONDS, value.HTTP_REQUEST_TIMEOUT_SECONDS) * 1000,
      maxConnections: value.MAX_CONNECTIONS,
    },
    proxy: { trustProxy: value.TRUST_PROXY === "true", cookieSecure: value.COOKIE_SECURE },
    staticDir: resolve(value.STATIC_DIR),
    seedDemo: value.SEED_DEMO === "true",
    databaseUrl: value.DATABASE_URL ?? null,
    redisUrl: value.REDIS_URL ?? null,
    redisPrefix: value.REDIS_PREFIX,
  };
}

/**
 * Turns a failure to open the database into a message that names `DATA_DIR`,
 * the path, what went wrong and what to do about it.
 */
export function dataDirFailure(dataDir: string, error: unknown): Error {
  const code = typeof error === "object" && error !== null ? String((error as { code?: unknown }).code ?? "") : "";
  const detail = error instanceof Error ? error.message : String(error);
  const where = `DATA_DIR (${dataDir})`;
  if (detail.includes("DATA_DIR")) return error instanceof Error ? error : new Error(detail);
  if (code === "ENOTDIR" || code === "EEXIST") {
    return new Error(
      `${where} is a file, not a folder (${detail}). Set DATA_DIR to a folder; Plenary creates it if it does not exist.`,
    );
  }
  if (["EACCES", "EPERM", "EROFS", "SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM"].includes(code)) {
    return new Error(
      `Plenary cannot create or write its database in ${where}: ${detail}. Give the user running Plenary read and write access to that folder, or set DATA_DIR to a folder it may write to.`,
    );
  }
  if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT") {
    return new Error(
      `${where} holds a plenary.sqlite that is not a readable Plenary database: ${detail}. Restore it from a backup, or set DATA_DIR to an empty folder to start afresh.`,
    );
  }
  return new Error(
    `Plenary could not open its database in ${where}: ${detail}. Check that DATA_DIR is a folder Plenary can read and write.`,
  );
}

/**
 * Turns a failure to reach or prepare PostgreSQL into a message that names
 * `DATABASE_URL`, the server it points at (never its password) and what to do.
 */
export function databaseFailure(databaseUrl: string, error: unknown): Error {
  const code = typeof error === "object" && error !== null ? String((error as { code?: unknown }).code ?? "") : "";
  const detail = error instanceof Error ? error.message : String(error);
  let where = "the server it names";
  let database = "";
  try {
    const url = new URL(databaseUrl);
    where = `${url.hostname || "localhost"}:${url.port || "5432"}`;
    database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  } catch {
    // An unparsable URL is reported as it is.
  }
  const named = `DATABASE_URL (PostgreSQL at ${where}${database ? `, database ${database}` : ""})`;
  if (detail.includes("DATABASE_URL")) return error instanceof Error ? error : new Error(detail);
  if (["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ECONNRESET"].includes(code)) {
    return new Error(
      `Plenary cannot reach ${named}: ${detail}. Start PostgreSQL or correct the host and port in DATABASE_URL; unset DATABASE_URL to use the SQLite file in DATA_DIR instead.`,
    );
  }
  if (code === "3D000") {
    return new Error(
      `${named} does not exist: create it (createdb ${database || "plenary"}) or point DATABASE_URL at an existing database.`,
    );
  }
  if (code === "28P01" || code === "28000") {
    return new Error(
      `PostgreSQL refused the user or password in DATABASE_URL (${where}): ${detail}. Correct the credentials in DATABASE_URL.`,
    );
  }
  return new Error(
    `Plenary could not open its database through ${named}: ${detail}. Check that PostgreSQL is running and that DATABASE_URL is right.`,
  );
}
