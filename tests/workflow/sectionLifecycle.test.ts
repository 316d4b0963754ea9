import { expect, test } from "vitest";
import * as Y from "yjs";
import { CloseCodes } from "../../shared/closeCodes.ts";
import { draftDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import { readDraftDocument } from "../../shared/draftDocument.ts";
import type {
  AuditRecord,
  CreatedResponse,
  DraftDetail,
  RemovedSectionSummary,
  SectionMeta,
} from "../../shared/types.ts";
import { demoWorkspace, expectApiError, groupSnapshot } from "../helpers/api.ts";
import {
  appendParagraph,
  type DocumentClient,
  eventually,
  fragmentText,
  joinDocument,
  openDocument,
} from "../helpers/collabClient.ts";
import { RawClient, serverState } from "../helpers/rawClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer } from "../helpers/testServer.ts";
import { openRecordingSocket } from "./recordingSocket.ts";

const LIVE_MS = 1_000;

/** Per-document closes a provider received (a removed section closes only its document, not the socket). */
function recordCloses(client: DocumentClient): { code: number; reason: string; at: number }[] {
  const closes: { code: number; reason: string; at: number }[] = [];
  client.provider.on("close", ({ event }: { event: { code: number; reason: string } }) => {
    closes.push({ code: event.code, reason: event.reason, at: Date.now() });
  });
  return closes;
}

test("removing a section closes its open connections within a second, refuses reopening and lists it as removed", async () => {
  const server = await startTestServer();
  const admin = await sessionFor(server, "secretariat");
  const demo = await demoWorkspace(server.url, admin);
  const usa = await sessionFor(server, "usa");
  const sectionId = demo.section(3);
  const name = sectionDocumentName(sectionId);
  // France (penholder) has the section and the outline open on one socket; the observer the section on another.
  const penholder = openRecordingSocket(server.wsUrl);
  const section = openDocument(penholder.socket, name, (await sessionFor(server, "fra")).token);
  const outline = openDocument(
    penholder.socket,
    draftDocumentName(demo.doctrine.id),
    (await sessionFor(server, "fra")).token,
  );
  const observer = openRecordingSocket(server.wsUrl);
  const observed = openDocument(observer.socket, name, (await sessionFor(server, "au")).token);
  await Promise.all([section.synced, outline.synced, observed.synced]);
  const closes = [recordCloses(section), recordCloses(observed)];

  const removedAt = Date.now();
  expect((await usa.request("DELETE", `/api/sections/${sectionId}`)).status).toBe(204);
  await eventually(() => {
    for (const closed of closes) expect(closed[0]?.reason).toBe(CloseCodes.accessRevoked.reason);
  }, LIVE_MS);
  for (const [closed] of closes) expect((closed?.at ?? Number.POSITIVE_INFINITY) - removedAt).toBeLessThan(LIVE_MS);
  // Only that document closed: the socket stays, and the outline on it follows live.
  const remaining = [demo.section(1), demo.section(2), demo.section(4), demo.section(5)];
  await eventually(
    () => expect(readDraftDocument(outline.doc, demo.doctrine.id).sections.map((s) => s.id)).toEqual(remaining),
    LIVE_MS,
  );
  expect([...penholder.closeCodes, ...observer.closeCodes]).toEqual([]);

  // Nobody reopens it, not even a lead or the admin.
  for (const account of ["fra", "au", "usa", "secretariat"] as const) {
    const again = await joinDocument(server.wsUrl, name, (await sessionFor(server, account)).token);
    expect(await again.scope, account).toBe("denied");
  }
  const draft = (await admin.request<DraftDetail>("GET", `/api/drafts/${demo.doctrine.id}`)).body;
  expect(draft.sections.map((s) => s.id)).toEqual(remaining);
  const removed = await (await sessionFor(server, "au")).request<RemovedSectionSummary[]>(
    "GET",
    `/api/drafts/${demo.doctrine.id}/removed-sections`,
  );
  expect(removed.body).toEqual([
    { id: sectionId, title: "Roles of UN police and partners", removedAt: expect.any(Number) },
  ]);
  expectApiError(await usa.request("PATCH", `/api/sections/${sectionId}`, { title: "Ghost" }), 404, "not_found");
  expectApiError(await usa.request("DELETE", `/api/sections/${sectionId}`), 404, "not_found");
});

test("an update a writer sends for a section after its removal is never stored, not even once it is restored", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const sectionId = demo.section(1);
  const name = sectionDocumentName(sectionId);
  const before = fragmentText(await serverState(server.wsUrl, name, usa.token));
  // A hand-written client holding the pen (the USA lead) keeps sending after the removal.
  const raw = await RawClient.connect(server.wsUrl);
  expect(await raw.authenticate(name, usa.token)).toMatchObject({ type: "authenticated", scope: "read-write" });
  const local = await raw.fetchState(name);

  expect((await usa.request("DELETE", `/api/sections/${sectionId}`)).status).toBe(204);
  appendParagraph(local, "Written into a removed section.");
  raw.sendUpdate(name, Y.encodeStateAsUpdate(local));
  raw.sendSyncStep2(name, Y.encodeStateAsUpdate(local));
  // A round trip on the same socket: everything sent before it has been handled.
  expect((await raw.authenticate(name, usa.token)).type).toBe("denied");

  expect((await usa.request("POST", `/api/sections/${sectionId}/restore`)).status).toBe(200);
  expect(fragmentText(await serverState(server.wsUrl, name, usa.token))).toBe(before);
  await server.restart();
  expect(fragmentText(await serverState(server.wsUrl, name, usa.token))).toBe(before);
});

test("a restored section comes back last, with its text, its penholder and its status", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const sectionId = demo.section(2);
  const name = sectionDocumentName(sectionId);
  expect((await usa.request("PATCH", `/api/sections/${sectionId}`, { status: "review" })).status).toBe(200);
  const textBefore = fragmentText(await serverState(server.wsUrl, name, usa.token));
  expect(textBefore).toContain("legality, national ownership");
  const outline = await joinDocument(
    server.wsUrl,
    draftDocumentName(demo.doctrine.id),
    (await sessionFor(server, "au")).token,
  );
  const order = () => readDraftDocument(outline.doc, demo.doctrine.id).sections.map((s) => s.id);

  expect((await usa.request("DELETE", `/api/sections/${sectionId}`)).status).toBe(204);
  await eventually(() => expect(order()).not.toContain(sectionId), LIVE_MS);
  expectApiError(await usa.request("POST", `/api/sections/${demo.section(1)}/restore`), 409, "conflict");

  const restored = await usa.request<SectionMeta>("POST", `/api/sections/${sectionId}/restore`);
  expect(restored.status).toBe(200);
  expect(restored.body).toEqual({
    id: sectionId,
    title: "Guiding principles",
    penholders: [demo.userId("sgp")],
    status: "review",
  });
  const expectedOrder = [demo.section(1), demo.section(3), demo.section(4), demo.section(5), sectionId];
  await eventually(() => expect(order()).toEqual(expectedOrder), LIVE_MS);
  expect(fragmentText(await serverState(server.wsUrl, name, usa.token))).toBe(textBefore);
  const penholder = await joinDocument(server.wsUrl, name, (await sessionFor(server, "sgp")).token);
  expect(await penholder.scope).toBe("read-write");
  expect(penholder.text()).toBe(textBefore);
  expect(
    (await usa.request<RemovedSectionSummary[]>("GET", `/api/drafts/${demo.doctrine.id}/removed-sections`)).body,
  ).toEqual([]);
});

test("reordering sections is shown live in the draft document of everyone who has it open", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const readers = [
    await joinDocument(server.wsUrl, draftDocumentName(demo.doctrine.id), (await sessionFor(server, "au")).token),
    await joinDocument(server.wsUrl, draftDocumentName(demo.doctrine.id), (await sessionFor(server, "sgp")).token),
  ];
  const wanted = [demo.section(5), demo.section(1), demo.section(3), demo.section(2), demo.section(4)];

  const result = await usa.request<DraftDetail>("PUT", `/api/drafts/${demo.doctrine.id}/order`, { sectionIds: wanted });
  expect(result.status).toBe(200);
  expect(result.body.sections.map((s) => s.id)).toEqual(wanted);
  await eventually(() => {
    for (const reader of readers) {
      expect(readDraftDocument(reader.doc, demo.doctrine.id).sections.map((s) => s.id)).toEqual(wanted);
    }
  }, LIVE_MS);
  const draft = await (await sessionFor(server, "au")).request<DraftDetail>("GET", `/api/drafts/${demo.doctrine.id}`);
  expect(draft.body.sections.map((s) => s.id)).toEqual(wanted);
});

test("an order that leaves out, repeats or invents a section is 400 and changes nothing", async () => {
  const server = await startTestServer();
  const admin = await sessionFor(server, "secretariat");
  const demo = await demoWorkspace(server.url, admin);
  const usa = await sessionFor(server, "usa");
  const all = [1, 2, 3, 4, 5].map((n) => demo.section(n as 1 | 2 | 3 | 4 | 5));
  const before = await groupSnapshot(admin, demo.wg1.id);
  for (const sectionIds of [all.slice(1), [...all, all[0]], [...all.slice(1), demo.tocDraft.sections[0]?.id], []]) {
    const result = await usa.request("PUT", `/api/drafts/${demo.doctrine.id}/order`, { sectionIds });
    expectApiError(result, 400, "bad_request");
  }
  expect(await groupSnapshot(admin, demo.wg1.id)).toEqual(before);
});

test("a draft's last section cannot be removed: 409 and nothing changes", async () => {
  const server = await startTestServer();
  const admin = await sessionFor(server, "secretariat");
  const demo = await demoWorkspace(server.url, admin);
  const usa = await sessionFor(server, "usa");
  const created = await usa.request<CreatedResponse>("POST", `/api/groups/${demo.wg1.id}/drafts`, { title: "Annex" });
  const draft = (await usa.request<DraftDetail>("GET", `/api/drafts/${created.body.id}`)).body;
  const [only] = draft.sections;
  if (!only) throw new Error("a new draft has one section");
  const before = await groupSnapshot(admin, demo.wg1.id);
  const auditBefore = (await admin.request<AuditRecord[]>("GET", "/api/audit")).body;

  expectApiError(await usa.request("DELETE", `/api/sections/${only.id}`), 409, "conflict");
  expect(await groupSnapshot(admin, demo.wg1.id)).toEqual(before);
  expect((await admin.request<AuditRecord[]>("GET", "/api/audit")).body).toEqual(auditBefore);
  const opened = await joinDocument(server.wsUrl, sectionDocumentName(only.id), usa.token);
  expect(await opened.scope).toBe("read-write");
});

test("a section added by a lead appears live in the draft document, where the lead asked", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const outline = await joinDocument(
    server.wsUrl,
    draftDocumentName(demo.doctrine.id),
    (await sessionFor(server, "au")).token,
  );
  const created = await usa.request<CreatedResponse>("POST", `/api/drafts/${demo.doctrine.id}/sections`, {
    title: "Gender and human rights",
    afterSectionId: demo.section(2),
  });
  expect(created.status).toBe(201);
  await eventually(() => {
    const live = readDraftDocument(outline.doc, demo.doctrine.id).sections;
    expect(live.map((s) => s.id)).toEqual([
      demo.section(1),
      demo.section(2),
      created.body.id,
      demo.section(3),
      demo.section(4),
      demo.section(5),
    ]);
    expect(live[2]).toEqual({
      id: created.body.id,
      title: "Gender and human rights",
      penholders: [],
      status: "drafting",
    });
  }, LIVE_MS);
});
