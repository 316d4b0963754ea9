import { ROSTER_LIMIT, type RosterEntry, type RosterMessage } from "../../shared/presence.ts";

/** One server's part of a draft's roster: the people on the draft page there, and who may write there. */
export interface RosterShare {
  people: RosterEntry[];
  /** Users with a writable connection to one of the draft's sections on that server. */
  writers: string[];
}

/**
 * How the servers of a cluster share rosters. Each server publishes its own
 * share of a draft whenever it changes (and refreshes it while it has one);
 * a share not refreshed in time is dropped, so a server that dies leaves the
 * rosters by itself.
 */
export interface RosterExchange {
  publish(draftDocumentName: string, share: RosterShare): void;
  /** The current shares of the other servers. */
  others(draftDocumentName: string): RosterShare[];
  /** Called when another server's share of a draft changed, appeared or expired. */
  onRemoteChange(listener: (draftDocumentName: string) => void): void;
}

/**
 * The roster everyone sees: one entry per person across the shares (their
 * connections added up), writing if they may write anywhere, writers first.
 */
export function mergeRosterShares(shares: readonly RosterShare[]): RosterMessage {
  const writers = new Set(shares.flatMap((share) => share.writers));
  const people = new Map<string, RosterEntry>();
  for (const share of shares) {
    for (const person of share.people) {
      const known = people.get(person.id);
      if (known) known.connections += person.connections;
      else people.set(person.id, { ...person });
    }
  }
  for (const person of people.values()) person.writing = person.writing || writers.has(person.id);
  const users = [...people.values()]
    .sort((a, b) => Number(b.writing) - Number(a.writing) || a.delegation.localeCompare(b.delegation))
    .slice(0, ROSTER_LIMIT);
  return { type: "roster", count: people.size, users };
}
