import * as Y from "yjs";
import type { DecodedUpdate } from "../../shared/text/updateRanges.ts";

export type Verdict = { ok: true } | { ok: false; reason: string };

/** Decodes an incoming update once, for every check that reads it. */
export function decodeIncoming(
  update: Uint8Array,
): { ok: true; decoded: DecodedUpdate } | { ok: false; reason: string } {
  if (update.byteLength === 0) return { ok: false, reason: "empty update" };
  try {
    return { ok: true, decoded: Y.decodeUpdate(update) };
  } catch (error) {
    return { ok: false, reason: `undecodable: ${String(error)}` };
  }
}

/**
 * Decides, without touching the live document, whether an incoming update is
 * safe to store and apply:
 * - it must decode completely (garbage, truncation and most bit flips fail
 *   here), and
 * - it must not leave a gap: for every client it carries, its first change
 *   must continue (or overlap) what the document already has. A gap would sit
 *   as "pending" state that no honest client produces and that makes the live
 *   document and a reload of the log disagree about what is visible.
 */
export function validateUpdate(document: Y.Doc, update: Uint8Array): Verdict {
  const decoding = decodeIncoming(update);
  return decoding.ok ? checkReferences(document, decoding.decoded) : decoding;
}

/** `validateUpdate` on an update already decoded. */
export function checkReferences(document: Y.Doc, decoded: DecodedUpdate): Verdict {
  // Looked up per client: encoding the whole state vector costs as much as the
  // document has clients, and a long-lived section has one per visit.
  const known = (client: number): number => Y.getState(document.store, client);
  const firstClock = new Map<number, number>();
  const endClock = new Map<number, number>();
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id;
    const first = firstClock.get(client);
    if (first === undefined || clock < first) firstClock.set(client, clock);
    endClock.set(client, Math.max(endClock.get(client) ?? 0, clock + struct.length));
  }
  for (const [client, clock] of firstClock) {
    if (clock > known(client)) return { ok: false, reason: `gap for client ${client}` };
  }
  // Every item must hang off something that exists: in the document or in this update.
  const exists = (id: Y.ID | null): boolean =>
    id === null || id.clock < Math.max(known(id.client), endClock.get(id.client) ?? 0);
  // Within one client, an item can only refer to what that client made before
  // it. Yjs relies on that: a forward reference (say, a parent that comes later
  // in the same update) is not treated as missing and throws while the update
  // is applied to the live document, after it was stored, so that every reload
  // of the log would throw too.
  const forward = (struct: Y.Item, id: Y.ID | null): boolean =>
    id !== null && id.client === struct.id.client && id.clock >= struct.id.clock;
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const parent = struct.parent instanceof Y.ID ? struct.parent : null;
    if (forward(struct, struct.origin) || forward(struct, struct.rightOrigin) || forward(struct, parent)) {
      return { ok: false, reason: "refers to content made after it" };
    }
    if (!exists(struct.origin) || !exists(struct.rightOrigin)) {
      return { ok: false, reason: "refers to content that does not exist" };
    }
    if (struct.parent instanceof Y.ID && !exists(struct.parent)) {
      return { ok: false, reason: "refers to a parent that does not exist" };
    }
  }
  // Deletions must also target content that exists. A deletion of content not
  // written yet would wait as "pending" and delete another client's text the
  // moment it arrives (and clients, who never receive pending state, would
  // briefly disagree with the server).
  for (const [client, deletions] of decoded.ds.clients) {
    const end = Math.max(known(client), endClock.get(client) ?? 0);
    for (const deletion of deletions) {
      if (deletion.clock + deletion.len > end) return { ok: false, reason: `deletes content that does not exist` };
    }
  }
  // Decoding above already read every struct and its content; together with
  // the reference checks that is all an empty scratch document would catch
  // (there, everything else just waits as pending), and creating one per
  // update costs more than the rest of the check: a Y.Doc draws 32 random
  // numbers for its ids.
  return { ok: true };
}
