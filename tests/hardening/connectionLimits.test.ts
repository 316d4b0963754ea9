import { AuthMessageType } from "@hocuspocus/common";
import { MessageType } from "@hocuspocus/server";
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import WebSocket from "ws";
import { messageYjsSyncStep1 } from "y-protocols/sync";
import * as Y from "yjs";
import { DEFAULT_LIMITS } from "../../server/collab/CollabLimits.ts";
import { CloseCodes } from "../../shared/closeCodes.ts";
import { draftDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import { demoWorkspace, signIn } from "../helpers/api.ts";
import { appendParagraph, eventually, joinDocument } from "../helpers/collabClient.ts";
import { awarenessUpdate, envelope, RawClient } from "../helpers/rawClient.ts";
import { recordingLogger, startTestServer } from "../helpers/testServer.ts";

// Hocuspocus logs connections it closes; the assertions read Plenary's own log.
beforeAll(() => {
  vi.spyOn(console, "error").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterAll(() => vi.restoreAllMocks());

/** A sync step 1 asking for everything after `stateVector`. */
function syncStep1(address: string, stateVector: Uint8Array): Uint8Array {
  return envelope(address, MessageType.Sync, (e) => {
    encoding.writeVarUint(e, messageYjsSyncStep1);
    encoding.writeVarUint8Array(e, stateVector);
  });
}

function closedWithin(client: RawClient, ms = 10_000): Promise<{ code: number; reason: string }> {
  return Promise.race([
    client.closed,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`socket still open after ${ms} ms`)), ms)),
  ]);
}

describe("document addresses", () => {
  test("an address with anything but a provider session id after a NUL closes the socket with 4400", async () => {
    const server = await startTestServer();
    const demo = await demoWorkspace(server.url);
    const usa = await signIn(server.url, "usa");
    const name = sectionDocumentName(demo.section(1));
    for (const address of [
      `${name}\u0000`,
      `${name}\u0000a\u0000b`,
      `${name}\u0000ABC`,
      `${name}\u0000${"x".repeat(40)}`,
    ]) {
      const client = await RawClient.connect(server.wsUrl);
      client.send(
        envelope(address, MessageType.Auth, (e) => {
          encoding.writeVarUint(e, AuthMessageType.Token);
          encoding.writeVarString(e, usa.token);
        }),
      );
      expect((await closedWithin(client)).code, JSON.stringify(address)).toBe(CloseCodes.malformedMessage.code);
    }
    expect(server.plenary.collab.hocuspocus.documents.get(name)?.getConnectionsCount() ?? 0).toBe(0);
  });

  test("one socket opening a section 200 times under session ids holds one connection and one presence", async () => {
    const server = await startTestServer();
    const demo = await demoWorkspace(server.url);
    const usa = await signIn(server.url, "usa");
    const name = sectionDocumentName(demo.section(1));
    const watcher = await joinDocument(server.wsUrl, name, (await signIn(server.url, "au")).token);
    const document = server.plenary.collab.hocuspocus.documents.get(name);
    if (!document) throw new Error("the section is not loaded");
    const baseline = document.getConnectionsCount();

    const attacker = await RawClient.connect(server.wsUrl);
    let most = 0;
    for (let n = 1; n <= 200; n++) {
      const address = `${name}\u0000${n}`;
      const reply = await attacker.authenticate(address, usa.token);
      expect(reply.type).toBe("authenticated");
      attacker.sendAwareness(address, awarenessUpdate(1_000_000 + n, 1, { cursor: n }));
      most = Math.max(most, document.getConnectionsCount() - baseline);
    }
    await eventually(() => expect(document.getConnectionsCount() - baseline).toBe(1));
    expect(most).toBeLessThanOrEqual(2);
    await eventually(() => {
      const attackerStates = [...document.awareness.getStates().keys()].filter((id) => id > 1_000_000);
      expect(attackerStates.length).toBeLessThanOrEqual(1);
    });
    expect(attacker.isOpen).toBe(true);
    // The socket's one live connection still works: an edit through it reaches the watcher.
    const latest = `${name}\u0000200`;
    const base = await attacker.fetchState(latest);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
    const updates: Uint8Array[] = [];
    doc.on("update", (update: Uint8Array) => updates.push(update));
    appendParagraph(doc, "still one connection");
    attacker.sendUpdate(latest, Y.mergeUpdates(updates));
    await eventually(() => expect(watcher.text()).toContain("still one connection"));
  });
});

describe("connections before authentication", () => {
  test("sockets not yet authenticated are capped per address (4430); authenticating frees a place", async () => {
    const server = await startTestServer({
      limits: { ...DEFAULT_LIMITS, maxUnauthenticatedPerAddress: 3, maxUnauthenticated: 10 },
    });
    const demo = await demoWorkspace(server.url);
    const usa = await signIn(server.url, "usa");
    const waiting = await Promise.all([1, 2, 3].map(() => RawClient.connect(server.wsUrl)));
    const fourth = await RawClient.connect(server.wsUrl);
    expect((await closedWithin(fourth)).code).toBe(CloseCodes.tooManyUnauthenticated.code);
    expect(waiting.every((client) => client.isOpen)).toBe(true);

    const [first] = waiting;
    if (!first) throw new Error("no socket");
    expect((await first.authenticate(sectionDocumentName(demo.section(1)), usa.token)).type).toBe("authenticated");
    const fifth = await RawClient.connect(server.wsUrl);
    expect((await fifth.authenticate(sectionDocumentName(demo.section(2)), usa.token)).type).toBe("authenticated");
  });

  test("the total of sockets not yet authenticated is capped too (4430)", async () => {
    const server = await startTestServer({
      limits: { ...DEFAULT_LIMITS, maxUnauthenticatedPerAddress: 10, maxUnauthenticated: 2 },
    });
    await Promise.all([1, 2].map(() => RawClient.connect(server.wsUrl)));
    const third = await RawClient.connect(server.wsUrl);
    expect((await closedWithin(third)).code).toBe(CloseCodes.tooManyUnauthenticated.code);
  });

  test("a socket sending more than the allowance before authenticating is closed with 4417", async () => {
    const server = await startTestServer({ limits: { ...DEFAULT_LIMITS, maxUnauthenticatedBytes: 16 * 1024 } });
    const demo = await demoWorkspace(server.url);
    const client = await RawClient.connect(server.wsUrl);
    const junk = new Uint8Array(4 * 1024);
    const name = draftDocumentName(demo.doctrine.id);
    for (let i = 0; i < 8; i++) client.sendUpdate(name, junk);
    expect((await closedWithin(client)).code).toBe(CloseCodes.unauthenticatedData.code);
  });

  test("one huge frame from a socket that never authenticates is cut before it is whole", async () => {
    const server = await startTestServer({ limits: { ...DEFAULT_LIMITS, maxUnauthenticatedBytes: 16 * 1024 } });
    const demo = await demoWorkspace(server.url);
    const ws = new WebSocket(server.wsUrl);
    const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
    ws.on("error", () => undefined);
    await new Promise<void>((resolve) => ws.once("open", () => resolve()));
    // 8 MiB in one frame, under the frame limit: Plenary must not wait for all of it.
    const huge = envelope(draftDocumentName(demo.doctrine.id), MessageType.Sync, (e) => {
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint8Array(e, new Uint8Array(8 * 1024 * 1024));
    });
    ws.send(huge);
    expect([CloseCodes.unauthenticatedData.code, 1006]).toContain(await closed);
  });
});

describe("authenticated clients that ask too much", () => {
  test("more sync requests than the per-minute allowance close the socket with 4419, bogus state vectors included", async () => {
    const server = await startTestServer({ limits: { ...DEFAULT_LIMITS, syncRequestsPerMinute: 20 } });
    const demo = await demoWorkspace(server.url);
    const name = sectionDocumentName(demo.section(1));
    const observer = await RawClient.connect(server.wsUrl);
    expect((await observer.authenticate(name, (await signIn(server.url, "au")).token)).type).toBe("authenticated");
    const bogus = new Map([[987_654_321, 1]]);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, bogus.size);
    for (const [client, clock] of bogus) {
      encoding.writeVarUint(encoder, client);
      encoding.writeVarUint(encoder, clock);
    }
    const bogusVector = encoding.toUint8Array(encoder);
    for (let i = 0; i < 30; i++) {
      observer.send(syncStep1(name, i % 2 === 0 ? bogusVector : Y.encodeStateVector(new Y.Doc())));
    }
    expect((await closedWithin(observer)).code).toBe(CloseCodes.syncRequests.code);
  });

  test("a client that stops reading is closed once its output buffer passes the limit (4418)", async () => {
    const logger = recordingLogger();
    const server = await startTestServer(
      { limits: { ...DEFAULT_LIMITS, maxOutputBufferBytes: 64 * 1024, syncRequestsPerMinute: 1_000 } },
      logger,
    );
    const demo = await demoWorkspace(server.url);
    const name = sectionDocumentName(demo.section(1));
    const lead = await joinDocument(server.wsUrl, name, (await signIn(server.url, "usa")).token);
    appendParagraph(lead.doc, "x".repeat(512 * 1024));
    const observer = await RawClient.connect(server.wsUrl);
    expect((await observer.authenticate(name, (await signIn(server.url, "au")).token)).type).toBe("authenticated");
    await eventually(async () => expect((await observer.fetchState(name)).getXmlFragment("content").length).toBe(3));

    observer.ws.pause();
    for (let i = 0; i < 40; i++) observer.send(syncStep1(name, Y.encodeStateVector(new Y.Doc())));
    await eventually(
      () => expect(logger.lines.some((line) => line.context?.reason === CloseCodes.outputBuffer.reason)).toBe(true),
      20_000,
    );
    observer.ws.resume();
    expect([CloseCodes.outputBuffer.code, 1006]).toContain((await closedWithin(observer)).code);
  });

  test("malformed presence closes the socket with 4400 and is logged once per minute, not once per message", async () => {
    const logger = recordingLogger();
    const server = await startTestServer({}, logger);
    const demo = await demoWorkspace(server.url);
    const name = sectionDocumentName(demo.section(1));
    const usa = await signIn(server.url, "usa");
    const malformed = envelope(name, MessageType.Awareness, (e) => {
      const inner = encoding.createEncoder();
      encoding.writeVarUint(inner, 1);
      encoding.writeVarUint(inner, 42);
      encoding.writeVarUint(inner, 1);
      encoding.writeVarString(inner, "{not json");
      encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
    });
    for (let i = 0; i < 5; i++) {
      const client = await RawClient.connect(server.wsUrl);
      expect((await client.authenticate(name, usa.token)).type).toBe("authenticated");
      client.send(malformed);
      expect((await closedWithin(client)).code).toBe(CloseCodes.malformedMessage.code);
    }
    const lines = logger.lines.filter((line) => line.context?.reason === CloseCodes.malformedMessage.reason);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.context?.detail).toBe("malformed presence");
  });
});
