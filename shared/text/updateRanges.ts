import * as Y from "yjs";

export interface ClockRange {
  client: number;
  start: number;
  /** Exclusive. */
  end: number;
}

/** An update decoded once, to be read by several checks without decoding it again. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/**
 * The characters (structs) an update creates and the ones it deletes. Structs
 * below `known(client)` are already in the document (a client resending what
 * it was sent), so they are left out: only their first sender wrote them.
 */
export function rangesOfUpdate(
  update: Uint8Array | DecodedUpdate,
  known: (client: number) => number = () => 0,
): { inserts: ClockRange[]; deletes: ClockRange[] } {
  const { structs, ds } = update instanceof Uint8Array ? Y.decodeUpdate(update) : update;
  const inserts: ClockRange[] = [];
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const client = struct.id.client;
    const start = Math.max(struct.id.clock, known(client));
    const end = struct.id.clock + struct.length;
    if (start >= end) continue;
    const last = inserts[inserts.length - 1];
    if (last && last.client === client && last.end === start) last.end = end;
    else inserts.push({ client, start, end });
  }
  const deletes: ClockRange[] = [];
  for (const [client, items] of ds.clients) {
    for (const item of items) deletes.push({ client, start: item.clock, end: item.clock + item.len });
  }
  return { inserts, deletes };
}
