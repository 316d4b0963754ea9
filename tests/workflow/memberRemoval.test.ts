import { expect, test } from "vitest";
import { CloseCodes } from "../../shared/closeCodes.ts";
import { draftDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import { readDraftDocument } from "../../shared/draftDocument.ts";
import type { AuditRecord, DraftDetail, GroupSummary } from "../../shared/types.ts";
import { demoWorkspace, expectApiError, groupSnapshot } from "../helpers/api.ts";
import { eventually, joinDocument, openDocument } from "../helpers/collabClient.ts";
import { RawClient } from "../helpers/rawClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer } from "../helpers/testServer.ts";
import { openRecordingSocket } from "./recordingSocket.ts";

const LIVE_MS = 1_000;

test("a removed member's open draft and section documents close within a second with 4403, and cannot be reopened", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const interpol = await sessionFor(server, "interpol");
  // One socket carrying the draft's outline and the section INTERPOL holds the pen for (section 4).
  const recording = openRecordingSocket(server.wsUrl);
  const draft = openDocument(recording.socket, draftDocumentName(demo.doctrine.id), interpol.token);
  const section = openDocument(recording.socket, sectionDocumentName(demo.section(4)), interpol.token);
  expect([await draft.scope, await section.scope]).toEqual(["readonly", "read-write"]);
  await Promise.all([draft.synced, section.synced]);

  const removedAt = Date.now();
  const removed = await usa.request("DELETE", `/api/groups/${demo.wg1.id}/members/${interpol.user.id}`);
  expect(removed.status).toBe(204);
  await eventually(() => expect(recording.closeCodes).toContain(CloseCodes.accessRevoked.code), LIVE_MS);
  expect((recording.firstClosedAt() ?? Number.POSITIVE_INFINITY) - removedAt).toBeLessThan(LIVE_MS);
  expect(recording.closeCodes[0]).toBe(CloseCodes.accessRevoked.code);

  // Reopening is refused, on a new socket as on a raw one, though the session itself is still valid.
  for (const name of [draftDocumentName(demo.doctrine.id), sectionDocumentName(demo.section(4))]) {
    const again = await joinDocument(server.wsUrl, name, interpol.token);
    expect(await again.scope, name).toBe("denied");
    const raw = await RawClient.connect(server.wsUrl);
    expect((await raw.authenticate(name, interpol.token)).type, name).toBe("denied");
  }
  expect((await interpol.request<GroupSummary[]>("GET", "/api/groups")).body).toEqual([]);
  expectApiError(await interpol.request("GET", `/api/drafts/${demo.doctrine.id}`), 404, "not_found");
});

test("removing a member drops their penholder assignments, shown live in the draft document", async () => {
  const server = await startTestServer();
  const admin = await sessionFor(server, "secretariat");
  const demo = await demoWorkspace(server.url, admin);
  const usa = await sessionFor(server, "usa");
  const sgpId = demo.userId("sgp");
  // Singapore holds section 2 alone and shares section 5 with INTERPOL.
  const shared = await usa.request("PATCH", `/api/sections/${demo.section(5)}`, {
    penholders: [sgpId, demo.userId("interpol")],
  });
  expect(shared.status).toBe(200);
  const outline = await joinDocument(
    server.wsUrl,
    draftDocumentName(demo.doctrine.id),
    (await sessionFor(server, "au")).token,
  );

  expect((await usa.request("DELETE", `/api/groups/${demo.wg1.id}/members/${sgpId}`)).status).toBe(204);
  const expected = { 2: [], 5: [demo.userId("interpol")] } as const;
  const draft = (await admin.request<DraftDetail>("GET", `/api/drafts/${demo.doctrine.id}`)).body;
  for (const [n, penholders] of Object.entries(expected)) {
    expect(draft.sections.find((s) => s.id === demo.section(Number(n) as 2 | 5))?.penholders).toEqual(penholders);
  }
  await eventually(() => {
    const live = readDraftDocument(outline.doc, demo.doctrine.id);
    expect(live.sections.find((s) => s.id === demo.section(2))?.penholders).toEqual([]);
    expect(live.sections.find((s) => s.id === demo.section(5))?.penholders).toEqual([demo.userId("interpol")]);
  }, LIVE_MS);
  const [entry] = (await admin.request<AuditRecord[]>("GET", `/api/groups/${demo.wg1.id}/audit?action=member.remove`))
    .body;
  expect(entry).toMatchObject({ action: "member.remove", target: sgpId, details: { role: "member" } });
});

test("the last lead can be neither removed nor demoted: 409 and nothing changes", async () => {
  const server = await startTestServer();
  const admin = await sessionFor(server, "secretariat");
  const demo = await demoWorkspace(server.url, admin);
  // WG2 has two leads, the secretariat and France: demoting France leaves one.
  const fraId = demo.userId("fra");
  expect((await admin.request("PATCH", `/api/groups/${demo.wg2.id}/members/${fraId}`, { role: "member" })).status).toBe(
    200,
  );
  const before = await groupSnapshot(admin, demo.wg2.id);
  const auditBefore = (await admin.request<AuditRecord[]>("GET", "/api/audit")).body;

  const path = `/api/groups/${demo.wg2.id}/members/${admin.user.id}`;
  expectApiError(await admin.request("DELETE", path), 409, "conflict");
  for (const role of ["member", "observer"]) {
    expectApiError(await admin.request("PATCH", path, { role }), 409, "conflict");
  }
  expect(await groupSnapshot(admin, demo.wg2.id)).toEqual(before);
  expect((await admin.request<AuditRecord[]>("GET", "/api/audit")).body).toEqual(auditBefore);
  // Keeping the last lead a lead is not a change, and is fine.
  expect((await admin.request("PATCH", path, { role: "lead" })).status).toBe(200);
});

test("a lead may neither remove nor demote another lead (403), and nothing changes", async () => {
  const server = await startTestServer();
  const admin = await sessionFor(server, "secretariat");
  const demo = await demoWorkspace(server.url, admin);
  const usa = await sessionFor(server, "usa");
  const before = await groupSnapshot(admin, demo.wg1.id);
  const path = `/api/groups/${demo.wg1.id}/members/${admin.user.id}`;
  expectApiError(await usa.request("DELETE", path), 403, "forbidden");
  expectApiError(await usa.request("PATCH", path, { role: "member" }), 403, "forbidden");
  expect(await groupSnapshot(admin, demo.wg1.id)).toEqual(before);
});
