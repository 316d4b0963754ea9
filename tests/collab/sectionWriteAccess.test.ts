import { expect, test } from "vitest";
import * as Y from "yjs";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import { demoWorkspace } from "../helpers/api.ts";
import {
  allAcknowledged,
  appendParagraph,
  eventually,
  fragmentText,
  joinDocument,
  openDocument,
  openSocket,
  refused,
} from "../helpers/collabClient.ts";
import { serverState } from "../helpers/rawClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer } from "../helpers/testServer.ts";

test("the penholder's edits reach the server and every other reader", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const [sgp, au, interpol] = await Promise.all(
    (["sgp", "au", "interpol"] as const).map((account) => sessionFor(server, account)),
  );
  if (!sgp || !au || !interpol) throw new Error("no sessions");
  const name = sectionDocumentName(demo.section(2));
  const penholder = await joinDocument(server.wsUrl, name, sgp.token);
  const observer = await joinDocument(server.wsUrl, name, au.token);
  const member = await joinDocument(server.wsUrl, name, interpol.token);
  expect(penholder.currentScope()).toBe("read-write");

  appendParagraph(penholder.doc, "Singapore: consent of the host state comes first.");
  await allAcknowledged(penholder);
  await eventually(() => {
    expect(observer.text()).toContain("Singapore: consent of the host state comes first.");
    expect(member.text()).toContain("Singapore: consent of the host state comes first.");
  });
  expect(fragmentText(await serverState(server.wsUrl, name, au.token))).toContain("consent of the host state");
});

test("a lead who does not hold the pen may edit the section", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const admin = await sessionFor(server, "secretariat");
  const sgp = await sessionFor(server, "sgp");
  // Section 4: INTERPOL holds the pen.
  const name = sectionDocumentName(demo.section(4));
  const lead = await joinDocument(server.wsUrl, name, usa.token);
  const secretariat = await joinDocument(server.wsUrl, name, admin.token);
  const reader = await joinDocument(server.wsUrl, name, sgp.token);
  expect(lead.currentScope()).toBe("read-write");
  expect(secretariat.currentScope()).toBe("read-write");

  appendParagraph(lead.doc, "Lead's note: align with the 2026 ministerial declaration.");
  appendParagraph(secretariat.doc, "Secretariat: citation to be checked.");
  await Promise.all([allAcknowledged(lead), allAcknowledged(secretariat)]);
  await eventually(() => {
    expect(reader.text()).toContain("Lead's note: align with the 2026 ministerial declaration.");
    expect(reader.text()).toContain("Secretariat: citation to be checked.");
  });
});

test("a member without the pen is read-only: their edits never reach the server or others, nor survive a restart", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const sgp = await sessionFor(server, "sgp");
  const usa = await sessionFor(server, "usa");
  const au = await sessionFor(server, "au");
  // Section 1: the United States holds the pen; Singapore is only a member.
  const name = sectionDocumentName(demo.section(1));
  const intruder = await joinDocument(server.wsUrl, name, sgp.token);
  const penholder = await joinDocument(server.wsUrl, name, usa.token);
  const watcher = await joinDocument(server.wsUrl, name, au.token);
  expect(intruder.currentScope()).toBe("readonly");
  const original = watcher.text();
  expect(original).not.toBe("");

  appendParagraph(intruder.doc, "Inserted by Singapore without the pen.");
  const fragment = intruder.doc.getXmlFragment("content");
  fragment.delete(0, 1);
  await refused(intruder, 2);

  // The penholder's next edit arrives after anything the server would have relayed.
  appendParagraph(penholder.doc, "United States: next paragraph.");
  await allAcknowledged(penholder);
  await eventually(() => expect(watcher.text()).toContain("United States: next paragraph."));
  expect(watcher.text()).toBe(`${original}\nUnited States: next paragraph.`);
  expect(penholder.text()).toBe(watcher.text());
  expect(fragmentText(await serverState(server.wsUrl, name, au.token))).toBe(watcher.text());

  // After a restart, the same client state offered again (as a reconnecting
  // provider would, in its sync step 2) is still refused.
  await server.restart();
  const replay = openDocument(openSocket(server.wsUrl), name, sgp.token, cloneDoc(intruder.doc));
  expect(await replay.scope).toBe("readonly");
  await replay.synced;
  const stored = fragmentText(await serverState(server.wsUrl, name, au.token));
  expect(stored).toBe(`${original}\nUnited States: next paragraph.`);
  const fresh = await joinDocument(server.wsUrl, name, usa.token);
  expect(fresh.text()).toBe(stored);
});

test("an agreed section is read-only for its penholder and for leads", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const interpol = await sessionFor(server, "interpol");
  for (const status of ["review", "agreed"]) {
    const result = await usa.request("PATCH", `/api/sections/${demo.section(4)}`, { status });
    expect(result.status).toBe(200);
  }
  const name = sectionDocumentName(demo.section(4));
  const penholder = await joinDocument(server.wsUrl, name, interpol.token);
  const lead = await joinDocument(server.wsUrl, name, usa.token);
  expect(penholder.currentScope()).toBe("readonly");
  expect(lead.currentScope()).toBe("readonly");
  const before = penholder.text();
  appendParagraph(penholder.doc, "INTERPOL edits after agreement.");
  appendParagraph(lead.doc, "Lead edits after agreement.");
  await Promise.all([refused(penholder), refused(lead)]);
  expect(fragmentText(await serverState(server.wsUrl, name, usa.token))).toBe(before);
});

test("an observer gets a read-only connection to every section", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const au = await sessionFor(server, "au");
  for (const n of [1, 2, 3, 4, 5] as const) {
    const client = await joinDocument(server.wsUrl, sectionDocumentName(demo.section(n)), au.token);
    expect(client.currentScope()).toBe("readonly");
  }
});

function cloneDoc(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}
