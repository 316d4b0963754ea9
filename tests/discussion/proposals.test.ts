import { expect, test } from "vitest";
import type { OutdatedProposalAnswer, ProposalThread } from "../../shared/discussion.ts";
import { findText } from "../../shared/discussionAnchors.ts";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import type { AuditRecord } from "../../shared/types.ts";
import { type DemoWorkspace, demoWorkspace, expectApiError, type Session } from "../helpers/api.ts";
import { allAcknowledged, type DocumentClient, eventually, joinDocument } from "../helpers/collabClient.ts";
import { anchorOn, pointAfter, serverSectionText, serverThreads } from "../helpers/discussion.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { sqliteOf } from "../helpers/sqlite.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";

const PARAGRAPH =
  "UN police advise, mentor and, where mandated, carry out interim law enforcement. Bilateral partners contribute specialised expertise and equipment; regional organisations provide continuity before and after a mission.";
const SECOND =
  "A joint coordination mechanism chaired by the host State assigns responsibilities, avoids duplication and reports to the working group every quarter.";

interface Setup {
  server: TestServer;
  demo: DemoWorkspace;
  sgp: Session;
  fra: Session;
  usa: Session;
  interpol: Session;
  sectionId: string;
  /** France, the penholder of section 3, in the section with a live provider. */
  penholder: DocumentClient;
}

async function setup(): Promise<Setup> {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const fra = await sessionFor(server, "fra");
  const sectionId = demo.section(3);
  const penholder = await joinDocument(server.wsUrl, sectionDocumentName(sectionId), fra.token);
  expect(penholder.currentScope()).toBe("read-write");
  return {
    server,
    demo,
    sgp: await sessionFor(server, "sgp"),
    fra,
    usa: await sessionFor(server, "usa"),
    interpol: await sessionFor(server, "interpol"),
    sectionId,
    penholder,
  };
}

async function propose(
  s: Setup,
  words: string,
  replacement: string,
  rationale?: string,
  as: Session = s.sgp,
): Promise<ProposalThread> {
  const anchor = await anchorOn(s.server, as.token, s.sectionId, words);
  const result = await as.request<ProposalThread>("POST", `/api/drafts/${s.demo.doctrine.id}/proposals`, {
    sectionId: s.sectionId,
    anchor,
    replacement,
    ...(rationale !== undefined && { rationale }),
  });
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  return result.body;
}

/** The penholder types into the section through their provider, as an editor would. */
async function penholderTypes(s: Setup, at: string, text: string, where: "before" | "after" = "before") {
  const found = findText(s.penholder.doc, at);
  if (!found) throw new Error(`"${at}" not in the penholder's section`);
  found.text.insert(where === "before" ? found.start : found.end, text);
  await allAcknowledged(s.penholder);
}

test("accepting a proposal applies exactly the proposed text at the anchored place, after the penholder typed before it meanwhile", async () => {
  const s = await setup();
  const proposal = await propose(s, "interim law enforcement", "interim executive policing", "Mandate language.");
  expect(proposal).toMatchObject({
    kind: "proposal",
    status: "open",
    quote: "interim law enforcement",
    replacement: "interim executive policing",
    rationale: "Mandate language.",
    author: { delegation: "SGP" },
    resolution: null,
  });

  // While the proposal waits, France edits the same paragraph before the range, and after it.
  await penholderTypes(s, "UN police advise", "In every mission, ");
  await penholderTypes(s, "where mandated, ", "when the Council so decides, ", "after");
  await penholderTypes(s, "provide continuity", "also ");

  const accepted = await s.fra.request<ProposalThread>("POST", `/api/proposals/${proposal.id}/accept`);
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  expect(accepted.body).toMatchObject({
    status: "accepted",
    resolution: { by: { id: s.demo.userId("fra"), delegation: "FRA" }, appliedText: "interim executive policing" },
  });

  const expected = `In every mission, UN police advise, mentor and, where mandated, when the Council so decides, carry out interim executive policing. Bilateral partners contribute specialised expertise and equipment; regional organisations also provide continuity before and after a mission.\n${SECOND}`;
  expect(await serverSectionText(s.server, s.fra.token, s.sectionId)).toBe(expected);
  // The penholder's editor receives the server's change live.
  await eventually(() => expect(s.penholder.text()).toBe(expected));
  expect((await serverThreads(s.server, s.sgp.token, s.demo.doctrine.id))[0]).toEqual(accepted.body);

  // Settled once: no second application.
  expectApiError(await s.usa.request("POST", `/api/proposals/${proposal.id}/accept`), 409, "conflict");
  expect(await serverSectionText(s.server, s.fra.token, s.sectionId)).toBe(expected);

  const audit = await s.usa.request<AuditRecord[]>("GET", `/api/groups/${s.demo.wg1.id}/audit?action=proposal`);
  expect(audit.body[0]).toMatchObject({
    action: "proposal.accept",
    target: proposal.id,
    actor: { id: s.demo.userId("fra"), delegation: "FRA" },
    details: {
      sectionId: s.sectionId,
      quote: "interim law enforcement",
      replaced: "interim law enforcement",
      replacement: "interim executive policing",
      confirmed: false,
    },
  });
});

test("an outdated proposal is flagged with the current text (409, nothing changed) and applies only when confirmed", async () => {
  const s = await setup();
  const proposal = await propose(s, "specialised expertise and equipment", "expertise, equipment and training");
  await penholderTypes(s, "expertise and equipment", "technical ");
  const textBefore = await serverSectionText(s.server, s.fra.token, s.sectionId);

  const outdated = await s.usa.request<OutdatedProposalAnswer>("POST", `/api/proposals/${proposal.id}/accept`, {});
  expectApiError(outdated, 409, "conflict");
  expect(outdated.body.current).toBe("specialised technical expertise and equipment");
  expect(outdated.body.quote).toBe("specialised expertise and equipment");
  expect(await serverSectionText(s.server, s.fra.token, s.sectionId)).toBe(textBefore);
  expect((await serverThreads(s.server, s.sgp.token, s.demo.doctrine.id))[0]).toMatchObject({ status: "open" });

  const confirmed = await s.usa.request<ProposalThread>("POST", `/api/proposals/${proposal.id}/accept`, {
    confirm: true,
  });
  expect(confirmed.status).toBe(200);
  expect(await serverSectionText(s.server, s.fra.token, s.sectionId)).toBe(
    `${PARAGRAPH.replace("specialised expertise and equipment", "expertise, equipment and training")}\n${SECOND}`,
  );
  const audit = await s.usa.request<AuditRecord[]>("GET", `/api/groups/${s.demo.wg1.id}/audit?action=proposal.accept`);
  expect(audit.body[0]?.details).toMatchObject({
    replaced: "specialised technical expertise and equipment",
    confirmed: true,
  });
});

test("a proposal whose words the penholder typed over is refused even when confirmed, and the text is never mixed", async () => {
  const s = await setup();
  const proposal = await propose(s, "specialised expertise", "dedicated expertise");
  // Select "specialised expertise" and type "special skills": the editor keeps
  // the common first letters and writes each new key after the deleted words.
  const found = findText(s.penholder.doc, "specialised expertise");
  if (!found) throw new Error("text");
  found.text.delete(found.start + 1, found.end - found.start - 1);
  let at = found.start + 1;
  for (const char of "pecial skills") found.text.insert(at++, char);
  await allAcknowledged(s.penholder);
  const textBefore = await serverSectionText(s.server, s.fra.token, s.sectionId);
  expect(textBefore).toContain("contribute special skills and equipment");

  for (const body of [{}, { confirm: true }, { confirm: true, current: "s" }]) {
    const refused = await s.fra.request<OutdatedProposalAnswer>("POST", `/api/proposals/${proposal.id}/accept`, body);
    expectApiError(refused, 409, "conflict");
    expect(refused.body.canConfirm).toBe(false);
    expect(refused.body.quote).toBe("specialised expertise");
  }
  expect(await serverSectionText(s.server, s.fra.token, s.sectionId)).toBe(textBefore);
  expect((await serverThreads(s.server, s.sgp.token, s.demo.doctrine.id))[0]).toMatchObject({ status: "open" });
});

test("accepting anyway applies only if the text is still the one shown to the person", async () => {
  const s = await setup();
  const proposal = await propose(s, "specialised expertise and equipment", "expertise, equipment and training");
  await penholderTypes(s, "expertise and equipment", "technical ");
  const shown = await s.usa.request<OutdatedProposalAnswer>("POST", `/api/proposals/${proposal.id}/accept`, {});
  expect(shown.body).toMatchObject({ current: "specialised technical expertise and equipment", canConfirm: true });
  await penholderTypes(s, "expertise and equipment", "legal ");
  const textBefore = await serverSectionText(s.server, s.fra.token, s.sectionId);

  const again = await s.usa.request<OutdatedProposalAnswer>("POST", `/api/proposals/${proposal.id}/accept`, {
    confirm: true,
    current: shown.body.current,
  });
  expectApiError(again, 409, "conflict");
  expect(again.body.current).toBe("specialised technical legal expertise and equipment");
  expect(await serverSectionText(s.server, s.fra.token, s.sectionId)).toBe(textBefore);
});

test("a proposal whose words were all deleted is kept but cannot be accepted; it can be rejected with a reason", async () => {
  const s = await setup();
  const proposal = await propose(s, "before and after a mission", "throughout a mission");
  const found = findText(s.penholder.doc, " before and after a mission");
  if (!found) throw new Error("text");
  found.text.delete(found.start, found.end - found.start);
  await allAcknowledged(s.penholder);
  const textBefore = await serverSectionText(s.server, s.fra.token, s.sectionId);

  const refused = await s.fra.request("POST", `/api/proposals/${proposal.id}/accept`, { confirm: true });
  expectApiError(refused, 409, "conflict");
  expect(await serverSectionText(s.server, s.fra.token, s.sectionId)).toBe(textBefore);

  expectApiError(await s.fra.request("POST", `/api/proposals/${proposal.id}/reject`, {}), 400, "bad_request");
  expectApiError(await s.fra.request("POST", `/api/proposals/${proposal.id}/reject`, { reason: "  " }), 400);
  const rejected = await s.fra.request<ProposalThread>("POST", `/api/proposals/${proposal.id}/reject`, {
    reason: "The sentence was cut in the meantime.",
  });
  expect(rejected.body).toMatchObject({
    status: "rejected",
    resolution: { by: { delegation: "FRA" }, reason: "The sentence was cut in the meantime." },
  });
  expectApiError(await s.fra.request("POST", `/api/proposals/${proposal.id}/accept`), 409, "conflict");
  const audit = await s.usa.request<AuditRecord[]>("GET", `/api/groups/${s.demo.wg1.id}/audit?action=proposal.reject`);
  expect(audit.body[0]).toMatchObject({
    target: proposal.id,
    details: { reason: "The sentence was cut in the meantime." },
  });
});

test("proposals discuss like threads; insertions and deletions apply; only penholders and leads settle", async () => {
  const s = await setup();
  const insertion = await s.sgp.request<ProposalThread>("POST", `/api/drafts/${s.demo.doctrine.id}/proposals`, {
    sectionId: s.sectionId,
    anchor: await pointAfter(s.server, s.sgp.token, s.sectionId, "the working group"),
    replacement: " and to the host State's parliament",
  });
  expect(insertion.body).toMatchObject({ status: "open", quote: "", rationale: null });
  const deletion = await propose(s, "mentor and, ", "", undefined, s.interpol);

  const reply = await s.fra.request("POST", `/api/threads/${insertion.body.id}/comments`, {
    body: "Which parliament committee?",
  });
  expect(reply.status).toBe(201);
  expectApiError(await s.sgp.request("POST", `/api/threads/${insertion.body.id}/resolve`), 409, "conflict");

  // Singapore proposed it but holds no pen for section 3; INTERPOL neither.
  expectApiError(await s.sgp.request("POST", `/api/proposals/${insertion.body.id}/accept`), 403, "forbidden");
  expectApiError(
    await s.interpol.request("POST", `/api/proposals/${insertion.body.id}/reject`, { reason: "No." }),
    403,
    "forbidden",
  );
  // A comment thread is not a proposal.
  const comment = await s.sgp.request<{ id: string }>("POST", `/api/drafts/${s.demo.doctrine.id}/threads`, {
    sectionId: s.sectionId,
    anchor: await anchorOn(s.server, s.sgp.token, s.sectionId, "Bilateral"),
    body: "Comment, not a proposal.",
  });
  expectApiError(await s.fra.request("POST", `/api/proposals/${comment.body.id}/accept`), 404, "not_found");

  expect((await s.usa.request("POST", `/api/proposals/${insertion.body.id}/accept`)).status).toBe(200);
  expect((await s.fra.request("POST", `/api/proposals/${deletion.id}/accept`)).status).toBe(200);
  expect(await serverSectionText(s.server, s.fra.token, s.sectionId)).toBe(
    `${PARAGRAPH.replace("mentor and, ", "")}\n${SECOND.replace("the working group", "the working group and to the host State's parliament")}`,
  );
});

test("an agreed section refuses accepting (409) until a lead reopens it", async () => {
  const s = await setup();
  const proposal = await propose(s, "every quarter", "twice a year");
  for (const status of ["review", "agreed"]) {
    const patched = await s.usa.request("PATCH", `/api/sections/${s.sectionId}`, { status });
    expect(patched.status).toBe(200);
  }
  const textBefore = await serverSectionText(s.server, s.fra.token, s.sectionId);
  for (const who of [s.fra, s.usa]) {
    const refused = await who.request("POST", `/api/proposals/${proposal.id}/accept`, { confirm: true });
    expectApiError(refused, 409, "conflict");
    expect((refused.body as { error: { message: string } }).error.message).toContain("agreed");
  }
  expect(await serverSectionText(s.server, s.fra.token, s.sectionId)).toBe(textBefore);

  expect((await s.usa.request("PATCH", `/api/sections/${s.sectionId}`, { status: "review" })).status).toBe(200);
  expect((await s.fra.request("POST", `/api/proposals/${proposal.id}/accept`)).status).toBe(200);
  expect(await serverSectionText(s.server, s.fra.token, s.sectionId)).toContain("the working group twice a year.");
});

test("a proposal's replacement must be one line of new text", async () => {
  const s = await setup();
  const anchor = await anchorOn(s.server, s.sgp.token, s.sectionId, "every quarter");
  for (const replacement of ["every\nquarter", "every quarter", "x".repeat(10_001)]) {
    const result = await s.sgp.request("POST", `/api/drafts/${s.demo.doctrine.id}/proposals`, {
      sectionId: s.sectionId,
      anchor,
      replacement,
    });
    expectApiError(result, 400, "bad_request");
  }
  const point = await pointAfter(s.server, s.sgp.token, s.sectionId, "every quarter");
  const emptyInsertion = await s.sgp.request("POST", `/api/drafts/${s.demo.doctrine.id}/proposals`, {
    sectionId: s.sectionId,
    anchor: point,
    replacement: "",
  });
  expectApiError(emptyInsertion, 400, "bad_request");
  expect(await serverThreads(s.server, s.sgp.token, s.demo.doctrine.id)).toEqual([]);
});

test("threads, replies and an accepted proposal survive a server restart", async () => {
  const s = await setup();
  const proposal = await propose(s, "avoids duplication", "prevents overlap");
  const thread = await s.sgp.request<{ id: string }>("POST", `/api/drafts/${s.demo.doctrine.id}/threads`, {
    sectionId: s.sectionId,
    anchor: await anchorOn(s.server, s.sgp.token, s.sectionId, "host State"),
    body: "Which ministry?",
  });
  await s.fra.request("POST", `/api/threads/${thread.body.id}/comments`, { body: "Interior." });
  expect((await s.fra.request("POST", `/api/proposals/${proposal.id}/accept`)).status).toBe(200);
  const threadsBefore = await serverThreads(s.server, s.sgp.token, s.demo.doctrine.id);
  const textBefore = await serverSectionText(s.server, s.fra.token, s.sectionId);
  expect(textBefore).toContain("prevents overlap");

  await s.server.restart();
  const usa = await sessionFor(s.server, "usa");
  expect(await serverThreads(s.server, usa.token, s.demo.doctrine.id)).toEqual(threadsBefore);
  expect(await serverSectionText(s.server, usa.token, s.sectionId)).toBe(textBefore);
  // The thread index survived too: routes by thread id still work.
  expect((await usa.request("POST", `/api/threads/${thread.body.id}/resolve`)).status).toBe(200);
});

test("two people settling the same proposal at once: exactly one wins and the text changes once", async () => {
  const s = await setup();
  const proposal = await propose(s, "reports to", "answers to");
  const answers = await Promise.all([
    s.fra.request("POST", `/api/proposals/${proposal.id}/accept`),
    s.usa.request("POST", `/api/proposals/${proposal.id}/accept`),
    s.usa.request("POST", `/api/proposals/${proposal.id}/reject`, { reason: "Too late." }),
  ]);
  expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409]);
  const text = await serverSectionText(s.server, s.fra.token, s.sectionId);
  const applied = text.split("answers to").length - 1;
  const status = (await serverThreads(s.server, s.sgp.token, s.demo.doctrine.id))[0]?.status;
  expect(applied).toBe(status === "accepted" ? 1 : 0);
  expect(text.includes("reports to")).toBe(status !== "accepted");
});

test("a proposal another server has just decided is refused here, though this server's copy of the discussion still shows it open", async () => {
  const s = await setup();
  const proposal = await propose(s, "reports to", "answers to");
  const db = sqliteOf(s.server.plenary.db);
  const auditBefore = db.prepare("SELECT COUNT(*) AS n FROM audit_log").get() as { n: number };
  // What another server's committed decision leaves before its document update arrives here.
  db.prepare("UPDATE discussion_threads SET decided_at = ? WHERE id = ?").run(Date.now(), proposal.id);

  for (const attempt of [
    () => s.fra.request("POST", `/api/proposals/${proposal.id}/accept`),
    () => s.fra.request("POST", `/api/proposals/${proposal.id}/reject`, { reason: "Overtaken." }),
  ]) {
    expectApiError(await attempt(), 409, "conflict");
  }
  const text = await serverSectionText(s.server, s.fra.token, s.sectionId);
  expect(text).toContain("reports to");
  expect(text).not.toContain("answers to");
  expect((await serverThreads(s.server, s.sgp.token, s.demo.doctrine.id))[0]?.status).toBe("open");
  expect(db.prepare("SELECT COUNT(*) AS n FROM audit_log").get()).toEqual(auditBefore);
});
