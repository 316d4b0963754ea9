import { expect, test } from "vitest";
import * as Y from "yjs";
import { DocumentLog } from "../../server/storage/DocumentLog.ts";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import type { Comparison } from "../../shared/text/compareSections.ts";
import type { AuthorshipResponse, VersionCreated } from "../../shared/types.ts";
import { demoWorkspace } from "../helpers/api.ts";
import {
  allAcknowledged,
  appendParagraph,
  eventually,
  joinDocument,
  openDocument,
  openSocket,
} from "../helpers/collabClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer } from "../helpers/testServer.ts";

test("attribution names the delegation of the connection's user, whatever the client claims about itself", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const fra = await sessionFor(server, "fra");
  const name = sectionDocumentName(demo.section(3));
  const version = (await usa.request<VersionCreated>("POST", `/api/drafts/${demo.doctrine.id}/versions`, { name: "V" }))
    .body;

  // The USA lead writes a paragraph with an honest client.
  const lead = await joinDocument(server.wsUrl, name, usa.token);
  appendParagraph(lead.doc, "Written by the United States.");
  await allAcknowledged(lead);
  const usaClientId = lead.doc.clientID;

  // A PermanentUserData mapping is a root the section schema does not have:
  // the server refuses the update (and closes that socket) rather than store it.
  const claimant = new Y.Doc();
  const claimantSocket = openSocket(server.wsUrl);
  const claiming = openDocument(claimantSocket, name, fra.token, claimant);
  await claiming.synced;
  new Y.PermanentUserData(claimant).setUserMapping(claimant, claimant.clientID, "USA");
  await eventually(() => expect(claimantSocket.status).toBe("disconnected"));
  const stored = new Y.Doc();
  Y.applyUpdate(stored, await new DocumentLog(server.plenary.db).state(name));
  expect(stored.share.has("users")).toBe(false);

  // France's client claims to be the United States everywhere else it can: in
  // its awareness, and with the USA's own Yjs client id.
  const forged = new Y.Doc();
  forged.clientID = usaClientId;
  const penholder = openDocument(openSocket(server.wsUrl), name, fra.token, forged);
  await penholder.synced;
  penholder.provider.setAwarenessField("user", { name: "United States point of contact", delegation: "USA" });
  appendParagraph(forged, "Written by France under a borrowed name.");
  await allAcknowledged(penholder);

  const authorship = await usa.request<AuthorshipResponse>("GET", `/api/sections/${demo.section(3)}/authorship`);
  expect(authorship.status).toBe(200);
  const runs = authorship.body.runs;
  expect(runs.map((r) => r.text).join("")).toBe(penholder.text());
  const usaRun = runs.find((r) => r.text.includes("Written by the United States."));
  const fraRun = runs.find((r) => r.text.includes("Written by France under a borrowed name."));
  expect(usaRun?.delegation).toBe("USA");
  expect(fraRun?.delegation).toBe("FRA");
  // The seeded text is France's, the section's penholder when it was written.
  expect(runs[0]?.delegation).toBe("FRA");

  const compare = await usa.request<Comparison>(
    "GET",
    `/api/drafts/${demo.doctrine.id}/compare?from=${version.id}&to=live`,
  );
  const ops = compare.body.sections.find((s) => s.id === demo.section(3))?.ops.filter((op) => op.op !== "equal");
  expect(ops).toEqual([
    { op: "insert", text: "\nWritten by the United States.", delegation: "USA" },
    { op: "insert", text: "\nWritten by France under a borrowed name.", delegation: "FRA" },
  ]);

  // Deletions are the deleter's too: France deletes the United States' paragraph.
  const fragment = forged.getXmlFragment("content");
  const index = fragment.toArray().findIndex((node) => node.toString().includes("Written by the United States."));
  fragment.delete(index, 1);
  await allAcknowledged(penholder);
  const after = await usa.request<Comparison>(
    "GET",
    `/api/drafts/${demo.doctrine.id}/compare?from=${version.id}&to=live`,
  );
  expect(after.body.sections.find((s) => s.id === demo.section(3))?.ops.filter((op) => op.op !== "equal")).toEqual([
    { op: "insert", text: "\nWritten by France under a borrowed name.", delegation: "FRA" },
  ]);
  // Against a version that had the USA's paragraph, France's deletion is named.
  const withUsa = (await usa.request<VersionCreated>("POST", `/api/drafts/${demo.doctrine.id}/versions`, { name: "W" }))
    .body;
  fragment.delete(0, 1);
  await allAcknowledged(penholder);
  const deleted = await usa.request<Comparison>(
    "GET",
    `/api/drafts/${demo.doctrine.id}/compare?from=${withUsa.id}&to=live`,
  );
  const deletes = deleted.body.sections.find((s) => s.id === demo.section(3))?.ops.filter((op) => op.op === "delete");
  expect(deletes?.length).toBeGreaterThan(0);
  expect(deletes?.every((op) => op.op === "delete" && op.delegation === "FRA")).toBe(true);
});
