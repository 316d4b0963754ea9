import { afterAll, beforeAll, describe, expect, onTestFinished, test, vi } from "vitest";
import * as Y from "yjs";
import { DocumentLog } from "../../server/storage/DocumentLog.ts";
import { SessionStore } from "../../server/storage/SessionStore.ts";
import { CloseCodes } from "../../shared/closeCodes.ts";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import { demoWorkspace, signIn } from "../helpers/api.ts";
import { type DocumentClient, eventually, fragmentText, openDocument, openSocket } from "../helpers/collabClient.ts";
import { documentDifference, leave, openReconnectingSocket, replayStored, tokensIn } from "../helpers/durability.ts";
import { Random, seedForRun } from "../helpers/random.ts";
import { serverState } from "../helpers/rawClient.ts";
import { startTestServer } from "../helpers/testServer.ts";

beforeAll(() => {
  vi.spyOn(console, "error").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterAll(() => vi.restoreAllMocks());

type StorageMethod = "appendMany" | "compact";

// Taken once, before any test replaces them.
const realStorage = {
  appendMany: DocumentLog.prototype.appendMany,
  compact: DocumentLog.prototype.compact,
} as const;

/**
 * Makes the next `times` calls of a DocumentLog method throw, as a full disk
 * or an I/O error would; restored when the test ends. Returns how often the
 * method was called and how many calls failed.
 */
function failNext(method: StorageMethod, times: number): { calls: number; failures: number; left(): number } {
  const original = realStorage[method] as (this: DocumentLog, ...args: unknown[]) => Promise<never>;
  const state = { calls: 0, failures: 0, left: () => times - state.failures };
  const spy = vi.spyOn(DocumentLog.prototype, method).mockImplementation(async function (
    this: DocumentLog,
    ...args: unknown[]
  ) {
    state.calls += 1;
    if (state.failures < times) {
      state.failures += 1;
      throw new Error(`injected storage failure ${state.failures} of ${times} (${method})`);
    }
    return original.apply(this, args);
  });
  onTestFinished(() => spy.mockRestore());
  return state;
}

function appendToken(client: DocumentClient, token: string): void {
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(token)]);
  client.doc.getXmlFragment("content").push([paragraph]);
}

describe("storage failures", () => {
  test("an update that cannot be stored is refused, the sender is closed, and its resend is taken later", async () => {
    const server = await startTestServer();
    const demo = await demoWorkspace(server.url);
    const name = sectionDocumentName(demo.section(1));
    const lead = await signIn(server.url, "usa");
    const { socket, closeCodes } = openReconnectingSocket(server.wsUrl, 300);
    const writer = openDocument(socket, name, lead.token);
    const bystander = openDocument(openSocket(server.wsUrl), name, (await signIn(server.url, "sgp")).token);
    await Promise.all([writer.synced, bystander.synced]);
    const log = new DocumentLog(server.plenary.db);

    const storage = failNext("appendMany", 1);
    appendToken(writer, "written while the disk was failing");
    await eventually(() => expect(closeCodes).toContain(CloseCodes.storageUnavailable.code));
    // Refused means: not acknowledged, not live, not stored, not broadcast.
    expect(writer.provider.hasUnsyncedChanges).toBe(true);
    const live = server.plenary.collab.hocuspocus.documents.get(name);
    expect(live && fragmentText(live)).not.toContain("written while the disk was failing");
    expect(fragmentText(await replayStored(log, name))).not.toContain("written while the disk was failing");
    expect(bystander.text()).not.toContain("written while the disk was failing");

    // The provider reconnects by itself and its sync step 2 carries the edit again.
    await eventually(() => expect(bystander.text()).toContain("written while the disk was failing"));
    expect(storage.failures).toBe(1);
    expect(fragmentText(await replayStored(log, name))).toContain("written while the disk was failing");
    await eventually(() => expect(writer.provider.hasUnsyncedChanges).toBe(false));
  });

  test("a session that cannot be checked closes the socket as 'storage unavailable', not as a refusal, and the provider gets in once storage answers", async () => {
    const server = await startTestServer();
    const demo = await demoWorkspace(server.url);
    const name = sectionDocumentName(demo.section(2));
    const lead = await signIn(server.url, "usa");
    let failures = 0;
    const spy = vi.spyOn(SessionStore.prototype, "authenticate").mockImplementationOnce(() => {
      failures += 1;
      throw new Error("injected: the database does not answer");
    });
    onTestFinished(() => spy.mockRestore());
    const { socket, closeCodes } = openReconnectingSocket(server.wsUrl, 300);
    const client = openDocument(socket, name, lead.token);
    expect(await client.scope).toBe("read-write");
    await client.synced;
    expect(failures).toBe(1);
    expect(closeCodes).toContain(CloseCodes.storageUnavailable.code);
  });

  test("a failed compaction is retried with backoff until the snapshot is written", async () => {
    const server = await startTestServer();
    const demo = await demoWorkspace(server.url);
    const name = sectionDocumentName(demo.section(2));
    const lead = await signIn(server.url, "usa");
    const writer = openDocument(openSocket(server.wsUrl), name, lead.token);
    await writer.synced;
    for (let i = 0; i < 5; i++) appendToken(writer, `c0n${i}`);
    await eventually(() => expect(writer.provider.hasUnsyncedChanges).toBe(false));
    const log = new DocumentLog(server.plenary.db);
    expect(await log.pendingCount(name)).toBeGreaterThan(0);

    const compaction = failNext("compact", 3);
    const document = server.plenary.collab.hocuspocus.documents.get(name);
    if (!document) throw new Error("not loaded");
    void server.plenary.collab.persistence.compact(document, true);
    // Retries after 200, 400 and 800 ms: the fourth call succeeds.
    await eventually(() => expect(compaction.calls).toBe(4), 5_000);
    expect(compaction.failures).toBe(3);
    expect(await log.pendingCount(name)).toBe(0);
    expect(documentDifference(document, await replayStored(log, name))).toBeNull();
  });

  test("nothing is lost when storage fails repeatedly while clients edit and then leave", async () => {
    const seed = seedForRun();
    const random = new Random(seed);
    const replay = `seed ${seed}: replay with PLENARY_SEEDS=${seed}`;
    const server = await startTestServer();
    const demo = await demoWorkspace(server.url);
    const names = [sectionDocumentName(demo.section(3)), sectionDocumentName(demo.section(4))];
    const leads = [await signIn(server.url, "usa"), await signIn(server.url, "secretariat")];

    const writers = Array.from({ length: 4 }, (_, writer) => {
      const { socket, closeCodes } = openReconnectingSocket(server.wsUrl, 30);
      const token = leads[writer % 2]?.token ?? "";
      return { writer, closeCodes, socket, clients: names.map((name) => openDocument(socket, name, token)) };
    });
    await Promise.all(writers.flatMap((w) => w.clients.map((c) => c.synced)));

    const appends = failNext("appendMany", random.int(4, 8));
    const compactions = failNext("compact", random.int(2, 4));
    const written = new Set<string>();
    for (let n = 0; n < 30; n++) {
      for (const w of writers) {
        const token = `c${w.writer}n${n}`;
        written.add(token);
        appendToken(random.pick(w.clients), token);
      }
      if (n % 10 === 5) {
        for (const name of names) {
          const document = server.plenary.collab.hocuspocus.documents.get(name);
          if (document) void server.plenary.collab.persistence.compact(document, true);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, random.int(1, 15)));
    }
    await eventually(() => {
      const stuck = writers.flatMap((w) =>
        w.clients
          .filter((c) => c.provider.hasUnsyncedChanges)
          .map(
            (c) =>
              `writer ${w.writer} ${c.provider.configuration.name}: ${c.provider.unsyncedChanges} unsynced, socket ${w.socket.status}, closes ${w.closeCodes.join(",")}, authenticated ${c.provider.isAuthenticated}`,
          ),
      );
      expect(stuck, replay).toEqual([]);
    }, 15_000);
    const refused = writers.reduce(
      (sum, w) => sum + w.closeCodes.filter((code) => code === CloseCodes.storageUnavailable.code).length,
      0,
    );
    console.log(
      `failing storage (${replay}): ${appends.failures} failed appends closed ${refused} sockets, ` +
        `${compactions.failures} failed compactions; ${written.size} tokens written`,
    );
    expect(appends.left(), replay).toBe(0);
    expect(refused, replay).toBeGreaterThan(0);

    // Everyone leaves; the log already holds everything, so unloading loses nothing.
    for (const w of writers) leave(w.socket);
    await eventually(() => expect(server.plenary.collab.loadedDocuments).toBe(0), 10_000);
    await server.restart();
    const stored = new Set<string>();
    for (const name of names) {
      for (const token of tokensIn(fragmentText(await serverState(server.wsUrl, name, leads[0]?.token ?? "")))) {
        stored.add(token);
      }
    }
    expect(
      [...written].filter((token) => !stored.has(token)),
      replay,
    ).toEqual([]);
    expect(stored.size, replay).toBe(written.size);
  }, 40_000);
});
