/**
 * What a client shows about someone present in a document. The server
 * overwrites the `user` field of every presence state with the identity of the
 * authenticated session, so nobody can appear as someone else.
 */
export interface PresenceUser {
  id: string;
  name: string;
  delegation: string;
  color: string;
}

export const PRESENCE_USER_FIELD = "user";

const PALETTE = [
  "#1f6feb",
  "#b3261e",
  "#1a7f37",
  "#8250df",
  "#bf5700",
  "#0a7ea4",
  "#c2185b",
  "#5d6b00",
  "#6e40c9",
  "#9a6700",
] as const;

/** A stable colour per delegation, so a delegation reads the same everywhere. */
export function delegationColor(delegation: string): string {
  let hash = 0;
  for (const char of delegation) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? PALETTE[0];
}

/**
 * Who is on a draft page, published by the server as a stateless message to
 * every connection of the `draft:` document (coalesced). Read-only connections (observers,
 * readers) cannot set presence themselves, so this is how everyone — readers
 * included — appears in the "who is here" list, at a cost that does not grow
 * with the square of the room size.
 */
export interface RosterEntry extends PresenceUser {
  /** Open connections of this person to the draft (tabs, devices). */
  connections: number;
  /** Whether they may write one of the draft's sections now. */
  writing: boolean;
}

export interface RosterMessage {
  type: "roster";
  /** Distinct people present. */
  count: number;
  /** Up to ROSTER_LIMIT people, writers first. */
  users: RosterEntry[];
}

export const ROSTER_LIMIT = 100;

export function parseRosterMessage(payload: string): RosterMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const candidate = value as Partial<RosterMessage>;
  if (candidate.type !== "roster" || typeof candidate.count !== "number" || !Array.isArray(candidate.users))
    return null;
  return candidate as RosterMessage;
}
