import { expect, test } from "vitest";
import { findText } from "../../shared/discussionAnchors.ts";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import type { Bracket } from "../../shared/negotiation.ts";
import { type DemoWorkspace, demoWorkspace, expectApiError, type Session, unknownId } from "../helpers/api.ts";
import { type DocumentClient, eventually, joinDocument } from "../helpers/collabClient.ts";
import { anchorOn, serverSectionText } from "../helpers/discussion.ts";
import { auditOf, bracket, bracketsOf, progressOf } from "../helpers/negotiation.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";

interface Setup {
  server: TestServer;
  demo: DemoWorkspace;
  usa: Session;
  sgp: Session;
  fra: Session;
  au: Session;
  gha: Session;
  sectionId: string;
  /** France holds the pen of section 3 and has it open. */
  penholder: DocumentClient;
  /** The African Union observes section 3 live. */
  observer: DocumentClient;
}

async function setup(): Promise<Setup> {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const sectionId = demo.section(3);
  const fra = await sessionFor(server, "fra");
  const au = await sessionFor(server, "au");
  const penholder = await joinDocument(server.wsUrl, sectionDocumentName(sectionId), fra.token);
  const observer = await joinDocument(server.wsUrl, sectionDocumentName(sectionId), au.token);
  return {
    server,
    demo,
    usa: await sessionFor(server, "usa"),
    sgp: await sessionFor(server, "sgp"),
    fra,
    au,
    gha: await sessionFor(server, "gha"),
    sectionId,
    penholder,
    observer,
  };
}

test("a bracket's whole life: options by delegation, stances that replace each other, agreeing refused while open, the chosen option written live", async () => {
  const s = await setup();
  const draftId = s.demo.doctrine.id;
  const created = await bracket(s.server, s.fra, draftId, s.sectionId, "interim law enforcement", [
    "interim executive policing",
  ]);
  expect(created).toMatchObject({
    sectionId: s.sectionId,
    quote: "interim law enforcement",
    status: "open",
    options: [
      { text: "interim law enforcement", delegation: "FRA", supporters: [], objectors: [] },
      { text: "interim executive policing", delegation: "FRA", supporters: [], objectors: [] },
    ],
  });
  expect(created.options.every((option) => typeof option.id === "string")).toBe(true);

  const added = await s.sgp.request<Bracket>("POST", `/api/brackets/${created.id}/options`, {
    text: "interim policing support",
  });
  expect(added.status, JSON.stringify(added.body)).toBe(201);
  expect(added.body.options.map((option) => [option.text, option.delegation])).toEqual([
    ["interim law enforcement", "FRA"],
    ["interim executive policing", "FRA"],
    ["interim policing support", "SGP"],
  ]);
  const [current, optionB, optionC] = added.body.options;
  if (!current || !optionB || !optionC) throw new Error("options missing");

  const stance = (as: Session, optionId: string, value: string) =>
    as.request<Bracket>("PUT", `/api/brackets/${created.id}/position`, { optionId, stance: value });
  expect((await stance(s.usa, optionB.id, "support")).status).toBe(200);
  expect((await stance(s.sgp, optionB.id, "object")).status).toBe(200);
  // One stance per delegation per option: changing it replaces it.
  const changed = await stance(s.sgp, optionB.id, "support");
  expect(changed.status).toBe(200);
  expect(changed.body.options[1]).toMatchObject({ supporters: ["USA", "SGP"], objectors: [] });
  await stance(s.fra, current.id, "object");
  const cleared = await stance(s.fra, current.id, "none");
  expect(cleared.body.options[0]).toMatchObject({ supporters: [], objectors: [] });

  // Everyone in the group reads it, observers included.
  const seen = await bracketsOf(s.au, draftId);
  expect(seen.find((entry) => entry.id === created.id)).toEqual(changed.body);

  // Progress: the bracketed words are not clean.
  const text = await serverSectionText(s.server, s.fra.token, s.sectionId);
  const characters = text.replaceAll("\n", "").length;
  const progress = await progressOf(s.au, draftId);
  const section = progress.sections.find((entry) => entry.id === s.sectionId);
  expect(section).toMatchObject({ openBrackets: 1, characters });
  expect(section?.cleanShare).toBeCloseTo((characters - "interim law enforcement".length) / characters, 10);
  expect(progress.cleanShare).toBeGreaterThan(0);
  expect(progress.cleanShare).toBeLessThan(1);
  expect(progress.openBrackets).toBeGreaterThanOrEqual(1);

  // A section with an open bracket cannot be agreed; the answer names the bracket.
  expect((await s.usa.request("PATCH", `/api/sections/${s.sectionId}`, { status: "review" })).status).toBe(200);
  const agree = await s.usa.request("PATCH", `/api/sections/${s.sectionId}`, { status: "agreed" });
  expectApiError(agree, 409, "conflict");
  expect(JSON.stringify(agree.body)).toContain("interim law enforcement");
  expect((await s.usa.request("PATCH", `/api/sections/${s.sectionId}`, { status: "drafting" })).status).toBe(200);

  // The penholder chooses option B: the server writes it in place of the passage; everyone sees it live.
  const resolved = await s.fra.request<Bracket>("POST", `/api/brackets/${created.id}/resolve`, {
    optionId: optionB.id,
  });
  expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
  expect(resolved.body).toMatchObject({
    status: "resolved",
    resolution: {
      outcome: "chosen",
      optionId: optionB.id,
      text: "interim executive policing",
      by: { delegation: "FRA", userId: s.fra.user.id },
    },
  });
  for (const client of [s.penholder, s.observer]) {
    await eventually(() => {
      expect(client.text()).toContain("carry out interim executive policing.");
      expect(client.text()).not.toContain("interim law enforcement");
    });
  }
  expect(await serverSectionText(s.server, s.usa.token, s.sectionId)).toContain("interim executive policing");

  // Resolved brackets stay in the record; resolving twice is refused.
  expect((await bracketsOf(s.sgp, draftId)).find((entry) => entry.id === created.id)?.status).toBe("resolved");
  expectApiError(await s.fra.request("POST", `/api/brackets/${created.id}/resolve`, { optionId: current.id }), 409);
  expectApiError(await stance(s.usa, current.id, "support"), 409);

  const audit = await auditOf(s.usa, s.demo.wg1.id, "bracket");
  expect(audit.map((entry) => entry.action).sort()).toEqual(
    [
      "bracket.create",
      "bracket.option",
      "bracket.position",
      "bracket.position",
      "bracket.position",
      "bracket.position",
      "bracket.position",
      "bracket.resolve",
    ].sort(),
  );
  expect(audit.find((entry) => entry.action === "bracket.resolve")).toMatchObject({
    actor: { delegation: "FRA" },
    details: { replaced: "interim law enforcement", chosen: "interim executive policing" },
  });

  // With the bracket resolved the section can be agreed again.
  const after = await progressOf(s.au, draftId);
  expect(after.sections.find((entry) => entry.id === s.sectionId)).toMatchObject({ openBrackets: 0, cleanShare: 1 });
  expect((await s.usa.request("PATCH", `/api/sections/${s.sectionId}`, { status: "review" })).status).toBe(200);
  expect((await s.usa.request("PATCH", `/api/sections/${s.sectionId}`, { status: "agreed" })).status).toBe(200);
});

test("withdrawing a bracket keeps the current wording, also after edits around and inside it; a lead may resolve any section's bracket", async () => {
  const s = await setup();
  const draftId = s.demo.doctrine.id;
  const created = await bracket(s.server, s.fra, draftId, s.sectionId, "specialised expertise", ["expertise"]);
  // The penholder types before, inside and after the bracketed words.
  const found = findText(s.penholder.doc, "specialised expertise");
  if (!found) throw new Error("passage missing");
  found.text.insert(found.end, " and training");
  found.text.insert(found.start + "specialised".length, " technical");
  found.text.insert(found.start, "highly ");
  await eventually(async () =>
    expect(await serverSectionText(s.server, s.fra.token, s.sectionId)).toContain(
      "highly specialised technical expertise and training",
    ),
  );

  const withdrawn = await s.usa.request<Bracket>("POST", `/api/brackets/${created.id}/resolve`, { withdraw: true });
  expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
  expect(withdrawn.body).toMatchObject({
    status: "resolved",
    resolution: {
      outcome: "withdrawn",
      optionId: null,
      text: "specialised technical expertise",
      by: { delegation: "USA" },
    },
  });
  expect(await serverSectionText(s.server, s.fra.token, s.sectionId)).toContain(
    "highly specialised technical expertise and training",
  );
  expect(s.penholder.text()).toContain("highly specialised technical expertise and training");
});

test("observers, members without the pen and outsiders are refused, and nothing changes", async () => {
  const s = await setup();
  const draftId = s.demo.doctrine.id;
  const open = await bracket(s.server, s.fra, draftId, s.sectionId, "interim law enforcement", ["interim policing"]);
  const optionId = open.options[1]?.id ?? "";
  const before = await bracketsOf(s.usa, draftId);
  const textBefore = await serverSectionText(s.server, s.usa.token, s.sectionId);
  const anchor = await anchorOn(s.server, s.fra.token, s.sectionId, "equipment");

  // The observer reads everything and does none of it.
  expectApiError(
    await s.au.request("POST", `/api/drafts/${draftId}/brackets`, { sectionId: s.sectionId, anchor }),
    403,
    "forbidden",
  );
  expectApiError(
    await s.au.request("POST", `/api/brackets/${open.id}/options`, { text: "anything" }),
    403,
    "forbidden",
  );
  expectApiError(await s.au.request("PUT", `/api/brackets/${open.id}/position`, { optionId, stance: "support" }), 403);
  expectApiError(await s.au.request("POST", `/api/brackets/${open.id}/resolve`, { optionId }), 403);
  expectApiError(await s.au.request("POST", `/api/brackets/${open.id}/resolve`, { withdraw: true }), 403);
  // Singapore is a member but does not hold the pen of section 3.
  expectApiError(
    await s.sgp.request("POST", `/api/drafts/${draftId}/brackets`, { sectionId: s.sectionId, anchor }),
    403,
  );
  expectApiError(await s.sgp.request("POST", `/api/brackets/${open.id}/resolve`, { optionId }), 403);
  expectApiError(await s.sgp.request("POST", `/api/brackets/${open.id}/resolve`, { withdraw: true }), 403);
  // Ghana is not in this working group: the draft and its brackets do not exist for it.
  expectApiError(await s.gha.request("GET", `/api/drafts/${draftId}/brackets`), 404);
  expectApiError(await s.gha.request("GET", `/api/drafts/${draftId}/progress`), 404);
  expectApiError(
    await s.gha.request("POST", `/api/drafts/${draftId}/brackets`, { sectionId: s.sectionId, anchor }),
    404,
  );
  expectApiError(await s.gha.request("POST", `/api/brackets/${open.id}/options`, { text: "x" }), 404);
  expectApiError(await s.gha.request("PUT", `/api/brackets/${open.id}/position`, { optionId, stance: "object" }), 404);
  expectApiError(await s.gha.request("POST", `/api/brackets/${open.id}/resolve`, { optionId }), 404);
  expectApiError(await s.usa.request("POST", `/api/brackets/${unknownId()}/resolve`, { optionId }), 404);

  expect(await bracketsOf(s.usa, draftId)).toEqual(before);
  expect(await serverSectionText(s.server, s.usa.token, s.sectionId)).toBe(textBefore);
});

test("bad input is a 400 that says what is wrong, and changes nothing", async () => {
  const s = await setup();
  const draftId = s.demo.doctrine.id;
  const open = await bracket(s.server, s.fra, draftId, s.sectionId, "interim law enforcement");
  const before = await bracketsOf(s.usa, draftId);
  const anchor = await anchorOn(s.server, s.fra.token, s.sectionId, "equipment");
  const post = (body: unknown) => s.fra.request("POST", `/api/drafts/${draftId}/brackets`, body);

  expectApiError(await post({ sectionId: s.sectionId, anchor: { start: "bm90IGFuIGFuY2hvcg==", end: "bm90" } }), 400);
  expectApiError(await post({ sectionId: s.sectionId, anchor, alternatives: ["equipment"] }), 400);
  expectApiError(await post({ sectionId: s.sectionId, anchor, alternatives: ["gear", "gear"] }), 400);
  expectApiError(await post({ sectionId: s.sectionId, anchor, alternatives: ["two\nlines"] }), 400);
  expectApiError(await post({ sectionId: s.demo.tocDraft.sections[0]?.id, anchor }), 400);
  expectApiError(await post({ sectionId: s.sectionId }), 400);
  expectApiError(
    await s.fra.request("PUT", `/api/brackets/${open.id}/position`, { optionId: open.options[0]?.id, stance: "maybe" }),
    400,
  );
  expectApiError(
    await s.fra.request("PUT", `/api/brackets/${open.id}/position`, { optionId: unknownId(), stance: "support" }),
    400,
  );
  expectApiError(await s.fra.request("POST", `/api/brackets/${open.id}/resolve`, {}), 400);
  expectApiError(await s.fra.request("POST", `/api/brackets/${open.id}/resolve`, { withdraw: false }), 400);
  expectApiError(await s.fra.request("POST", `/api/brackets/${open.id}/resolve`, { optionId: unknownId() }), 400);
  expectApiError(
    await s.sgp.request("POST", `/api/brackets/${open.id}/options`, { text: "interim law enforcement" }),
    400,
  );

  expect(await bracketsOf(s.usa, draftId)).toEqual(before);
});
