import { resolve } from "node:path";
import { z } from "zod";
import type { LoginRateLimits } from "./auth/LoginRateLimiter.ts";
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
  staticDir: string;
  seedDemo: boolean;
}

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
  LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(30),
  LOGIN_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  STATIC_DIR: z.string().min(1).default("./dist/client"),
  SEED_DEMO: z.enum(["true", "false"]).default("true"),
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
    },
    loginLimits: {
      perAccount: value.LOGIN_FAILURES_PER_ACCOUNT,
      perAddress: value.LOGIN_FAILURES_PER_ADDRESS,
      windowMs: value.LOGIN_WINDOW_MINUTES * 60_000,
    },
    staticDir: resolve(value.STATIC_DIR),
    seedDemo: value.SEED_DEMO === "true",
  };
}
