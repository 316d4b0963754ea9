import type { ClusterRelay } from "./ClusterRelay.ts";

const TOPIC = "alive";
/** Each server says it is alive this often... */
const HEARTBEAT_MS = 2_000;
/** ...and is taken for dead after this long without a word. */
const SILENCE_MS = 7_000;

/**
 * Which other servers are alive, from a heartbeat on the relay. A server that
 * dies may have stored updates it had not yet relayed; whoever notices its
 * silence re-reads the documents it holds from the database (`onLost`).
 */
export class ClusterMembers {
  private readonly lastHeard = new Map<string, number>();
  private readonly lost = new Set<(serverId: string) => void>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly relay: ClusterRelay,
    private readonly connected: () => boolean,
  ) {
    relay.on(TOPIC, (_payload, from) => this.lastHeard.set(from, Date.now()));
    relay.send(TOPIC, null);
    this.timer = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  /** The other servers heard from recently. */
  get peers(): string[] {
    return [...this.lastHeard.keys()];
  }

  onLost(listener: (serverId: string) => void): void {
    this.lost.add(listener);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private beat(): void {
    this.relay.send(TOPIC, null);
    const now = Date.now();
    // Cut off from Redis, this server hears nobody: that says nothing of the others.
    if (!this.connected()) {
      for (const server of this.lastHeard.keys()) this.lastHeard.set(server, now);
      return;
    }
    for (const [server, at] of this.lastHeard) {
      if (now - at <= SILENCE_MS) continue;
      this.lastHeard.delete(server);
      for (const listener of this.lost) listener(server);
    }
  }
}
