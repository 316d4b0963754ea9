import { expect, test } from "vitest";
import * as Y from "yjs";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import { demoWorkspace, signIn } from "../helpers/api.ts";
import { allAcknowledged, appendParagraph, openDocument, openSocket } from "../helpers/collabClient.ts";
import { startTestServer } from "../helpers/testServer.ts";

test("every new reader of a section gets its whole current text, including edits made after earlier joins", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url);
  const usa = await signIn(server.url, "usa");
  const name = sectionDocumentName(demo.section(1));

  const writer = openDocument(openSocket(server.wsUrl), name, usa.token);
  await writer.synced;
  const first = openDocument(openSocket(server.wsUrl), name, usa.token);
  const second = openDocument(openSocket(server.wsUrl), name, usa.token);
  await Promise.all([first.synced, second.synced]);
  expect(first.text()).toBe(writer.text());
  expect(second.text()).toBe(writer.text());

  appendParagraph(writer.doc, "Written after the first readers joined.");
  await allAcknowledged(writer);
  const late = openDocument(openSocket(server.wsUrl), name, usa.token);
  await late.synced;
  expect(late.text()).toContain("Written after the first readers joined.");
  expect(Y.encodeStateVector(late.doc)).toEqual(Y.encodeStateVector(writer.doc));
});

test("a client that already holds part of a section receives only what it lacks and converges", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url);
  const usa = await signIn(server.url, "usa");
  const name = sectionDocumentName(demo.section(1));
  const writer = openDocument(openSocket(server.wsUrl), name, usa.token);
  await writer.synced;

  const partial = new Y.Doc();
  Y.applyUpdate(partial, Y.encodeStateAsUpdate(writer.doc));
  appendParagraph(writer.doc, "Added while the other client was away.");
  await allAcknowledged(writer);
  const returning = openDocument(openSocket(server.wsUrl), name, usa.token, partial);
  await returning.synced;
  expect(returning.text()).toBe(writer.text());
});
