import { expect, test } from "vitest";
import * as Y from "yjs";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import { SECTION_FRAGMENT } from "../../shared/editorVersion.ts";
import { demoWorkspace } from "../helpers/api.ts";
import {
  allAcknowledged,
  appendParagraph,
  type DocumentClient,
  eventually,
  joinDocument,
} from "../helpers/collabClient.ts";
import { Random, seedForRun } from "../helpers/random.ts";
import { serverState } from "../helpers/rawClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer } from "../helpers/testServer.ts";

// A fresh seed on every run (PLENARY_SEEDS=<seed> replays one); it is in the test's title.
const SEED = seedForRun();

function content(client: DocumentClient): unknown {
  return client.doc.getXmlFragment(SECTION_FRAGMENT).toJSON();
}

test("two members who both hold the pen converge on the same text", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const sgp = await sessionFor(server, "sgp");
  // Section 2: SGP holds the pen, USA leads the group; both may write.
  const name = sectionDocumentName(demo.section(2));
  const a = await joinDocument(server.wsUrl, name, usa.token);
  const b = await joinDocument(server.wsUrl, name, sgp.token);
  expect([a.currentScope(), b.currentScope()]).toEqual(["read-write", "read-write"]);
  expect(a.text()).toBe(b.text());

  // Both type at once, without waiting for each other.
  appendParagraph(a.doc, "The United States proposes a review clause.");
  appendParagraph(b.doc, "Singapore proposes a sunset clause.");
  await Promise.all([allAcknowledged(a), allAcknowledged(b)]);
  await eventually(() => {
    expect(a.text()).toContain("Singapore proposes a sunset clause.");
    expect(b.text()).toContain("The United States proposes a review clause.");
    expect(content(a)).toEqual(content(b));
  });
});

test(`concurrent random edits by three writers converge (seed ${SEED})`, async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const lead = await sessionFor(server, "usa");
  const penholder = await sessionFor(server, "sgp");
  const admin = await sessionFor(server, "secretariat");
  const observer = await sessionFor(server, "au");
  const name = sectionDocumentName(demo.section(2));
  const writers = [
    await joinDocument(server.wsUrl, name, lead.token),
    await joinDocument(server.wsUrl, name, penholder.token),
    await joinDocument(server.wsUrl, name, admin.token),
  ];
  const watcher = await joinDocument(server.wsUrl, name, observer.token);
  const random = new Random(SEED);
  const next = () => random.next();

  for (let round = 0; round < 60; round += 1) {
    const writer = writers[Math.floor(next() * writers.length)];
    if (!writer) continue;
    const fragment = writer.doc.getXmlFragment(SECTION_FRAGMENT);
    const paragraph = fragment.get(Math.floor(next() * fragment.length));
    const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null;
    const choice = next();
    if (choice < 0.2 || !(text instanceof Y.XmlText)) {
      appendParagraph(writer.doc, `round ${round}`);
    } else if (choice < 0.75 || text.length < 4) {
      text.insert(Math.floor(next() * (text.length + 1)), `[${round}]`);
    } else {
      const at = Math.floor(next() * (text.length - 3));
      text.delete(at, 1 + Math.floor(next() * 3));
    }
    // Let some messages cross on the wire before the next edit.
    if (next() < 0.3) await new Promise((resolve) => setImmediate(resolve));
  }

  await Promise.all(writers.map((writer) => allAcknowledged(writer)));
  const everyone = [...writers, watcher];
  await eventually(() => {
    for (const client of everyone) expect(content(client)).toEqual(content(writers[0] as DocumentClient));
  });
  const stored = await serverState(server.wsUrl, name, observer.token);
  expect(stored.getXmlFragment(SECTION_FRAGMENT).toJSON()).toEqual(content(watcher));
});
