import { expect, test } from "vitest";
import { draftDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import { readDraftDocument } from "../../shared/draftDocument.ts";
import type { AuditRecord, SectionMeta } from "../../shared/types.ts";
import { demoWorkspace, expectApiError, groupSnapshot } from "../helpers/api.ts";
import {
  allAcknowledged,
  appendParagraph,
  eventually,
  fragmentText,
  joinDocument,
  refused,
} from "../helpers/collabClient.ts";
import { serverState } from "../helpers/rawClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer } from "../helpers/testServer.ts";

const LIVE_MS = 1_000;

test("an agreed section refuses every write — its penholder's, a lead's, the admin's — until a lead reopens it", async () => {
  const server = await startTestServer();
  const admin = await sessionFor(server, "secretariat");
  const demo = await demoWorkspace(server.url, admin);
  const usa = await sessionFor(server, "usa");
  const fra = await sessionFor(server, "fra");
  // Section 3: France holds the pen.
  const sectionId = demo.section(3);
  const name = sectionDocumentName(sectionId);
  const writers = [
    await joinDocument(server.wsUrl, name, fra.token),
    await joinDocument(server.wsUrl, name, usa.token),
    await joinDocument(server.wsUrl, name, admin.token),
  ];
  expect(writers.map((w) => w.currentScope())).toEqual(["read-write", "read-write", "read-write"]);

  expect((await usa.request("PATCH", `/api/sections/${sectionId}`, { status: "review" })).status).toBe(200);
  expect((await usa.request("PATCH", `/api/sections/${sectionId}`, { status: "agreed" })).status).toBe(200);
  await eventually(
    () => expect(writers.map((w) => w.currentScope())).toEqual(["readonly", "readonly", "readonly"]),
    LIVE_MS,
  );
  const agreedText = fragmentText(await serverState(server.wsUrl, name, usa.token));

  for (const [index, writer] of writers.entries()) appendParagraph(writer.doc, `Late change ${index}.`);
  await Promise.all(writers.map((writer) => refused(writer)));
  // A fresh connection is read-only from the start, and a rename does not unlock it.
  const fresh = await joinDocument(server.wsUrl, name, fra.token);
  expect(await fresh.scope).toBe("readonly");
  expect((await usa.request("PATCH", `/api/sections/${sectionId}`, { title: "Roles (agreed)" })).status).toBe(200);
  appendParagraph(fresh.doc, "Late change from a new tab.");
  await refused(fresh);
  expect(fragmentText(await serverState(server.wsUrl, name, usa.token))).toBe(agreedText);

  // Reopening (agreed → drafting) gives the pen back live.
  expect((await usa.request("PATCH", `/api/sections/${sectionId}`, { status: "drafting" })).status).toBe(200);
  await eventually(
    () => expect(writers.map((w) => w.currentScope())).toEqual(["read-write", "read-write", "read-write"]),
    LIVE_MS,
  );
  const reopened = await joinDocument(server.wsUrl, name, fra.token);
  expect(await reopened.scope).toBe("read-write");
  appendParagraph(reopened.doc, "France, after reopening.");
  await allAcknowledged(reopened);
  const text = fragmentText(await serverState(server.wsUrl, name, usa.token));
  expect(text).toBe(`${agreedText}\nFrance, after reopening.`);
  expect(text).not.toContain("Late change");
});

test("in review the penholder still writes and other members still read only", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const name = sectionDocumentName(demo.section(2));
  expect((await usa.request("PATCH", `/api/sections/${demo.section(2)}`, { status: "review" })).status).toBe(200);
  const penholder = await joinDocument(server.wsUrl, name, (await sessionFor(server, "sgp")).token);
  const member = await joinDocument(server.wsUrl, name, (await sessionFor(server, "interpol")).token);
  expect([await penholder.scope, await member.scope]).toEqual(["read-write", "readonly"]);
  appendParagraph(penholder.doc, "Singapore, during review.");
  appendParagraph(member.doc, "INTERPOL, during review.");
  await Promise.all([allAcknowledged(penholder), refused(member)]);
  const stored = fragmentText(await serverState(server.wsUrl, name, usa.token));
  expect(stored).toContain("Singapore, during review.");
  expect(stored).not.toContain("INTERPOL, during review.");
});

test("a section moves drafting → review → agreed → review → drafting, each step shown live in the draft document", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const sectionId = demo.section(1);
  const outline = await joinDocument(
    server.wsUrl,
    draftDocumentName(demo.doctrine.id),
    (await sessionFor(server, "au")).token,
  );
  const statusInOutline = () =>
    readDraftDocument(outline.doc, demo.doctrine.id).sections.find((s) => s.id === sectionId)?.status;
  expect(statusInOutline()).toBe("drafting");
  for (const status of ["review", "agreed", "review", "drafting"] as const) {
    const result = await usa.request<SectionMeta>("PATCH", `/api/sections/${sectionId}`, { status });
    expect(result.status, status).toBe(200);
    expect(result.body.status).toBe(status);
    await eventually(() => expect(statusInOutline()).toBe(status), LIVE_MS);
  }
});

test("skipping review (drafting → agreed) is answered 409 and changes nothing: no status, no audit entry, no lost pen", async () => {
  const server = await startTestServer();
  const admin = await sessionFor(server, "secretariat");
  const demo = await demoWorkspace(server.url, admin);
  const usa = await sessionFor(server, "usa");
  // Section 4: INTERPOL holds the pen.
  const sectionId = demo.section(4);
  const penholder = await joinDocument(
    server.wsUrl,
    sectionDocumentName(sectionId),
    (await sessionFor(server, "interpol")).token,
  );
  const before = await groupSnapshot(admin, demo.wg1.id);
  const auditBefore = await admin.request<AuditRecord[]>("GET", "/api/audit");

  // Also when combined with changes that would be valid alone: the request is refused as a whole.
  for (const body of [
    { status: "agreed" },
    { status: "agreed", title: "Cooperation (agreed)" },
    { status: "agreed", penholders: [] },
  ]) {
    const result = await usa.request<{ error: { message: string } }>("PATCH", `/api/sections/${sectionId}`, body);
    expectApiError(result, 409, "conflict");
    expect(result.body.error.message).toMatch(/drafting → review → agreed/);
  }
  expect(await groupSnapshot(admin, demo.wg1.id)).toEqual(before);
  expect((await admin.request<AuditRecord[]>("GET", "/api/audit")).body).toEqual(auditBefore.body);
  expect(penholder.currentScope()).toBe("read-write");
  appendParagraph(penholder.doc, "INTERPOL, still drafting.");
  await allAcknowledged(penholder);
  expect(fragmentText(await serverState(server.wsUrl, sectionDocumentName(sectionId), usa.token))).toContain(
    "INTERPOL, still drafting.",
  );
});
