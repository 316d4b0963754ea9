import { expect, test } from "vitest";
import { draftDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import { readDraftDocument } from "../../shared/draftDocument.ts";
import type { CreatedResponse, DraftDetail } from "../../shared/types.ts";
import { demoWorkspace } from "../helpers/api.ts";
import { allAcknowledged, appendParagraph, joinDocument } from "../helpers/collabClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer } from "../helpers/testServer.ts";

test("a draft survives a server restart: the text typed and a section added through the API", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const sgp = await sessionFor(server, "sgp");

  const first = await joinDocument(server.wsUrl, sectionDocumentName(demo.section(1)), usa.token);
  const seeded = first.text();
  appendParagraph(first.doc, "Typed before the restart by the United States.");
  const added = await usa.request<CreatedResponse>("POST", `/api/drafts/${demo.doctrine.id}/sections`, {
    title: "Transition to host-state policing",
  });
  expect(added.status).toBe(201);
  await usa.request("PATCH", `/api/sections/${added.body.id}`, { penholders: [sgp.user.id] });
  const fresh = await joinDocument(server.wsUrl, sectionDocumentName(added.body.id), sgp.token);
  expect(fresh.currentScope()).toBe("read-write");
  appendParagraph(fresh.doc, "Typed by Singapore into the new section.");
  await Promise.all([allAcknowledged(first), allAcknowledged(fresh)]);
  const before = (await usa.request<DraftDetail>("GET", `/api/drafts/${demo.doctrine.id}`)).body;

  await server.restart();

  const au = await sessionFor(server, "au");
  const section1 = await joinDocument(server.wsUrl, sectionDocumentName(demo.section(1)), au.token);
  expect(section1.text()).toBe(`${seeded}\nTyped before the restart by the United States.`);
  const newSection = await joinDocument(server.wsUrl, sectionDocumentName(added.body.id), au.token);
  expect(newSection.text()).toBe("Typed by Singapore into the new section.");
  const draft = await joinDocument(server.wsUrl, draftDocumentName(demo.doctrine.id), au.token);
  expect(readDraftDocument(draft.doc, demo.doctrine.id)).toEqual(before);
  expect((await au.request<DraftDetail>("GET", `/api/drafts/${demo.doctrine.id}`)).body).toEqual(before);
  expect(before.sections.at(-1)).toMatchObject({ id: added.body.id, penholders: [sgp.user.id] });
  // Rights survive too: Singapore still holds the pen of the new section.
  const again = await joinDocument(server.wsUrl, sectionDocumentName(added.body.id), sgp.token);
  expect(again.currentScope()).toBe("read-write");
});

test("a document survives several restarts in a row with edits in between", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const name = sectionDocumentName(demo.section(2));
  const lines: string[] = [];
  for (let round = 1; round <= 3; round += 1) {
    const writer = await joinDocument(server.wsUrl, name, (await sessionFor(server, "sgp")).token);
    if (round === 1) lines.push(writer.text());
    expect(writer.text()).toBe(lines.join("\n"));
    appendParagraph(writer.doc, `Round ${round}.`);
    lines.push(`Round ${round}.`);
    await allAcknowledged(writer);
    await server.restart();
  }
  const reader = await joinDocument(server.wsUrl, name, (await sessionFor(server, "au")).token);
  expect(reader.text()).toBe(lines.join("\n"));
});
