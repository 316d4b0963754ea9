import { expect, test } from "vitest";
import { draftDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import { readDraftDocument } from "../../shared/draftDocument.ts";
import type { SectionMeta } from "../../shared/types.ts";
import { demoWorkspace } from "../helpers/api.ts";
import {
  allAcknowledged,
  appendParagraph,
  type DocumentClient,
  eventually,
  fragmentText,
  openDocument,
  refused,
} from "../helpers/collabClient.ts";
import { serverState } from "../helpers/rawClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer } from "../helpers/testServer.ts";
import { openRecordingSocket } from "./recordingSocket.ts";

/** Issue 4: every affected connection is re-authorised within one second of a change. */
const LIVE_MS = 1_000;

async function join(wsUrl: string, name: string, token: string) {
  const recording = openRecordingSocket(wsUrl);
  const client: DocumentClient = openDocument(recording.socket, name, token);
  await client.scope;
  await client.synced;
  return { client, closeCodes: recording.closeCodes };
}

test("a member gains the pen live when assigned and loses it live when unassigned, on the same connection", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const sgp = await sessionFor(server, "sgp");
  const au = await sessionFor(server, "au");
  // Section 5 "Capacity building" has no penholder.
  const sectionId = demo.section(5);
  const name = sectionDocumentName(sectionId);
  const member = await join(server.wsUrl, name, sgp.token);
  const watcher = await join(server.wsUrl, name, au.token);
  const outline = await join(server.wsUrl, draftDocumentName(demo.doctrine.id), au.token);
  const penholdersInOutline = () =>
    readDraftDocument(outline.client.doc, demo.doctrine.id).sections.find((s) => s.id === sectionId)?.penholders;
  expect(member.client.currentScope()).toBe("readonly");

  const assigned = await usa.request<SectionMeta>("PATCH", `/api/sections/${sectionId}`, { penholders: [sgp.user.id] });
  expect(assigned.status).toBe(200);
  expect(assigned.body.penholders).toEqual([sgp.user.id]);
  await eventually(() => expect(member.client.currentScope()).toBe("read-write"), LIVE_MS);
  await eventually(() => expect(penholdersInOutline()).toEqual([sgp.user.id]), LIVE_MS);

  appendParagraph(member.client.doc, "Singapore, with the pen: regional training centres.");
  await allAcknowledged(member.client);
  await eventually(() => expect(watcher.client.text()).toContain("regional training centres"));

  const unassigned = await usa.request("PATCH", `/api/sections/${sectionId}`, { penholders: [] });
  expect(unassigned.status).toBe(200);
  await eventually(() => expect(member.client.currentScope()).toBe("readonly"), LIVE_MS);
  await eventually(() => expect(penholdersInOutline()).toEqual([]), LIVE_MS);

  appendParagraph(member.client.doc, "Singapore, after losing the pen.");
  await refused(member.client);
  const stored = fragmentText(await serverState(server.wsUrl, name, usa.token));
  expect(stored).toContain("regional training centres");
  expect(stored).not.toContain("after losing the pen");
  expect(watcher.client.text()).toBe(stored);
  // Nobody reconnected by hand, and the server closed nothing.
  expect([...member.closeCodes, ...watcher.closeCodes, ...outline.closeCodes]).toEqual([]);

  // Not applied anywhere: not in what the server stored either.
  await server.restart();
  const afterRestart = fragmentText(await serverState(server.wsUrl, name, usa.token));
  expect(afterRestart).toBe(stored);
});

test("reassigning the pen flips the old penholder to read-only and the new one to writable, live", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const sgp = await sessionFor(server, "sgp");
  const interpol = await sessionFor(server, "interpol");
  // Section 2 "Guiding principles": Singapore holds the pen.
  const name = sectionDocumentName(demo.section(2));
  const former = await join(server.wsUrl, name, sgp.token);
  const next = await join(server.wsUrl, name, interpol.token);
  expect([former.client.currentScope(), next.client.currentScope()]).toEqual(["read-write", "readonly"]);

  const reassigned = await usa.request("PATCH", `/api/sections/${demo.section(2)}`, { penholders: [interpol.user.id] });
  expect(reassigned.status).toBe(200);
  await eventually(
    () => expect([former.client.currentScope(), next.client.currentScope()]).toEqual(["readonly", "read-write"]),
    LIVE_MS,
  );

  appendParagraph(next.client.doc, "INTERPOL, new penholder.");
  appendParagraph(former.client.doc, "Singapore, former penholder.");
  await allAcknowledged(next.client);
  await refused(former.client);
  const stored = fragmentText(await serverState(server.wsUrl, name, usa.token));
  expect(stored).toContain("INTERPOL, new penholder.");
  expect(stored).not.toContain("Singapore, former penholder.");
  expect([...former.closeCodes, ...next.closeCodes]).toEqual([]);
});

test("two penholders of one section both write, and a member without the pen stays read-only", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const [sgp, fra, interpol] = [
    await sessionFor(server, "sgp"),
    await sessionFor(server, "fra"),
    await sessionFor(server, "interpol"),
  ];
  const name = sectionDocumentName(demo.section(5));
  const first = await join(server.wsUrl, name, sgp.token);
  const second = await join(server.wsUrl, name, fra.token);
  const bystander = await join(server.wsUrl, name, interpol.token);

  const assigned = await usa.request("PATCH", `/api/sections/${demo.section(5)}`, {
    penholders: [sgp.user.id, fra.user.id],
  });
  expect(assigned.status).toBe(200);
  await eventually(
    () =>
      expect([first, second, bystander].map((j) => j.client.currentScope())).toEqual([
        "read-write",
        "read-write",
        "readonly",
      ]),
    LIVE_MS,
  );
  appendParagraph(first.client.doc, "Singapore's paragraph.");
  appendParagraph(second.client.doc, "France's paragraph.");
  appendParagraph(bystander.client.doc, "INTERPOL's paragraph, without the pen.");
  await Promise.all([allAcknowledged(first.client), allAcknowledged(second.client), refused(bystander.client)]);
  const stored = fragmentText(await serverState(server.wsUrl, name, usa.token));
  expect(stored).toContain("Singapore's paragraph.");
  expect(stored).toContain("France's paragraph.");
  expect(stored).not.toContain("without the pen");
});
