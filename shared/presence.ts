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
