import { expect, test } from "vitest";
import * as Y from "yjs";
import { discussionDocumentName, draftDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import { DraftFields, readDraftDocument } from "../../shared/draftDocument.ts";
import type { CreatedResponse, DraftDetail } from "../../shared/types.ts";
import { type DemoAccount, demoWorkspace } from "../helpers/api.ts";
import { eventually, joinDocument, refused } from "../helpers/collabClient.ts";
import { RawClient, serverState } from "../helpers/rawClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer } from "../helpers/testServer.ts";

/** DESIGN.md: a change made through the API shows in every open `draft:` document within a second. */
const LIVE_MS = 1_000;

test("the draft and discussion documents are read-only for everyone, leads and the site admin included", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const accounts: DemoAccount[] = ["secretariat", "usa", "sgp", "fra", "interpol", "au"];
  for (const name of [draftDocumentName(demo.doctrine.id), discussionDocumentName(demo.doctrine.id)]) {
    for (const account of accounts) {
      const client = await joinDocument(server.wsUrl, name, (await sessionFor(server, account)).token);
      expect({ name, account, scope: client.currentScope() }).toEqual({ name, account, scope: "readonly" });
    }
    const outsider = await joinDocument(server.wsUrl, name, (await sessionFor(server, "gha")).token);
    expect(outsider.currentScope()).toBe("denied");
  }
});

test("a client reads the draft document as the API describes the draft", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const au = await sessionFor(server, "au");
  const client = await joinDocument(server.wsUrl, draftDocumentName(demo.doctrine.id), au.token);
  const api = await au.request<DraftDetail>("GET", `/api/drafts/${demo.doctrine.id}`);
  expect(readDraftDocument(client.doc, demo.doctrine.id)).toEqual(api.body);
});

test("a lead's forged writes to the draft document change nothing, and grant no pen", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const gha = await sessionFor(server, "gha");
  const sgp = await sessionFor(server, "sgp");
  const name = draftDocumentName(demo.doctrine.id);
  const expected = (await usa.request<DraftDetail>("GET", `/api/drafts/${demo.doctrine.id}`)).body;

  // Through a real provider: the lead edits its local copy of the draft document.
  const provider = await joinDocument(server.wsUrl, name, usa.token);
  provider.doc.getMap(DraftFields.meta).set("title", "Renamed behind the API's back");
  await refused(provider);

  // Through raw frames: an update and a sync step 2 that make SGP penholder of section 1.
  const raw = await RawClient.connect(server.wsUrl);
  expect(await raw.authenticate(name, usa.token)).toMatchObject({ scope: "readonly" });
  const forged = await raw.fetchState(name);
  const before = Y.encodeStateVector(forged);
  const entry = forged.getMap<Y.Map<unknown>>(DraftFields.sections).get(demo.section(1));
  if (!entry) throw new Error("section 1 is in the draft document");
  entry.set("penholders", [sgp.user.id, gha.user.id]);
  forged.getArray<string>(DraftFields.order).push(["section-planted-001"]);
  raw.sendUpdate(name, Y.encodeStateAsUpdate(forged, before));
  raw.sendSyncStep2(name, Y.encodeStateAsUpdate(forged));
  expect(readDraftDocument(await raw.fetchState(name), demo.doctrine.id)).toEqual(expected);

  // Nobody else sees it, it does not outlive a restart, and it gives no one the pen.
  const observer = await joinDocument(server.wsUrl, name, (await sessionFor(server, "au")).token);
  expect(readDraftDocument(observer.doc, demo.doctrine.id)).toEqual(expected);
  const section = await joinDocument(server.wsUrl, sectionDocumentName(demo.section(1)), sgp.token);
  expect(section.currentScope()).toBe("readonly");
  await server.restart();
  expect(readDraftDocument(await serverState(server.wsUrl, name, usa.token), demo.doctrine.id)).toEqual(expected);
  expect((await usa.request<DraftDetail>("GET", `/api/drafts/${demo.doctrine.id}`)).body).toEqual(expected);
});

test("sections added and penholders set through the API appear live in the draft document", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const observer = await joinDocument(
    server.wsUrl,
    draftDocumentName(demo.doctrine.id),
    (await sessionFor(server, "au")).token,
  );
  const read = () => readDraftDocument(observer.doc, demo.doctrine.id);

  const added = await usa.request<CreatedResponse>("POST", `/api/drafts/${demo.doctrine.id}/sections`, {
    title: "Oversight and accountability",
    afterSectionId: demo.section(2),
  });
  expect(added.status).toBe(201);
  await eventually(() => {
    const ids = read().sections.map((section) => section.id);
    expect(ids.slice(1, 4)).toEqual([demo.section(2), added.body.id, demo.section(3)]);
  }, LIVE_MS);
  expect(read().sections.find((section) => section.id === added.body.id)).toEqual({
    id: added.body.id,
    title: "Oversight and accountability",
    penholders: [],
    status: "drafting",
  });

  const penholders = [demo.userId("sgp"), demo.userId("interpol")];
  expect((await usa.request("PATCH", `/api/sections/${added.body.id}`, { penholders })).status).toBe(200);
  await eventually(() => {
    expect(read().sections.find((section) => section.id === added.body.id)?.penholders).toEqual(penholders);
  }, LIVE_MS);

  const patch = { title: "Purpose, scope and definitions", status: "review" };
  expect((await usa.request("PATCH", `/api/sections/${demo.section(1)}`, patch)).status).toBe(200);
  await eventually(() => {
    expect(read().sections[0]).toMatchObject({ id: demo.section(1), ...patch });
  }, LIVE_MS);

  const api = await usa.request<DraftDetail>("GET", `/api/drafts/${demo.doctrine.id}`);
  expect(read()).toEqual(api.body);
});

test("a draft created through the API can be opened at once, with its first section", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const fra = await sessionFor(server, "fra");
  const created = await fra.request<CreatedResponse>("POST", `/api/groups/${demo.wg2.id}/drafts`, {
    title: "Lyon follow-up",
  });
  const client = await joinDocument(
    server.wsUrl,
    draftDocumentName(created.body.id),
    (await sessionFor(server, "gha")).token,
  );
  const draft = readDraftDocument(client.doc, created.body.id);
  expect(draft).toMatchObject({ id: created.body.id, groupId: demo.wg2.id, title: "Lyon follow-up" });
  expect(draft.sections).toHaveLength(1);
});
