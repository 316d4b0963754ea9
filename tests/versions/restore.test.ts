import { expect, test } from "vitest";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import type { Comparison } from "../../shared/text/compareSections.ts";
import type { AuditRecord, DraftDetail, VersionCreated, VersionDetail, VersionSummary } from "../../shared/types.ts";
import { demoWorkspace, expectApiError } from "../helpers/api.ts";
import { allAcknowledged, appendParagraph, eventually, joinDocument } from "../helpers/collabClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer } from "../helpers/testServer.ts";

test("restore makes the live section equal to the version, reaches a connected provider, keeps later versions, and is undone by restoring a later one", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const fra = await sessionFor(server, "fra");
  const draftId = demo.doctrine.id;
  const sectionId = demo.section(3);
  const name = (n: string) => usa.request<VersionCreated>("POST", `/api/drafts/${draftId}/versions`, { name: n });
  const textIn = async (versionId: string) =>
    (await usa.request<VersionDetail>("GET", `/api/versions/${versionId}`)).body.sections.find(
      (s) => s.id === sectionId,
    )?.text;

  const v1 = (await name("Zero draft")).body;
  const penholder = await joinDocument(server.wsUrl, sectionDocumentName(sectionId), fra.token);
  appendParagraph(penholder.doc, "A paragraph France added after New York.");
  await allAcknowledged(penholder);
  const v2 = (await name("Rev.1 — Lyon")).body;
  const v1Text = await textIn(v1.id);
  const v2Text = await textIn(v2.id);
  expect(v2Text).not.toBe(v1Text);

  const restored = await usa.request<DraftDetail>("POST", `/api/versions/${v1.id}/restore`, {
    sectionIds: [sectionId],
  });
  expect(restored.status).toBe(200);
  expect(restored.body.id).toBe(draftId);
  // The open editor receives the restored text live.
  await eventually(() => expect(penholder.text()).toBe(v1Text));
  const live = await usa.request<Comparison>("GET", `/api/drafts/${draftId}/compare?from=${v1.id}&to=live`);
  expect(live.body.sections.every((s) => s.change === "unchanged")).toBe(true);
  // The restore is the lead's change: the removed paragraph was deleted by the USA.
  const undoneEdit = await usa.request<Comparison>("GET", `/api/drafts/${draftId}/compare?from=${v2.id}&to=live`);
  const ops = undoneEdit.body.sections.find((s) => s.id === sectionId)?.ops.filter((op) => op.op !== "equal");
  expect(ops).toEqual([{ op: "delete", text: "\nA paragraph France added after New York.", delegation: "USA" }]);

  // Later versions are kept, unchanged.
  const versions = (await usa.request<VersionSummary[]>("GET", `/api/drafts/${draftId}/versions`)).body;
  expect(versions.map((v) => v.id)).toEqual([v2.id, v1.id]);
  expect(await textIn(v2.id)).toBe(v2Text);

  // Restoring the later version undoes the restore.
  expect((await usa.request("POST", `/api/versions/${v2.id}/restore`, {})).status).toBe(200);
  await eventually(() => expect(penholder.text()).toBe(v2Text));
  const back = await usa.request<Comparison>("GET", `/api/drafts/${draftId}/compare?from=${v2.id}&to=live`);
  expect(back.body.sections.every((s) => s.change === "unchanged")).toBe(true);

  const audit = await usa.request<AuditRecord[]>("GET", `/api/groups/${demo.wg1.id}/audit`);
  const restores = audit.body.filter((entry) => entry.action === "version.restore");
  expect(restores.map((entry) => entry.target)).toEqual(expect.arrayContaining([v1.id, v2.id]));
  expect(restores.every((entry) => entry.actor?.delegation === "USA")).toBe(true);
});

test("restoring the whole draft brings back its title, order and removed sections, and removes later ones", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const draftId = demo.doctrine.id;
  const v1 = (await usa.request<VersionCreated>("POST", `/api/drafts/${draftId}/versions`, { name: "V1" })).body;
  const ids = demo.doctrine.sections.map((s) => s.id);
  await usa.request("PUT", `/api/drafts/${draftId}/order`, { sectionIds: [...ids].reverse() });
  await usa.request("PATCH", `/api/sections/${demo.section(2)}`, { title: "Renamed" });
  await usa.request("DELETE", `/api/sections/${demo.section(4)}`);
  const added = (await usa.request<{ id: string }>("POST", `/api/drafts/${draftId}/sections`, { title: "New" })).body;

  const restored = await usa.request<DraftDetail>("POST", `/api/versions/${v1.id}/restore`, {});
  expect(restored.status).toBe(200);
  expect(restored.body.sections.map((s) => [s.id, s.title])).toEqual(
    demo.doctrine.sections.map((s) => [s.id, s.title]),
  );
  expect(restored.body.sections.some((s) => s.id === added.id)).toBe(false);
  const removed = await usa.request<{ id: string }[]>("GET", `/api/drafts/${draftId}/removed-sections`);
  expect(removed.body.map((s) => s.id)).toContain(added.id);

  expectApiError(
    await usa.request("POST", `/api/versions/${v1.id}/restore`, { sectionIds: [added.id] }),
    400,
    "bad_request",
  );
});
