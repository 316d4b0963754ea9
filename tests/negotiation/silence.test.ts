import { expect, test } from "vitest";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import type { SilenceProcedure } from "../../shared/negotiation.ts";
import type { DraftDetail, VersionSummary } from "../../shared/types.ts";
import { type DemoWorkspace, demoWorkspace, expectApiError, type Session, signIn } from "../helpers/api.ts";
import { startChildServer, tempDataDir } from "../helpers/childServer.ts";
import { allAcknowledged, eventually, joinDocument, refused } from "../helpers/collabClient.ts";
import { anchorOn, serverSectionText } from "../helpers/discussion.ts";
import { auditOf, bracket, silenceOf, withdrawAll } from "../helpers/negotiation.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";

interface Setup {
  server: TestServer;
  demo: DemoWorkspace;
  usa: Session;
  sgp: Session;
  fra: Session;
  au: Session;
  draftId: string;
}

async function setup(): Promise<Setup> {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  return {
    server,
    demo,
    usa: await sessionFor(server, "usa"),
    sgp: await sessionFor(server, "sgp"),
    fra: await sessionFor(server, "fra"),
    au: await sessionFor(server, "au"),
    draftId: demo.doctrine.id,
  };
}

function inMs(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}

async function startSilence(s: Setup, until: string): Promise<SilenceProcedure> {
  const result = await s.usa.request<SilenceProcedure>("POST", `/api/drafts/${s.draftId}/silence`, { until });
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  return result.body;
}

test("a draft with open brackets cannot be put under silence; only leads start it, once", async () => {
  const s = await setup();
  // The demo draft has an open bracket in section 2.
  const refusedStart = await s.usa.request("POST", `/api/drafts/${s.draftId}/silence`, { until: inMs(60_000) });
  expectApiError(refusedStart, 409, "conflict");
  expect(JSON.stringify(refusedStart.body)).toContain("every measure is sustainable beyond the mission");
  expect(await silenceOf(s.au, s.draftId)).toBeNull();

  await withdrawAll(s.usa, s.draftId);
  expectApiError(await s.sgp.request("POST", `/api/drafts/${s.draftId}/silence`, { until: inMs(60_000) }), 403);
  expectApiError(await s.au.request("POST", `/api/drafts/${s.draftId}/silence`, { until: inMs(60_000) }), 403);
  expectApiError(await s.usa.request("POST", `/api/drafts/${s.draftId}/silence`, { until: inMs(-1_000) }), 400);
  expectApiError(await s.usa.request("POST", `/api/drafts/${s.draftId}/silence`, { until: "next Tuesday" }), 400);
  expect(await silenceOf(s.au, s.draftId)).toBeNull();

  const started = await startSilence(s, inMs(60_000));
  expect(started).toMatchObject({
    draftId: s.draftId,
    status: "running",
    startedBy: { userId: s.usa.user.id, delegation: "USA" },
  });
  expect(await silenceOf(s.au, s.draftId)).toEqual(started);
  // Starting it records a named version of the text as circulated.
  const versions = await s.au.request<VersionSummary[]>("GET", `/api/drafts/${s.draftId}/versions`);
  expect(versions.body.map((version) => version.name)).toContain(`Circulated under silence until ${started.until}`);
  expectApiError(await s.usa.request("POST", `/api/drafts/${s.draftId}/silence`, { until: inMs(90_000) }), 409);
  const gha = await sessionFor(s.server, "gha");
  expectApiError(await gha.request("GET", `/api/drafts/${s.draftId}/silence`), 404);
  expectApiError(await gha.request("POST", `/api/silence/${started.id}/break`, { reason: "x" }), 404);
});

test("silence freezes the text for everyone: live connections turn read-only, a penholder's raw update is not stored, the API refuses edits; breaking it unfreezes", async () => {
  const s = await setup();
  await withdrawAll(s.usa, s.draftId);
  const sectionId = s.demo.section(3);
  const penholder = await joinDocument(s.server.wsUrl, sectionDocumentName(sectionId), s.fra.token);
  const lead = await joinDocument(s.server.wsUrl, sectionDocumentName(s.demo.section(1)), s.usa.token);
  expect(penholder.currentScope()).toBe("read-write");
  expect(lead.currentScope()).toBe("read-write");
  const anchor = await anchorOn(s.server, s.fra.token, sectionId, "equipment");

  const procedure = await startSilence(s, inMs(120_000));
  await eventually(() => {
    expect(penholder.currentScope()).toBe("readonly");
    expect(lead.currentScope()).toBe("readonly");
  });

  // A penholder's client that ignores the flag and sends an update: refused, never stored.
  const before = await serverSectionText(s.server, s.usa.token, sectionId);
  const first = penholder.doc.getXmlFragment("content").get(0);
  if (!first || !("insert" in first)) throw new Error("no paragraph");
  const refusedBefore = penholder.refusedUpdates();
  penholder.doc.transact(() => {
    const text = (first as unknown as { get(index: number): { insert(index: number, text: string): void } }).get(0);
    text.insert(0, "FROZEN? ");
  });
  await refused(penholder, refusedBefore + 1);
  expect(await serverSectionText(s.server, s.usa.token, sectionId)).toBe(before);

  // Through the API: no bracket, no status change, no new section.
  expectApiError(await s.fra.request("POST", `/api/drafts/${s.draftId}/brackets`, { sectionId, anchor }), 409);
  expectApiError(await s.usa.request("PATCH", `/api/sections/${sectionId}`, { status: "review" }), 409);
  expectApiError(await s.usa.request("POST", `/api/drafts/${s.draftId}/sections`, { title: "Annex" }), 409);
  expect((await s.usa.request<DraftDetail>("GET", `/api/drafts/${s.draftId}`)).body.sections).toHaveLength(5);

  // Observers cannot break silence; a member delegation can, with a reason.
  expectApiError(await s.au.request("POST", `/api/silence/${procedure.id}/break`, { reason: "We object." }), 403);
  expectApiError(await s.sgp.request("POST", `/api/silence/${procedure.id}/break`, { reason: "  " }), 400);
  const broken = await s.sgp.request<SilenceProcedure>("POST", `/api/silence/${procedure.id}/break`, {
    reason: "Singapore cannot accept paragraph 3 as drafted.",
  });
  expect(broken.status, JSON.stringify(broken.body)).toBe(200);
  expect(broken.body).toMatchObject({
    status: "broken",
    brokenBy: { userId: s.sgp.user.id, delegation: "SGP", name: "Singapore point of contact" },
    reason: "Singapore cannot accept paragraph 3 as drafted.",
  });
  expect(await silenceOf(s.au, s.draftId)).toEqual(broken.body);
  expectApiError(await s.fra.request("POST", `/api/silence/${procedure.id}/break`, { reason: "Me too." }), 409);
  expectApiError(await s.usa.request("POST", `/api/silence/${procedure.id}/withdraw`), 409);

  // Unfrozen: the connections can write again, without reconnecting.
  await eventually(() => {
    expect(penholder.currentScope()).toBe("read-write");
    expect(lead.currentScope()).toBe("read-write");
  });
  const fresh = await joinDocument(s.server.wsUrl, sectionDocumentName(sectionId), s.fra.token);
  expect(fresh.currentScope()).toBe("read-write");
  const paragraph = fresh.doc.getXmlFragment("content").get(0) as unknown as {
    get(index: number): { insert(index: number, text: string): void };
  };
  paragraph.get(0).insert(0, "Thawed. ");
  await allAcknowledged(fresh);
  expect(await serverSectionText(s.server, s.usa.token, sectionId)).toContain("Thawed. ");

  const audit = await auditOf(s.usa, s.demo.wg1.id, "silence");
  expect(audit.map((entry) => entry.action).sort()).toEqual(["silence.break", "silence.start"]);
});

test("a lead may withdraw a running procedure; members may not", async () => {
  const s = await setup();
  await withdrawAll(s.usa, s.draftId);
  const procedure = await startSilence(s, inMs(120_000));
  expectApiError(await s.sgp.request("POST", `/api/silence/${procedure.id}/withdraw`), 403);
  const withdrawn = await s.usa.request<SilenceProcedure>("POST", `/api/silence/${procedure.id}/withdraw`);
  expect(withdrawn.status).toBe(200);
  expect(withdrawn.body).toMatchObject({ status: "withdrawn", withdrawnBy: { delegation: "USA" } });
  const draft = (await s.usa.request<DraftDetail>("GET", `/api/drafts/${s.draftId}`)).body;
  expect(draft.sections.every((section) => section.status !== "agreed")).toBe(true);
});

test("an unbroken deadline adopts the text once: every section agreed, audited, connections locked; nothing adopted twice", async () => {
  const s = await setup();
  await withdrawAll(s.usa, s.draftId);
  const penholder = await joinDocument(s.server.wsUrl, sectionDocumentName(s.demo.section(3)), s.fra.token);
  const procedure = await startSilence(s, inMs(1_500));

  const adopted = await eventually(async () => {
    const latest = await silenceOf(s.au, s.draftId);
    expect(latest?.status).toBe("adopted");
    return latest;
  }, 20_000);
  expect(adopted).toMatchObject({ id: procedure.id, status: "adopted" });
  const draft = (await s.usa.request<DraftDetail>("GET", `/api/drafts/${s.draftId}`)).body;
  expect(draft.sections.map((section) => section.status)).toEqual(draft.sections.map(() => "agreed"));
  // Agreed sections stay locked after the text unfreezes.
  await eventually(() => expect(penholder.currentScope()).toBe("readonly"));
  expectApiError(await s.sgp.request("POST", `/api/silence/${procedure.id}/break`, { reason: "Too late." }), 409);

  // A restart reads the procedure back as ended: it is not adopted a second time.
  await s.server.restart();
  const usa = await sessionFor(s.server, "usa");
  expect((await silenceOf(usa, s.draftId))?.status).toBe("adopted");
  const adoptions = await auditOf(usa, s.demo.wg1.id, "silence.adopt");
  expect(adoptions).toHaveLength(1);
  expect(adoptions[0]).toMatchObject({ actor: null, target: procedure.id });
  const versions = (await usa.request<VersionSummary[]>("GET", `/api/drafts/${s.draftId}/versions`)).body;
  expect(versions.filter((version) => version.name.startsWith("Adopted under silence procedure"))).toHaveLength(1);
});

test("a deadline that passes while the server is down (kill -9) is applied when it starts again, once", async () => {
  const dataDir = tempDataDir();
  const first = await startChildServer(dataDir);
  const usa = await signIn(first.url, "usa");
  const demo = await demoWorkspace(first.url);
  await withdrawAll(usa, demo.doctrine.id);
  const until = Date.now() + 2_000;
  const started = await usa.request<SilenceProcedure>("POST", `/api/drafts/${demo.doctrine.id}/silence`, {
    until: new Date(until).toISOString(),
  });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  await first.kill("SIGKILL");
  // Only start again once the deadline has certainly passed while nothing was running.
  await eventually(() => expect(Date.now()).toBeGreaterThan(until + 200), 10_000, 100);

  const second = await startChildServer(dataDir);
  const again = await signIn(second.url, "usa");
  // Applied at start, before the server answers anyone.
  const latest = await again.request<SilenceProcedure>("GET", `/api/drafts/${demo.doctrine.id}/silence`);
  expect(latest.body).toMatchObject({ id: started.body.id, status: "adopted" });
  const draft = (await again.request<DraftDetail>("GET", `/api/drafts/${demo.doctrine.id}`)).body;
  expect(draft.sections.every((section) => section.status === "agreed")).toBe(true);
  const adoptions = await auditOf(again, demo.wg1.id, "silence.adopt");
  expect(adoptions).toHaveLength(1);
  await second.kill("SIGTERM");
});

test("brackets cannot be created, changed or resolved under silence", async () => {
  const s = await setup();
  await withdrawAll(s.usa, s.draftId);
  const other = await bracket(s.server, s.fra, s.draftId, s.demo.section(3), "equipment");
  await s.fra.request("POST", `/api/brackets/${other.id}/resolve`, { withdraw: true });
  await startSilence(s, inMs(120_000));
  const optionId = other.options[0]?.id ?? "";
  expectApiError(await s.sgp.request("POST", `/api/brackets/${other.id}/options`, { text: "gear" }), 409);
  expectApiError(
    await s.sgp.request("PUT", `/api/brackets/${other.id}/position`, { optionId, stance: "support" }),
    409,
  );
  expectApiError(await s.usa.request("POST", `/api/brackets/${other.id}/resolve`, { withdraw: true }), 409);
});
