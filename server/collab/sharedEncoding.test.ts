import { type Connection, type Document, OutgoingMessage } from "@hocuspocus/server";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { shareEncodingAcrossAddresses } from "./sharedEncoding.ts";

type Broadcast = (encode: (address: string) => Uint8Array, filter?: (connection: Connection) => boolean) => void;

/** A document with connections that record what they are sent, as Hocuspocus' broadcast sees them. */
function documentWith(addresses: string[]) {
  const received = new Map<string, Uint8Array[]>();
  const connections = addresses.map((messageAddress) => {
    received.set(messageAddress, []);
    return { messageAddress, send: (bytes: Uint8Array) => received.get(messageAddress)?.push(bytes) };
  });
  const document = { getConnections: () => connections } as unknown as Document;
  shareEncodingAcrossAddresses(document);
  return { broadcast: (document as unknown as { broadcast: Broadcast }).broadcast, received, connections };
}

function anUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getText("content").insert(0, "Capacity building, with national ownership — señor ünïcode");
  return Y.encodeStateAsUpdate(doc);
}

describe("shareEncodingAcrossAddresses", () => {
  it("sends each connection exactly the message Hocuspocus encodes for its own address, encoding once", () => {
    const addresses = ["section:abc\0s1", "section:abc\0second2", "section:abc", "section:abc\0s1", "section:abc\0zz9"];
    const { broadcast, received } = documentWith(addresses);
    const update = anUpdate();
    const encode = (address: string) =>
      new OutgoingMessage(address).createSyncMessage().writeUpdate(update).toUint8Array();
    let encodings = 0;
    broadcast((address) => {
      encodings += 1;
      return encode(address);
    });
    expect(encodings).toBe(1);
    for (const address of new Set(addresses)) {
      const expected = encode(address);
      const sent = received.get(address) ?? [];
      expect(sent.length).toBe(addresses.filter((a) => a === address).length);
      for (const bytes of sent) expect(Buffer.from(bytes).equals(Buffer.from(expected))).toBe(true);
    }
  });

  it("skips the connections the filter leaves out", () => {
    const { broadcast, received } = documentWith(["draft:d\0a", "draft:d\0b", "draft:d\0c"]);
    broadcast(
      (address) => new OutgoingMessage(address).writeStateless("roster").toUint8Array(),
      (connection) => connection.messageAddress !== "draft:d\0b",
    );
    expect(received.get("draft:d\0a")?.length).toBe(1);
    expect(received.get("draft:d\0b")?.length).toBe(0);
    expect(
      Buffer.from(received.get("draft:d\0c")?.[0] ?? []).equals(
        Buffer.from(new OutgoingMessage("draft:d\0c").writeStateless("roster").toUint8Array()),
      ),
    ).toBe(true);
  });
});
