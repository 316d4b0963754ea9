import * as decoding from "lib0/decoding";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import * as Y from "yjs";
import { DEFAULT_LIMITS } from "../../server/collab/CollabLimits.ts";
import { CloseCodes } from "../../shared/closeCodes.ts";
import { discussionDocumentName, draftDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import { SECTION_FRAGMENT } from "../../shared/editorVersion.ts";
import { type DemoAccount, demoWorkspace, request, type Session, signIn } from "../helpers/api.ts";
import { appendParagraph, eventually, openDocument, openSocket } from "../helpers/collabClient.ts";
import { documentDifference } from "../helpers/durability.ts";
import { awarenessUpdate, RawClient } from "../helpers/rawClient.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";

beforeAll(() => {
  vi.spyOn(console, "error").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterAll(() => vi.restoreAllMocks());

const SYNC_STATUS = 8;

/** An update that appends a paragraph to what `base` holds, made by a fresh client. */
function forgedEdit(base: Y.Doc, text: string): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(doc);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment(SECTION_FRAGMENT).push([paragraph]);
  return Y.encodeStateAsUpdate(doc, before);
}

function refusals(client: RawClient): number {
  return client.messages.filter((message) => {
    try {
      const decoder = decoding.createDecoder(message);
      decoding.readVarString(decoder);
      return decoding.readVarUint(decoder) === SYNC_STATUS && decoding.readVarUint(decoder) === 0;
    } catch {
      return false;
    }
  }).length;
}

/** What the server holds for a document: the loaded document, or a reload of its storage. */
async function heldBy(server: TestServer, name: string, reader: Session): Promise<Y.Doc> {
  const client = await RawClient.connect(server.wsUrl);
  const reply = await client.authenticate(name, reader.token);
  if (reply.type !== "authenticated") throw new Error(`${name} cannot be read by the checker`);
  const doc = await client.fetchState(name);
  client.ws.terminate();
  return doc;
}

interface Victim {
  name: string;
  /** The lead's provider, present with a caret. */
  awarenessClientId: number;
  liveAwareness(): Map<number, Record<string, unknown>>;
  statelessSeen: string[];
}

/**
 * Sends everything a hostile client could on `name` with `token`: an update, a
 * sync step 2, presence under the victim's client id and its own, and a
 * stateless message. Returns how the server answered.
 */
async function attack(
  server: TestServer,
  name: string,
  token: string,
  victim: Victim,
): Promise<{ auth: string; answer: "refused" | "closed" | "ignored" }> {
  const client = await RawClient.connect(server.wsUrl);
  const reply = await client.authenticate(name, token);
  const auth = reply.type === "authenticated" ? reply.scope : "denied";
  const state = new Y.Doc();
  const forged = forgedEdit(state, "FORGED paragraph");
  client.sendUpdate(name, forged);
  client.sendSyncStep2(name, forgedEdit(state, "FORGED by step 2"));
  client.sendAwareness(
    name,
    awarenessUpdate(victim.awarenessClientId, 1_000, { user: { name: "Impostor", delegation: "USA" } }),
  );
  client.sendAwareness(name, awarenessUpdate(424242, 1, { user: { name: "Ghost", delegation: "UN" } }));
  client.sendStateless(name, JSON.stringify({ type: "roster", count: 99, users: [] }));
  if (reply.type !== "authenticated") {
    // A refused document has no connection: its messages wait for an authentication that never comes.
    await new Promise((resolve) => setTimeout(resolve, 150));
    client.ws.terminate();
    return { auth, answer: client.isOpen ? "ignored" : "closed" };
  }
  try {
    await client.fetchState(name); // handled after everything above
  } catch {
    return { auth, answer: "closed" };
  }
  const answer = refusals(client) >= 2 ? "refused" : "ignored";
  client.ws.terminate();
  return { auth, answer };
}

describe("forged clients on the raw protocol", () => {
  test("observers, members without the pen, non-members and revoked sessions change nothing", async () => {
    const server = await startTestServer({
      limits: { ...DEFAULT_LIMITS, maxDocumentsPerSocket: 3 },
    });
    const demo = await demoWorkspace(server.url);
    const lead = await signIn(server.url, "usa");
    const name = sectionDocumentName(demo.section(1));
    const provider = openDocument(openSocket(server.wsUrl), name, lead.token);
    await provider.synced;
    provider.provider.setAwarenessField("cursor", { anchor: 1 });
    const statelessSeen: string[] = [];
    provider.provider.on("stateless", ({ payload }: { payload: string }) => statelessSeen.push(payload));
    const live = () => {
      const document = server.plenary.collab.hocuspocus.documents.get(name);
      if (!document) throw new Error(`${name} is not loaded`);
      return document;
    };
    await eventually(() => expect(live().awareness.getStates().get(provider.doc.clientID)).toBeDefined());
    const victim: Victim = {
      name,
      awarenessClientId: provider.doc.clientID,
      liveAwareness: () => live().awareness.getStates() as Map<number, Record<string, unknown>>,
      statelessSeen,
    };
    const before = await heldBy(server, name, lead);
    const victimPresence = JSON.stringify(victim.liveAwareness().get(victim.awarenessClientId));

    const revoked = await signIn(server.url, "usa");
    expect((await revoked.request("DELETE", "/api/session")).status).toBe(204);

    const forgers: { who: string; token: string; auth: string }[] = [
      { who: "observer", token: (await signIn(server.url, "au")).token, auth: "readonly" },
      { who: "member without the pen", token: (await signIn(server.url, "sgp")).token, auth: "readonly" },
      { who: "non-member", token: (await signIn(server.url, "gha")).token, auth: "denied" },
      { who: "revoked session of a lead", token: revoked.token, auth: "denied" },
      { who: "made-up token", token: "not-a-session-token", auth: "denied" },
    ];
    for (const forger of forgers) {
      const result = await attack(server, name, forger.token, victim);
      expect(result.auth, forger.who).toBe(forger.auth);
      // Read-only connections get every update refused; a refused document gets nothing (or a closed socket).
      if (forger.auth === "denied") expect(["ignored", "closed"], forger.who).toContain(result.answer);
      else expect(result.answer, forger.who).toBe("refused");
    }

    expect(documentDifference(await heldBy(server, name, lead), before)).toBeNull();
    expect([...victim.liveAwareness().keys()]).toEqual([victim.awarenessClientId]);
    expect(JSON.stringify(victim.liveAwareness().get(victim.awarenessClientId))).toBe(victimPresence);
    expect(victim.statelessSeen.every((payload) => JSON.parse(payload).count !== 99)).toBe(true);
    expect(provider.text()).not.toContain("FORGED");

    // Nothing reached storage either.
    await server.restart();
    expect(documentDifference(await heldBy(server, name, lead), before)).toBeNull();
  });

  test("a second document on an authenticated socket is refused with another user's token, and beyond the limit the socket closes", async () => {
    const server = await startTestServer({ limits: { ...DEFAULT_LIMITS, maxDocumentsPerSocket: 2 } });
    const demo = await demoWorkspace(server.url);
    const observer = await signIn(server.url, "au");
    const lead = await signIn(server.url, "usa");
    const client = await RawClient.connect(server.wsUrl);
    expect(await client.authenticate(sectionDocumentName(demo.section(1)), observer.token)).toMatchObject({
      type: "authenticated",
      scope: "readonly",
    });
    // The socket belongs to the observer now: a lead's token does not make it a writer.
    const second = sectionDocumentName(demo.section(2));
    expect((await client.authenticate(second, lead.token)).type).toBe("denied");
    const before = await heldBy(server, second, lead);
    client.sendUpdate(second, forgedEdit(before, "FORGED via a borrowed token"));
    expect((await client.authenticate(sectionDocumentName(demo.section(3)), observer.token)).type).toBe(
      "authenticated",
    );
    await client.authenticate(sectionDocumentName(demo.section(4)), observer.token).catch(() => null);
    expect(await client.closed).toMatchObject({ code: CloseCodes.tooManyDocuments.code });
    expect(documentDifference(await heldBy(server, second, lead), before)).toBeNull();
  });

  test("odd document names are refused, and server-written documents stay read-only for everyone", async () => {
    const server = await startTestServer();
    const demo = await demoWorkspace(server.url);
    const lead = await signIn(server.url, "usa");
    const sectionId = demo.section(1);
    const odd = [
      "draft:",
      "section:",
      `section:../${sectionId}`,
      `section:${sectionId}/../x`,
      `section:${"a".repeat(10_000)}`,
      `SECTION:${sectionId}`,
      `section:${sectionId.slice(0, -1)}é`,
      "section:📝📝📝📝📝📝📝📝",
      ` section:${sectionId}`,
      `${sectionId}`,
      "",
    ];
    const client = await RawClient.connect(server.wsUrl);
    for (const name of odd) {
      const reply = await client.authenticate(name, lead.token).catch((error: unknown) => ({ type: String(error) }));
      expect(reply.type, JSON.stringify(name.slice(0, 80))).not.toBe("authenticated");
    }
    expect(server.plenary.collab.loadedDocuments).toBe(0);

    for (const name of [draftDocumentName(demo.doctrine.id), discussionDocumentName(demo.doctrine.id)]) {
      const writer = await RawClient.connect(server.wsUrl);
      expect(await writer.authenticate(name, lead.token), name).toMatchObject({ scope: "readonly" });
      const before = await writer.fetchState(name);
      const forged = new Y.Doc();
      Y.applyUpdate(forged, Y.encodeStateAsUpdate(before));
      const vector = Y.encodeStateVector(forged);
      forged.getMap("forged").set("by", "a lead");
      writer.sendUpdate(name, Y.encodeStateAsUpdate(forged, vector));
      writer.sendSyncStep2(name, Y.encodeStateAsUpdate(forged, vector));
      const after = await writer.fetchState(name);
      expect(refusals(writer), name).toBe(2);
      expect(Y.encodeStateVector(after), name).toEqual(Y.encodeStateVector(before));
      expect(after.getMap("forged").size, name).toBe(0);
    }
  });
});

describe("limits close only the connection that exceeds them", () => {
  test("presence over the size limit closes that socket with 4415", async () => {
    const server = await startTestServer({ limits: { ...DEFAULT_LIMITS, maxAwarenessBytes: 1_024 } });
    const demo = await demoWorkspace(server.url);
    const name = sectionDocumentName(demo.section(1));
    const lead = await signIn(server.url, "usa");
    const other = openDocument(openSocket(server.wsUrl), name, (await signIn(server.url, "secretariat")).token);
    await other.synced;
    const client = await RawClient.connect(server.wsUrl);
    await client.authenticate(name, lead.token);
    client.sendAwareness(name, awarenessUpdate(777, 1, { cursor: "x".repeat(2_000) }));
    expect(await client.closed).toMatchObject({ code: CloseCodes.awarenessTooLarge.code });
    appendParagraph(other.doc, "still here after the presence flood");
    await eventually(async () =>
      expect((await heldBy(server, name, lead)).getXmlFragment(SECTION_FRAGMENT).toString()).toContain(
        "still here after the presence flood",
      ),
    );
  });

  test("a user's sockets beyond the limit close with 4429 and other users are unaffected", async () => {
    const server = await startTestServer({ limits: { ...DEFAULT_LIMITS, maxConnectionsPerUser: 3 } });
    const demo = await demoWorkspace(server.url);
    const name = sectionDocumentName(demo.section(1));
    const lead = await signIn(server.url, "usa");
    const sockets: RawClient[] = [];
    for (let i = 0; i < 3; i++) {
      const client = await RawClient.connect(server.wsUrl);
      expect((await client.authenticate(name, lead.token)).type).toBe("authenticated");
      sockets.push(client);
    }
    const fourth = await RawClient.connect(server.wsUrl);
    await fourth.authenticate(name, lead.token).catch(() => null);
    expect(await fourth.closed).toMatchObject({ code: CloseCodes.tooManyConnections.code });
    for (const client of sockets) expect(client.isOpen).toBe(true);
    // Another user still connects, and a freed slot can be used again.
    const other = await RawClient.connect(server.wsUrl);
    expect((await other.authenticate(name, (await signIn(server.url, "secretariat")).token)).type).toBe(
      "authenticated",
    );
    sockets[0]?.ws.close();
    await sockets[0]?.closed;
    await eventually(async () => {
      const again = await RawClient.connect(server.wsUrl);
      expect((await again.authenticate(name, lead.token)).type).toBe("authenticated");
    });
  });
});

async function socketOf(server: TestServer, name: string, session: Session): Promise<RawClient> {
  const client = await RawClient.connect(server.wsUrl);
  const reply = await client.authenticate(name, session.token);
  if (reply.type !== "authenticated") throw new Error(`${name} refused`);
  return client;
}

async function closedWithin(client: RawClient, ms: number): Promise<{ code: number }> {
  return Promise.race([
    client.closed,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the socket stayed open for ${ms} ms`)), ms)),
  ]);
}

describe("sessions on open connections", () => {
  test("logout closes that session's sockets within a second and leaves the user's other sessions open", async () => {
    const server = await startTestServer();
    const demo = await demoWorkspace(server.url);
    const name = sectionDocumentName(demo.section(1));
    const leaving = await signIn(server.url, "usa");
    const staying = await signIn(server.url, "usa");
    const sockets = [await socketOf(server, name, leaving), await socketOf(server, name, leaving)];
    const other = await socketOf(server, name, staying);
    expect((await leaving.request("DELETE", "/api/session")).status).toBe(204);
    for (const socket of sockets) {
      expect(await closedWithin(socket, 1_000)).toMatchObject({ code: CloseCodes.sessionEnded.code });
    }
    expect(other.isOpen).toBe(true);
    expect((await RawClient.connect(server.wsUrl).then((c) => c.authenticate(name, leaving.token))).type).toBe(
      "denied",
    );
  });

  test("a password change closes the user's other sessions' sockets within a second", async () => {
    const server = await startTestServer();
    const demo = await demoWorkspace(server.url);
    const name = sectionDocumentName(demo.section(1));
    const changer = await signIn(server.url, "usa");
    const elsewhere = await signIn(server.url, "usa");
    const mine = await socketOf(server, name, changer);
    const theirs = await socketOf(server, name, elsewhere);
    const changed = await changer.request("PUT", "/api/me/password", {
      currentPassword: "plenary-demo",
      newPassword: "a-new-long-password",
    });
    expect(changed.status).toBe(204);
    expect(await closedWithin(theirs, 1_000)).toMatchObject({ code: CloseCodes.sessionEnded.code });
    expect(mine.isOpen).toBe(true);
    expect((await elsewhere.request("GET", "/api/me")).status).toBe(401);
  });

  test("an expired session's socket closes within the check interval and its token opens nothing", async () => {
    const ttlMs = 1_500;
    const server = await startTestServer({ sessionTtlMs: ttlMs });
    const demo = await demoWorkspace(server.url);
    const name = sectionDocumentName(demo.section(1));
    const session = await signIn(server.url, "usa");
    const signedInAt = Date.now();
    const socket = await socketOf(server, name, session);
    expect(await closedWithin(socket, ttlMs + 6_500)).toMatchObject({ code: CloseCodes.sessionEnded.code });
    expect(Date.now() - signedInAt).toBeGreaterThanOrEqual(ttlMs - 100);
    const late = await RawClient.connect(server.wsUrl);
    expect((await late.authenticate(name, session.token)).type).toBe("denied");
  }, 15_000);

  test("failed sign-ins back off per account and address, and an address meets a ceiling over all accounts", async () => {
    const server = await startTestServer({
      loginLimits: { freeFailures: 3, maxDelayMs: 60_000, perAddress: 6, windowMs: 60_000 },
    });
    const attempt = (account: DemoAccount, password: string) =>
      request(server.url, "POST", "/api/session", { body: { email: `${account}@plenary.test`, password } });
    for (let i = 0; i < 4; i++) expect((await attempt("usa", "wrong password")).status).toBe(401);
    const waiting = await attempt("usa", "plenary-demo");
    expect(waiting.status).toBe(429);
    expect(Number(waiting.headers.get("retry-after"))).toBeGreaterThan(0);
    // The pair waits, not the address (4 of its 6 failures used).
    expect((await attempt("sgp", "plenary-demo")).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await attempt("fra", "wrong password")).status).toBe(401);
    // Six failures from this address: every account is refused from it now.
    const fromAddress = await attempt("gha", "plenary-demo");
    expect(fromAddress.status).toBe(429);
    expect(Number(fromAddress.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
