import { Redis, type RedisOptions } from "ioredis";
import { LogThrottle } from "../collab/LogThrottle.ts";
import type { Logger } from "../logger.ts";

/** Reconnection attempts are spaced this much apart at most, so recovery follows Redis' return closely. */
const MAX_RECONNECT_DELAY_MS = 1_000;

/**
 * The Redis connections of one server, and whether all of them are up.
 * Every client reconnects by itself, forever; while one is down the server
 * keeps serving its own clients from its own memory and database, and when
 * all are up (again) `onRecovered` listeners catch up on what the other
 * servers did meanwhile (messages published during an outage are not kept
 * by Redis).
 */
export class RedisLink {
  private readonly clients = new Set<Redis>();
  private readonly recovered = new Set<() => void>();
  private readonly lost = new Set<() => void>();
  private readonly errors: LogThrottle;
  /** Whether every client was ready at the last change of any of them. */
  private allUp = false;
  /** Whether all were up once (for the log). */
  private wasUp = false;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly serverId: string,
    private readonly logger: Logger,
  ) {
    this.errors = new LogThrottle(logger);
  }

  /**
   * A new client. `queueWhileDown: false` makes commands fail at once while
   * the connection is down instead of waiting for it (for messages whose loss
   * the recovery makes good).
   */
  client(role: string, { queueWhileDown = true }: { queueWhileDown?: boolean } = {}): Redis {
    const options: RedisOptions = {
      connectionName: `plenary:${this.serverId}:${role}`,
      retryStrategy: (attempt) => Math.min(50 * attempt, MAX_RECONNECT_DELAY_MS),
      // Commands wait for the connection instead of failing after some retries.
      maxRetriesPerRequest: null,
      enableOfflineQueue: queueWhileDown,
    };
    const client = new Redis(this.url, options);
    this.clients.add(client);
    client.on("error", (error: Error) => this.errors.warn("redis connection problem", role, { error: error.message }));
    client.on("ready", () => this.changed());
    client.on("close", () => this.changed());
    return client;
  }

  /** Whether every Redis connection of this server is up now. */
  get up(): boolean {
    return this.clients.size > 0 && [...this.clients].every((client) => client.status === "ready");
  }

  onRecovered(listener: () => void): void {
    this.recovered.add(listener);
  }

  onLost(listener: () => void): void {
    this.lost.add(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      [...this.clients].map(async (client) => {
        try {
          if (client.status === "ready") await client.quit();
          else client.disconnect(false);
        } catch {
          client.disconnect(false);
        }
      }),
    );
  }

  private changed(): void {
    if (this.closed) return;
    const up = this.up;
    if (up === this.allUp) return;
    this.allUp = up;
    if (!up) {
      this.logger.warn("redis unreachable: this server serves its own clients alone until it is back");
      for (const listener of this.lost) listener();
      return;
    }
    // Also on the first connection: documents opened before Redis answered
    // (a server may start while it is down) were served without it.
    this.logger.info(this.wasUp ? "redis reachable again: catching up with the other servers" : "redis connected");
    this.wasUp = true;
    for (const listener of this.recovered) {
      try {
        listener();
      } catch (error) {
        this.logger.error("catching up after a redis outage failed", { error: String(error) });
      }
    }
  }
}
