import { resolve } from "node:path";
import { z } from "zod";
import type { Durability } from "./storage/Database.ts";

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  durability: Durability;
  sessionTtlMs: number;
  maxFrameBytes: number;
  staticDir: string;
  seedDemo: boolean;
}

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./data"),
  DURABILITY: z.enum(["process", "power"]).default("process"),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(24 * 7),
  MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(16 * 1024 * 1024),
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
    maxFrameBytes: value.MAX_FRAME_BYTES,
    staticDir: resolve(value.STATIC_DIR),
    seedDemo: value.SEED_DEMO === "true",
  };
}
