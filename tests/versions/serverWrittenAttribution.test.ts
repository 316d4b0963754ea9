import { expect, test } from "vitest";
import type { ProposalThread } from "../../shared/discussion.ts";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import type { Comparison } from "../../shared/text/compareSections.ts";
import type { AuditRecord, AuthorshipResponse, VersionCreated } from "../../shared/types.ts";
import { demoWorkspace } from "../helpers/api.ts";
import { allAcknowledged, joinDocument } from "../helpers/collabClient.ts";
import { anchorOn } from "../helpers/discussion.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer } from "../helpers/testServer.ts";

/**
 * Text the server writes into a section on someone's behalf is recorded as
 * theirs: an accepted proposal's words as the proposer's delegation (the
 * person who accepted is in the audit entry), a restored text as the
 * restoring lead's. Never as "unknown".
 */

test("the words of an accepted proposal are the proposer's delegation, in who-wrote-what and in compare; the audit names who accepted", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const sgp = await sessionFor(server, "sgp");
  const draftId = demo.doctrine.id;
  const sectionId = demo.section(3);
  const before = (await usa.request<VersionCreated>("POST", `/api/drafts/${draftId}/versions`, { name: "Before" }))
    .body;

  const proposal = await sgp.request<ProposalThread>("POST", `/api/drafts/${draftId}/proposals`, {
    sectionId,
    anchor: await anchorOn(server, sgp.token, sectionId, "every quarter"),
    replacement: "every month",
  });
  expect(proposal.status).toBe(201);
  const accepted = await usa.request("POST", `/api/proposals/${proposal.body.id}/accept`);
  expect(accepted.status).toBe(200);

  const runs = (await usa.request<AuthorshipResponse>("GET", `/api/sections/${sectionId}/authorship`)).body.runs;
  expect(runs.map((r) => r.text).join("")).toContain("every month");
  const month = runs.find((r) => r.text.includes("month"));
  expect(month?.delegation).toBe("SGP");
  expect(runs.some((r) => r.delegation === "unknown")).toBe(false);

  const compare = await usa.request<Comparison>("GET", `/api/drafts/${draftId}/compare?from=${before.id}&to=live`);
  const ops = compare.body.sections.find((s) => s.id === sectionId)?.ops.filter((op) => op.op !== "equal");
  expect(ops).toEqual([
    { op: "delete", text: "quarter", delegation: "SGP" },
    { op: "insert", text: "month", delegation: "SGP" },
  ]);

  const audit = (await usa.request<AuditRecord[]>("GET", `/api/groups/${demo.wg1.id}/audit`)).body;
  const acceptance = audit.find((entry) => entry.action === "proposal.accept" && entry.target === proposal.body.id);
  expect(acceptance?.actor?.delegation).toBe("USA");
});

test("text a restore puts back is the restoring lead's, in who-wrote-what and in compare", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const fra = await sessionFor(server, "fra");
  const draftId = demo.doctrine.id;
  const sectionId = demo.section(3);
  const v1 = (await usa.request<VersionCreated>("POST", `/api/drafts/${draftId}/versions`, { name: "V1" })).body;

  // France, the penholder, deletes the section's first paragraph.
  const penholder = await joinDocument(server.wsUrl, sectionDocumentName(sectionId), fra.token);
  const firstParagraph = penholder.text().split("\n")[0] ?? "";
  expect(firstParagraph.length).toBeGreaterThan(0);
  penholder.doc.getXmlFragment("content").delete(0, 1);
  await allAcknowledged(penholder);
  const v2 = (await usa.request<VersionCreated>("POST", `/api/drafts/${draftId}/versions`, { name: "V2" })).body;

  // The United States lead restores the section to V1: the paragraph comes back, as theirs.
  const restored = await usa.request("POST", `/api/versions/${v1.id}/restore`, { sectionIds: [sectionId] });
  expect(restored.status).toBe(200);

  const runs = (await usa.request<AuthorshipResponse>("GET", `/api/sections/${sectionId}/authorship`)).body.runs;
  expect(runs.map((r) => r.text).join("")).toContain(firstParagraph);
  expect(new Set(runs.map((r) => r.delegation))).toEqual(new Set(["USA"]));

  const compare = await usa.request<Comparison>("GET", `/api/drafts/${draftId}/compare?from=${v2.id}&to=live`);
  const ops = compare.body.sections.find((s) => s.id === sectionId)?.ops.filter((op) => op.op !== "equal");
  expect(ops?.length).toBeGreaterThan(0);
  expect(ops?.map((op) => op.text).join("")).toContain(firstParagraph);
  expect(ops?.every((op) => op.op === "insert" && op.delegation === "USA")).toBe(true);
});
