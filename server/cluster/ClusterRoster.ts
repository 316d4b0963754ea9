import type { RosterExchange, RosterShare } from "../collab/rosterShares.ts";
import type { ClusterRelay } from "./ClusterRelay.ts";

const TOPIC = "roster";
/** A server re-sends its shares this often while it has people on a draft... */
export const ROSTER_REFRESH_MS = 2_000;
/** ...and the others forget a share not refreshed for this long (a server that died). */
export const ROSTER_EXPIRY_MS = 7_000;

const EMPTY: RosterShare = { people: [], writers: [] };

interface RosterMessage {
  draft: string;
  share: RosterShare;
}

/**
 * Rosters across servers: each server sends its own share of a draft's
 * roster when it changes and every `ROSTER_REFRESH_MS` while it is not empty;
 * the others keep the latest share of every server and drop one that has not
 * been refreshed within `ROSTER_EXPIRY_MS`, so the people of a server that
 * died leave every roster within that time.
 */
export class ClusterRoster implements RosterExchange {
  private readonly own = new Map<string, RosterShare>();
  /** Per draft document: server id → its latest share and when it arrived. */
  private readonly remote = new Map<string, Map<string, { share: RosterShare; text: string; at: number }>>();
  private readonly listeners = new Set<(draft: string) => void>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly relay: ClusterRelay) {
    relay.on(TOPIC, (payload, from) => this.receive(payload, from));
    this.timer = setInterval(() => this.refresh(), ROSTER_REFRESH_MS);
    this.timer.unref();
  }

  publish(draft: string, share: RosterShare): void {
    if (share.people.length === 0 && share.writers.length === 0) this.own.delete(draft);
    else this.own.set(draft, share);
    this.relay.send(TOPIC, { draft, share } satisfies RosterMessage);
  }

  others(draft: string): RosterShare[] {
    return [...(this.remote.get(draft)?.values() ?? [])].map((entry) => entry.share);
  }

  onRemoteChange(listener: (draft: string) => void): void {
    this.listeners.add(listener);
  }

  /** A server shutting down takes its people off every roster at once, rather than at expiry. */
  stop(): void {
    clearInterval(this.timer);
    for (const draft of this.own.keys()) this.relay.send(TOPIC, { draft, share: EMPTY } satisfies RosterMessage);
    this.own.clear();
  }

  private refresh(): void {
    for (const [draft, share] of this.own) this.relay.send(TOPIC, { draft, share } satisfies RosterMessage);
    const now = Date.now();
    for (const [draft, servers] of this.remote) {
      let changed = false;
      for (const [server, entry] of servers) {
        if (now - entry.at <= ROSTER_EXPIRY_MS) continue;
        servers.delete(server);
        changed = true;
      }
      if (servers.size === 0) this.remote.delete(draft);
      if (changed) this.notify(draft);
    }
  }

  private receive(payload: unknown, from: string): void {
    const message = payload as Partial<RosterMessage> | null;
    const share = message?.share;
    if (typeof message?.draft !== "string" || !Array.isArray(share?.people) || !Array.isArray(share?.writers)) return;
    const { draft } = message;
    let servers = this.remote.get(draft);
    const empty = share.people.length === 0 && share.writers.length === 0;
    if (empty) {
      if (servers?.delete(from)) this.notify(draft);
      if (servers?.size === 0) this.remote.delete(draft);
      return;
    }
    if (!servers) {
      servers = new Map();
      this.remote.set(draft, servers);
    }
    const text = JSON.stringify(share);
    const previous = servers.get(from);
    servers.set(from, { share, text, at: Date.now() });
    // A refresh that changes nothing sends no new roster to anyone.
    if (previous?.text !== text) this.notify(draft);
  }

  private notify(draft: string): void {
    for (const listener of this.listeners) listener(draft);
  }
}
