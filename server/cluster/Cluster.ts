import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Extension } from "@hocuspocus/server";
import type { ChangeEventBus } from "../events/ChangeEventBus.ts";
import type { ChangeEvent } from "../events/changeEvents.ts";
import type { Logger } from "../logger.ts";
import { ClusterMembers } from "./ClusterMembers.ts";
import { ClusterRelay } from "./ClusterRelay.ts";
import { ClusterRoster } from "./ClusterRoster.ts";
import { ClusterSync } from "./ClusterSync.ts";
import { RedisLink } from "./RedisLink.ts";

/** While Redis is down, what other servers announce is lost: re-read it from the database this often. */
const CATCH_UP_WHILE_DOWN_MS = 5_000;

/**
 * One server's membership of a cluster of identical servers sharing one
 * database and one Redis: live document sync and presence (ClusterSync), the
 * roster shares (ClusterRoster) and every committed change (ClusterRelay).
 */
export class Cluster {
  readonly serverId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  readonly link: RedisLink;
  readonly sync: ClusterSync;
  readonly relay: ClusterRelay;
  readonly roster: ClusterRoster;
  readonly members: ClusterMembers;
  private catchUpTimer: NodeJS.Timeout | null = null;

  /** `prefix` names this cluster's channels and keys, so several clusters can share one Redis. */
  constructor(
    redisUrl: string,
    prefix: string,
    private readonly logger: Logger,
  ) {
    this.link = new RedisLink(redisUrl, this.serverId, logger);
    this.sync = new ClusterSync(this.link, this.serverId, prefix, logger);
    this.relay = new ClusterRelay(this.link, this.serverId, prefix, logger);
    this.roster = new ClusterRoster(this.relay);
    this.members = new ClusterMembers(this.relay, () => this.link.up);
  }

  /** The Hocuspocus extensions a clustered server adds. */
  get extensions(): Extension[] {
    return [this.sync];
  }

  /**
   * Keeps this server in step with the others: change events committed here
   * go to the others, and theirs come to `events`' listeners here (each server
   * applies each event once, to its own connections and timers); `catchUp`
   * (re-read rights, projections and deadlines from the database) runs when
   * Redis is (back) up, and every few seconds while it is down; `reloadStored`
   * (bring loaded documents up to the database) when another server falls
   * silent or Redis is back, since updates stored elsewhere may not have been
   * relayed.
   */
  join({
    events,
    catchUp,
    reloadStored,
  }: {
    events: ChangeEventBus;
    catchUp: (projections: boolean) => Promise<void>;
    reloadStored: () => Promise<void>;
  }): void {
    events.forwardTo((committed) => this.relay.send("change", committed));
    // Listeners' failures are logged by the bus itself.
    // In the order they were committed, as on the server that committed them.
    let applying = Promise.resolve();
    this.relay.on("change", (payload) => {
      applying = applying.then(() => events.deliver(payload as ChangeEvent[]));
    });
    const safely = (projections: boolean) => {
      catchUp(projections).catch((error: unknown) =>
        this.logger.error("could not catch up with the database", { error: String(error) }),
      );
    };
    const reload = (why: string) =>
      reloadStored().catch((error: unknown) =>
        this.logger.error("could not re-read documents from the database", { why, error: String(error) }),
      );
    this.link.onRecovered(() => {
      if (this.catchUpTimer) clearInterval(this.catchUpTimer);
      this.catchUpTimer = null;
      // The other servers' state first: projections are then rewritten only where they differ from the database.
      void this.sync
        .resync()
        .then(() => reload("redis back"))
        .then(() => safely(true));
    });
    this.members.onLost((serverId) => {
      this.logger.warn("another server fell silent: re-reading open documents from the database", { serverId });
      void reload("server lost");
    });
    this.link.onLost(() => {
      if (this.catchUpTimer) return;
      this.catchUpTimer = setInterval(() => safely(false), CATCH_UP_WHILE_DOWN_MS);
      this.catchUpTimer.unref();
    });
  }

  async close(): Promise<void> {
    if (this.catchUpTimer) clearInterval(this.catchUpTimer);
    this.roster.stop();
    this.members.stop();
    await this.sync.onDestroy().catch(() => {});
    await this.link.close();
  }
}
