import {
  type afterLoadDocumentPayload,
  type afterUnloadDocumentPayload,
  type beforeHandleMessagePayload,
  type Document,
  type Extension,
  MessageType,
} from "@hocuspocus/server";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { messageYjsSyncStep1, messageYjsSyncStep2 } from "y-protocols/sync";
import * as Y from "yjs";

/**
 * Joins without re-encoding. A client opening a document with nothing in it
 * (an empty state vector) needs the whole document; Hocuspocus encodes it
 * afresh for every such client, which for a large section costs tens of
 * milliseconds of the event loop each time, and ten people opening the draft
 * at the start of a meeting stall everyone. Plenary encodes the full state
 * once per version of the document and answers every such join with the same
 * bytes. Incremental syncs (a client that already holds part of the document)
 * are left to Hocuspocus.
 */
export class SyncCacheExtension implements Extension {
  extensionName = "SyncCache";
  priority = 800;

  private readonly fullState = new Map<string, Uint8Array>();

  /**
   * Offers the bytes a document was just loaded from, when they are its whole
   * state (a snapshot with no updates after it): the first join after a load
   * then needs no encoding either.
   */
  prime(documentName: string, state: Uint8Array): void {
    this.fullState.set(documentName, state);
  }

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    document.on("update", () => this.fullState.delete(documentName));
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    this.fullState.delete(documentName);
  }

  async beforeHandleMessage({ connection, update, document }: beforeHandleMessagePayload): Promise<void> {
    const decoder = decoding.createDecoder(update);
    decoding.readVarString(decoder);
    const typeOffset = decoder.pos;
    const type = decoding.readVarUint(decoder);
    if (type !== MessageType.Sync || decoding.readVarUint(decoder) !== messageYjsSyncStep1) return;
    const stateVector = decoding.readVarUint8Array(decoder);
    if (Y.decodeStateVector(stateVector).size > 0) return;

    connection.send(syncMessage(connection.messageAddress, messageYjsSyncStep2, this.stateOf(document)));
    connection.send(syncMessage(connection.messageAddress, messageYjsSyncStep1, Y.encodeStateVector(document)));
    // Hocuspocus would now encode the whole document again for this client.
    // The message is answered: turn it, in place, into a presence query (which
    // it reads from the same bytes right after this hook), so the client still
    // gets the current presence and nothing is encoded twice.
    update[typeOffset] = MessageType.QueryAwareness;
  }

  private stateOf(document: Document): Uint8Array {
    let state = this.fullState.get(document.name);
    if (!state) {
      state = Y.encodeStateAsUpdate(document);
      this.fullState.set(document.name, state);
    }
    return state;
  }
}

function syncMessage(address: string, step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, address);
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}
