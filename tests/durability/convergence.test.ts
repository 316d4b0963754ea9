import { afterAll, beforeAll, expect, test, vi } from "vitest";
import * as Y from "yjs";
import { DocumentLog } from "../../server/storage/DocumentLog.ts";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import { SECTION_FRAGMENT } from "../../shared/editorVersion.ts";
import { demoWorkspace, signIn } from "../helpers/api.ts";
import { eventually, openDocument, openSocket } from "../helpers/collabClient.ts";
import { documentDifference, leave, openReconnectingSocket, rejoin, replayStored } from "../helpers/durability.ts";
import { Random, seedForRun } from "../helpers/random.ts";
import { startTestServer } from "../helpers/testServer.ts";

beforeAll(() => {
  vi.spyOn(console, "error").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterAll(() => vi.restoreAllMocks());

const CLIENTS = 5;
const STEPS = 200;

/**
 * One random edit of a section: insert or delete text, insert or delete a
 * paragraph. It always draws the same four numbers, whatever the document
 * holds, so the sequence of actors, edits and disconnects replays from the
 * seed (positions still depend on what each client had received).
 */
function randomEdit(doc: Y.Doc, random: Random, label: string): void {
  const [roll, which, where, howMuch] = [random.next(), random.next(), random.next(), random.next()];
  const scale = (fraction: number, size: number) => Math.min(size, Math.floor(fraction * (size + 1)));
  const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
  const texts = fragment
    .toArray()
    .map((node) => (node instanceof Y.XmlElement ? node.get(0) : null))
    .filter((node): node is Y.XmlText => node instanceof Y.XmlText);
  const text = texts.length > 0 ? texts[scale(which, texts.length - 1)] : undefined;
  if (roll < 0.45 && text) {
    text.insert(scale(where, text.length), `${label} `);
  } else if (roll < 0.75 && text && text.length > 0) {
    const at = scale(where, text.length - 1);
    text.delete(at, 1 + scale(howMuch, Math.min(11, text.length - at - 1)));
  } else if (roll < 0.92 || fragment.length < 2) {
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText(label)]);
    fragment.insert(scale(where, fragment.length), [paragraph]);
  } else {
    fragment.delete(scale(where, fragment.length - 1), 1);
  }
}

test("clients with random edits, disconnects and a server restart converge on what storage reloads", async () => {
  const seed = seedForRun();
  const random = new Random(seed);
  const replay = `seed ${seed}: replay with PLENARY_SEEDS=${seed}`;
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url);
  const name = sectionDocumentName(demo.section(5));
  const leads = [await signIn(server.url, "usa"), await signIn(server.url, "secretariat")];

  const clients = Array.from({ length: CLIENTS }, (_, index) => {
    const { socket, closeCodes } = openReconnectingSocket(server.wsUrl, 30);
    const client = openDocument(socket, name, leads[index % leads.length]?.token ?? "");
    return { index, socket, client, closeCodes, online: true };
  });
  await Promise.all(clients.map((c) => c.client.synced));

  let disconnects = 0;
  for (let step = 0; step < STEPS; step++) {
    const actor = random.pick(clients);
    const roll = random.next();
    if (roll < 0.06 && actor.online) {
      leave(actor.socket);
      actor.online = false;
      disconnects += 1;
    } else if (roll < 0.12 && !actor.online) {
      await rejoin(actor.socket);
      actor.online = true;
    } else {
      // Offline clients keep editing: their changes must merge when they return.
      randomEdit(actor.client.doc, random, `s${step}c${actor.index}`);
    }
    if (step === Math.floor(STEPS / 2)) await server.restart();
    if (random.chance(0.3)) await new Promise((resolve) => setTimeout(resolve, random.int(0, 10)));
  }
  for (const c of clients.filter((c) => !c.online)) await rejoin(c.socket);

  const live = () => {
    const document = server.plenary.collab.hocuspocus.documents.get(name);
    if (!document) throw new Error(`${name} is not loaded`);
    return document;
  };
  await eventually(() => {
    for (const c of clients) {
      const state = `client ${c.index} (socket ${c.socket.status}, authenticated ${c.client.provider.isAuthenticated}, closes ${c.closeCodes.join(",")}), ${replay}`;
      expect(c.client.provider.hasUnsyncedChanges, state).toBe(false);
      expect(documentDifference(c.client.doc, live(), false), `client ${c.index}, ${replay}`).toBeNull();
    }
  }, 20_000);
  // The live document is exactly what storage holds.
  expect(documentDifference(live(), await replayStored(new DocumentLog(server.plenary.db), name)), replay).toBeNull();

  const converged = clients[0]?.client.doc ?? new Y.Doc();
  const paragraphs = converged.getXmlFragment(SECTION_FRAGMENT).length;
  for (const c of clients) leave(c.socket);
  await server.restart();
  const fresh = openDocument(openSocket(server.wsUrl), name, leads[0]?.token ?? "");
  await fresh.synced;
  for (const c of clients) {
    expect(documentDifference(fresh.doc, c.client.doc, false), `client ${c.index} after restart, ${replay}`).toBeNull();
  }
  console.log(
    `convergence (${replay}): ${CLIENTS} clients, ${STEPS} steps, ${disconnects} disconnects, 1 restart mid-run; ` +
      `${paragraphs} paragraphs, state vector of ${Y.decodeStateVector(Y.encodeStateVector(fresh.doc)).size} clients`,
  );
}, 40_000);
