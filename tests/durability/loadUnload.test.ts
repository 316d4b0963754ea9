import v8 from "node:v8";
import vm from "node:vm";
import { expect, test } from "vitest";
import * as Y from "yjs";
import { DraftStore } from "../../server/storage/DraftStore.ts";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import { SECTION_FRAGMENT } from "../../shared/editorVersion.ts";
import { demoWorkspace, signIn } from "../helpers/api.ts";
import { eventually } from "../helpers/collabClient.ts";
import { RawClient } from "../helpers/rawClient.ts";
import { startTestServer } from "../helpers/testServer.ts";

const DOCUMENTS = 2_000;
const PER_SOCKET = 250;
const SOCKETS_AT_ONCE = 4;
const PIPELINED = 50;
const TOLERANCE_BYTES = 30 * 1024 * 1024;

/** A real collection (vitest workers run without --expose-gc; the flag can still be set at runtime). */
function collectGarbage(): () => void {
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  return () => {
    for (let i = 0; i < 3; i++) gc();
  };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Opens every document on one socket (each synced, every tenth edited), then closes the socket. */
async function openAndClose(wsUrl: string, names: string[], token: string): Promise<void> {
  const client = await RawClient.connect(wsUrl);
  // One socket multiplexes its documents, as a provider does: many requests in flight at once
  // (Hocuspocus closes a socket with 100 documents waiting for authentication, so 50 at a time).
  const docs: Y.Doc[] = [];
  for (let i = 0; i < names.length; i += PIPELINED) {
    const group = names.slice(i, i + PIPELINED);
    const replies = await Promise.all(group.map((name) => client.authenticate(name, token)));
    const refused = group.filter((_, index) => replies[index]?.type !== "authenticated");
    if (refused.length > 0) throw new Error(`${refused.length} documents refused, first ${refused[0]}`);
    docs.push(...(await Promise.all(group.map((name) => client.fetchState(name)))));
  }
  for (const [index, name] of names.entries()) {
    const doc = docs[index];
    if (!doc || index % 10 !== 0) continue;
    const before = Y.encodeStateVector(doc);
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText(`opened ${name}`)]);
    doc.getXmlFragment(SECTION_FRAGMENT).push([paragraph]);
    client.sendUpdate(name, Y.encodeStateAsUpdate(doc, before));
  }
  // A connection handles its messages in order: these answers come after every update above.
  await Promise.all(names.filter((_, index) => index % 10 === 0).map((name) => client.fetchState(name)));
  client.ws.close();
  await client.closed;
}

test("2,000 documents opened and closed leave none loaded and memory near its baseline", async () => {
  const gc = collectGarbage();
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url);
  const lead = await signIn(server.url, "usa");
  const drafts = new DraftStore(server.plenary.db);
  const names: string[] = [];
  for (let i = 0; i < DOCUMENTS; i++) {
    const id = await drafts.createSection(demo.doctrine.id, `Load section ${i}`);
    if (!id) throw new Error("could not create a section");
    names.push(sectionDocumentName(id));
  }
  const batches: string[][] = [];
  for (let i = 0; i < names.length; i += PER_SOCKET) batches.push(names.slice(i, i + PER_SOCKET));

  // Warm up (code paths, caches, prepared statements) on one batch before the baseline.
  await openAndClose(server.wsUrl, batches[0] ?? [], lead.token);
  await eventually(() => expect(server.plenary.collab.loadedDocuments).toBe(0));
  gc();
  const baseline = process.memoryUsage().heapUsed;

  let peakLoaded = 0;
  const sampler = setInterval(() => {
    peakLoaded = Math.max(peakLoaded, server.plenary.collab.loadedDocuments);
  }, 5);
  const started = Date.now();
  for (let i = 0; i < batches.length; i += SOCKETS_AT_ONCE) {
    await Promise.all(
      batches.slice(i, i + SOCKETS_AT_ONCE).map((batch) => openAndClose(server.wsUrl, batch, lead.token)),
    );
  }
  clearInterval(sampler);
  await eventually(() => expect(server.plenary.collab.loadedDocuments).toBe(0), 10_000);
  const elapsed = Date.now() - started;
  gc();
  const after = process.memoryUsage().heapUsed;
  console.log(
    `load/unload: ${DOCUMENTS} documents in ${elapsed} ms (up to ${peakLoaded} loaded at once); ` +
      `heap used ${megabytes(baseline)} before, ${megabytes(after)} after (${megabytes(after - baseline)} more)`,
  );
  expect(peakLoaded).toBeGreaterThan(PER_SOCKET);
  expect(after).toBeLessThan(baseline + TOLERANCE_BYTES);

  // Every tenth document was edited, and those edits were stored before the unload.
  await server.restart();
  const check = await RawClient.connect(server.wsUrl);
  for (const name of [names[0], names[990], names[1_990]]) {
    if (!name) continue;
    await check.authenticate(name, lead.token);
    const doc = await check.fetchState(name);
    expect(doc.getXmlFragment(SECTION_FRAGMENT).toString()).toContain(`opened ${name}`);
  }
}, 60_000);
