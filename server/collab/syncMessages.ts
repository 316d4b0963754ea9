import * as decoding from "lib0/decoding";

/** Hocuspocus message types (the protocol's outer envelope). */
export const MessageTypes = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  syncReply: 4,
  stateless: 5,
  broadcastStateless: 6,
  close: 7,
  syncStatus: 8,
  ping: 9,
  pong: 10,
} as const;

const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

export type ParsedMessage =
  | { type: "documentUpdate"; update: Uint8Array }
  | { type: "syncStep1" }
  | { type: "awareness" }
  | { type: "other"; messageType: number };

/**
 * Reads the envelope of a message far enough to find a Yjs update in it
 * (sync step 2 or update). Throws on a truncated or malformed message.
 */
export function parseMessage(data: Uint8Array): ParsedMessage {
  const decoder = decoding.createDecoder(data);
  decoding.readVarString(decoder);
  const messageType = decoding.readVarUint(decoder);
  if (messageType === MessageTypes.sync || messageType === MessageTypes.syncReply) {
    const syncType = decoding.readVarUint(decoder);
    if (syncType === SYNC_STEP_1) return { type: "syncStep1" };
    if (syncType === SYNC_STEP_2 || syncType === SYNC_UPDATE) {
      return { type: "documentUpdate", update: decoding.readVarUint8Array(decoder) };
    }
    throw new Error(`unknown sync message type ${syncType}`);
  }
  if (messageType === MessageTypes.awareness) return { type: "awareness" };
  return { type: "other", messageType };
}
