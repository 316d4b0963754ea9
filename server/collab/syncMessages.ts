import { MessageType } from "@hocuspocus/server";
import * as decoding from "lib0/decoding";
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from "y-protocols/sync";

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
  if (messageType === MessageType.Sync || messageType === MessageType.SyncReply) {
    const syncType = decoding.readVarUint(decoder);
    if (syncType === messageYjsSyncStep1) return { type: "syncStep1" };
    if (syncType === messageYjsSyncStep2 || syncType === messageYjsUpdate) {
      return { type: "documentUpdate", update: decoding.readVarUint8Array(decoder) };
    }
    throw new Error(`unknown sync message type ${syncType}`);
  }
  if (messageType === MessageType.Awareness) return { type: "awareness" };
  return { type: "other", messageType };
}
