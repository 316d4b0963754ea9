import * as Y from "yjs";

export type Verdict = { ok: true } | { ok: false; reason: string };

/**
 * Decides, without touching the live document, whether an incoming update is
 * safe to store and apply:
 * - it must decode and apply cleanly on its own (garbage, truncation and most
 *   bit flips fail here), and
 * - it must not leave a gap: for every client it carries, its first change
 *   must continue (or overlap) what the document already has. A gap would sit
 *   as "pending" state that no honest client produces and that makes the live
 *   document and a reload of the log disagree about what is visible.
 */
export function validateUpdate(document: Y.Doc, update: Uint8Array): Verdict {
  if (update.byteLength === 0) return { ok: false, reason: "empty update" };
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (error) {
    return { ok: false, reason: `undecodable: ${String(error)}` };
  }
  const known = Y.decodeStateVector(Y.encodeStateVector(document));
  const firstClock = new Map<number, number>();
  const endClock = new Map<number, number>();
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id;
    const first = firstClock.get(client);
    if (first === undefined || clock < first) firstClock.set(client, clock);
    endClock.set(client, Math.max(endClock.get(client) ?? 0, clock + struct.length));
  }
  for (const [client, clock] of firstClock) {
    if (clock > (known.get(client) ?? 0)) return { ok: false, reason: `gap for client ${client}` };
  }
  // Every item must hang off something that exists: in the document or in this update.
  const exists = (id: Y.ID | null): boolean =>
    id === null || id.clock < Math.max(known.get(id.client) ?? 0, endClock.get(id.client) ?? 0);
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    if (!exists(struct.origin) || !exists(struct.rightOrigin)) {
      return { ok: false, reason: "refers to content that does not exist" };
    }
    if (struct.parent instanceof Y.ID && !exists(struct.parent)) {
      return { ok: false, reason: "refers to a parent that does not exist" };
    }
  }
  const scratch = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(scratch, update);
  } catch (error) {
    return { ok: false, reason: `does not apply: ${String(error)}` };
  } finally {
    scratch.destroy();
  }
  return { ok: true };
}
