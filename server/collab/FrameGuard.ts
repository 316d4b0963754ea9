import { MessageType } from "@hocuspocus/server";
import * as decoding from "lib0/decoding";
import { messageYjsSyncStep1 } from "y-protocols/sync";
import { CloseCodes } from "../../shared/closeCodes.ts";
import { parseMessageAddress } from "../../shared/documentNames.ts";
import type { CollabLimits } from "./CollabLimits.ts";

/** Sync-request buckets kept per socket before idle (full) ones are dropped. */
const MAX_TRACKED_DOCUMENTS = 1_024;

export interface Refusal {
  close: { code: number; reason: string };
  detail: string;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Looks at every frame of one websocket before Hocuspocus does, and refuses
 * (by closing the socket) what would otherwise cost the server or other users:
 * - an address that is not a canonical document name, optionally followed by
 *   a provider's session id (anything else after a `\0` would open the same
 *   document again under another name);
 * - presence that does not decode (Hocuspocus would log a stack trace for each
 *   and keep the socket open);
 * - sync requests (sync step 1) beyond a per-document rate: each one makes the
 *   server encode and send document state, and a state vector the sync cache
 *   does not know costs a fresh encoding every time.
 */
export class FrameGuard {
  private readonly syncBuckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: CollabLimits,
    private readonly now: () => number = Date.now,
  ) {}

  check(frame: Uint8Array): Refusal | null {
    const decoder = decoding.createDecoder(frame);
    let address: string;
    let messageType: number;
    try {
      address = decoding.readVarString(decoder);
      messageType = decoding.readVarUint(decoder);
    } catch {
      return { close: CloseCodes.malformedMessage, detail: "no message envelope" };
    }
    const parsed = parseMessageAddress(address);
    if (!parsed) return { close: CloseCodes.malformedMessage, detail: "document address not in canonical form" };
    if (messageType === MessageType.Awareness) {
      if (frame.byteLength > this.limits.maxAwarenessBytes) {
        return { close: CloseCodes.awarenessTooLarge, detail: `${frame.byteLength} bytes` };
      }
      return decodesAsPresence(decoder) ? null : { close: CloseCodes.malformedMessage, detail: "malformed presence" };
    }
    if (messageType === MessageType.Sync) {
      let syncType: number;
      try {
        syncType = decoding.readVarUint(decoder);
      } catch {
        return { close: CloseCodes.malformedMessage, detail: "truncated sync message" };
      }
      if (syncType === messageYjsSyncStep1 && !this.takeSyncRequest(parsed.documentName)) {
        return { close: CloseCodes.syncRequests, detail: parsed.documentName };
      }
    }
    return null;
  }

  /** A token bucket per document: bursts up to the per-minute allowance, refilled evenly over the minute. */
  private takeSyncRequest(documentName: string): boolean {
    const capacity = this.limits.syncRequestsPerMinute;
    const now = this.now();
    const bucket = this.syncBuckets.get(documentName) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) * capacity) / 60_000);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    this.syncBuckets.set(documentName, bucket);
    if (this.syncBuckets.size > MAX_TRACKED_DOCUMENTS) this.dropIdleBuckets(now);
    return true;
  }

  private dropIdleBuckets(now: number): void {
    const capacity = this.limits.syncRequestsPerMinute;
    for (const [name, bucket] of this.syncBuckets) {
      if (bucket.tokens + ((now - bucket.at) * capacity) / 60_000 >= capacity) this.syncBuckets.delete(name);
    }
  }
}

/** An awareness update: a count, then per client its id, clock and JSON state. */
function decodesAsPresence(decoder: decoding.Decoder): boolean {
  try {
    const update = decoding.readVarUint8Array(decoder);
    const inner = decoding.createDecoder(update);
    const count = decoding.readVarUint(inner);
    for (let i = 0; i < count; i++) {
      decoding.readVarUint(inner);
      decoding.readVarUint(inner);
      JSON.parse(decoding.readVarString(inner));
    }
    return true;
  } catch {
    return false;
  }
}

/** The document a presence (awareness) frame is for; null for any other frame. Call after `check` passed it. */
export function presenceDocument(frame: Uint8Array): string | null {
  const decoder = decoding.createDecoder(frame);
  const address = decoding.readVarString(decoder);
  if (decoding.readVarUint(decoder) !== MessageType.Awareness) return null;
  return parseMessageAddress(address)?.documentName ?? null;
}
