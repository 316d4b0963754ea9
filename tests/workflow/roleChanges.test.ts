import { expect, test } from "vitest";
import { draftDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import { readDraftDocument } from "../../shared/draftDocument.ts";
import type { AuditRecord, DraftDetail, GroupDetail } from "../../shared/types.ts";
import { demoWorkspace, expectApiError, groupSnapshot } from "../helpers/api.ts";
import {
  allAcknowledged,
  appendParagraph,
  eventually,
  fragmentText,
  openDocument,
  refused,
} from "../helpers/collabClient.ts";
import { serverState } from "../helpers/rawClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer } from "../helpers/testServer.ts";
import { openRecordingSocket } from "./recordingSocket.ts";

const LIVE_MS = 1_000;

test("a member made observer loses their pen and their open section turns read-only live, without closing", async () => {
  const server = await startTestServer();
  const admin = await sessionFor(server, "secretariat");
  const demo = await demoWorkspace(server.url, admin);
  const usa = await sessionFor(server, "usa");
  const sgp = await sessionFor(server, "sgp");
  const name = sectionDocumentName(demo.section(2));
  const recording = openRecordingSocket(server.wsUrl);
  const section = openDocument(recording.socket, name, sgp.token);
  const outline = openDocument(recording.socket, draftDocumentName(demo.doctrine.id), sgp.token);
  expect(await section.scope).toBe("read-write");
  await Promise.all([section.synced, outline.synced]);

  const changed = await usa.request("PATCH", `/api/groups/${demo.wg1.id}/members/${sgp.user.id}`, { role: "observer" });
  expect(changed.status).toBe(200);
  expect(changed.body).toEqual({
    userId: sgp.user.id,
    role: "observer",
    effects: [
      {
        kind: "penDropped",
        sectionId: demo.section(2),
        sectionTitle: "Guiding principles",
        sectionNumber: 2,
        draftId: demo.doctrine.id,
        draftTitle: demo.doctrine.title,
      },
    ],
  });
  await eventually(() => expect(section.currentScope()).toBe("readonly"), LIVE_MS);
  await eventually(
    () =>
      expect(
        readDraftDocument(outline.doc, demo.doctrine.id).sections.find((s) => s.id === demo.section(2))?.penholders,
      ).toEqual([]),
    LIVE_MS,
  );
  const draft = (await admin.request<DraftDetail>("GET", `/api/drafts/${demo.doctrine.id}`)).body;
  expect(draft.sections.find((s) => s.id === demo.section(2))?.penholders).toEqual([]);

  appendParagraph(section.doc, "Singapore, now an observer.");
  await refused(section);
  expect(fragmentText(await serverState(server.wsUrl, name, usa.token))).not.toContain("now an observer");
  expect(recording.closeCodes).toEqual([]);
  // An observer cannot be given the pen back.
  expectApiError(
    await usa.request("PATCH", `/api/sections/${demo.section(2)}`, { penholders: [sgp.user.id] }),
    400,
    "bad_request",
  );
});

test("only the admin promotes a member to lead, and the new lead can then write any section live", async () => {
  const server = await startTestServer();
  const admin = await sessionFor(server, "secretariat");
  const demo = await demoWorkspace(server.url, admin);
  const usa = await sessionFor(server, "usa");
  const interpol = await sessionFor(server, "interpol");
  // Section 5 has no penholder: a member reads it only.
  const name = sectionDocumentName(demo.section(5));
  const section = openDocument(openRecordingSocket(server.wsUrl).socket, name, interpol.token);
  expect(await section.scope).toBe("readonly");
  await section.synced;
  const path = `/api/groups/${demo.wg1.id}/members/${interpol.user.id}`;

  const before = await groupSnapshot(admin, demo.wg1.id);
  expectApiError(await usa.request("PATCH", path, { role: "lead" }), 403, "forbidden");
  expect(await groupSnapshot(admin, demo.wg1.id)).toEqual(before);
  expect(section.currentScope()).toBe("readonly");

  const promoted = await admin.request("PATCH", path, { role: "lead" });
  expect(promoted.status).toBe(200);
  await eventually(() => expect(section.currentScope()).toBe("read-write"), LIVE_MS);
  appendParagraph(section.doc, "INTERPOL, now a lead.");
  await allAcknowledged(section);
  expect(fragmentText(await serverState(server.wsUrl, name, usa.token))).toContain("INTERPOL, now a lead.");
  const group = (await interpol.request<GroupDetail>("GET", `/api/groups/${demo.wg1.id}`)).body;
  expect(group.role).toBe("lead");
  const [entry] = (await admin.request<AuditRecord[]>("GET", `/api/groups/${demo.wg1.id}/audit?action=member.role`))
    .body;
  expect(entry).toMatchObject({
    action: "member.role",
    target: interpol.user.id,
    actor: { id: admin.user.id, delegation: "UN" },
    details: { from: "member", to: "lead" },
  });
});

test("an observer made member by a lead can then be given the pen, and their open section turns writable live", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const au = await sessionFor(server, "au");
  const path = `/api/groups/${demo.wg1.id}/members/${au.user.id}`;
  expectApiError(
    await usa.request("PATCH", `/api/sections/${demo.section(5)}`, { penholders: [au.user.id] }),
    400,
    "bad_request",
  );
  expect((await usa.request("PATCH", path, { role: "member" })).status).toBe(200);
  const section = openDocument(
    openRecordingSocket(server.wsUrl).socket,
    sectionDocumentName(demo.section(5)),
    au.token,
  );
  expect(await section.scope).toBe("readonly");
  expect((await usa.request("PATCH", `/api/sections/${demo.section(5)}`, { penholders: [au.user.id] })).status).toBe(
    200,
  );
  await eventually(() => expect(section.currentScope()).toBe("read-write"), LIVE_MS);
});
