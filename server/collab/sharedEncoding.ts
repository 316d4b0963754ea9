import type { afterLoadDocumentPayload, Connection, Document, Extension } from "@hocuspocus/server";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

type Broadcast = (encode: (address: string) => Uint8Array, filter?: (connection: Connection) => boolean) => void;

/**
 * Every message a document broadcasts starts with the address of the
 * connection it goes to, and Plenary's client gives each connection an
 * address of its own (the document's name and the provider's session), so
 * Hocuspocus encodes each update and each presence change once per receiver.
 * What follows the address is the same for everyone: it is encoded once, and
 * each receiver's message is its address followed by those bytes.
 */
export class SharedEncodingExtension implements Extension {
  extensionName = "SharedEncoding";

  async afterLoadDocument({ document }: afterLoadDocumentPayload): Promise<void> {
    shareEncodingAcrossAddresses(document);
  }
}

export function shareEncodingAcrossAddresses(document: Document): void {
  // Hocuspocus' own (private) broadcast, replaced on this document only.
  const target = document as unknown as { broadcast: Broadcast };
  target.broadcast = (encode, filter) => {
    let first: { address: string; message: Uint8Array; bodyAt: number } | null = null;
    for (const connection of document.getConnections()) {
      if (filter !== undefined && !filter(connection)) continue;
      const address = connection.messageAddress;
      if (first === null) {
        const message = encode(address);
        first = { address, message, bodyAt: addressLength(message) };
        connection.send(message);
      } else {
        connection.send(address === first.address ? first.message : readdressed(first, address));
      }
    }
  };
}

function addressLength(message: Uint8Array): number {
  const decoder = decoding.createDecoder(message);
  decoding.readVarString(decoder);
  return decoder.pos;
}

function readdressed(first: { message: Uint8Array; bodyAt: number }, address: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, address);
  const head = encoding.toUint8Array(encoder);
  const message = new Uint8Array(head.byteLength + first.message.byteLength - first.bodyAt);
  message.set(head, 0);
  message.set(first.message.subarray(first.bodyAt), head.byteLength);
  return message;
}
