import { expect, test } from "vitest";
import { draftDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import { DraftFields } from "../../shared/draftDocument.ts";
import { delegationColor, parseRosterMessage, type RosterMessage } from "../../shared/presence.ts";
import { demoWorkspace, signIn } from "../helpers/api.ts";
import { sharedStorage, startCluster, startFreshReader } from "../helpers/cluster.ts";
import {
  allAcknowledged,
  appendParagraph,
  type DocumentClient,
  eventually,
  fragmentText,
  joinDocument,
  openDocument,
  openSocket,
} from "../helpers/collabClient.ts";
import { documentDifference, tokensIn } from "../helpers/durability.ts";
import { serverState } from "../helpers/rawClient.ts";

/** Generous: a condition that holds within a second normally, on a loaded 2-core machine too. */
const GENEROUS_MS = 15_000;

function rosterOf(client: DocumentClient): () => RosterMessage | null {
  let latest: RosterMessage | null = null;
  client.provider.on("stateless", ({ payload }: { payload: string }) => {
    latest = parseRosterMessage(payload) ?? latest;
  });
  return () => latest;
}

test("writers on two servers converge on one text, which both servers and a fresh load hold", async () => {
  const storage = await sharedStorage();
  const [a, b] = await startCluster(2, { storage });
  if (!a || !b) throw new Error("two servers expected");
  const demo = await demoWorkspace(a.url);
  const name = sectionDocumentName(demo.section(1));
  const onA = await joinDocument(a.wsUrl, name, (await signIn(a.url, "usa")).token);
  const onB = await joinDocument(b.wsUrl, name, (await signIn(b.url, "secretariat")).token);
  expect(await onA.scope).toBe("read-write");
  expect(await onB.scope).toBe("read-write");

  const written: string[] = [];
  for (let n = 0; n < 40; n++) {
    const [writer, token] = n % 2 === 0 ? [onA, `c0n${n}`] : [onB, `c1n${n}`];
    appendParagraph(writer.doc, token);
    written.push(token);
    if (n % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all([allAcknowledged(onA, GENEROUS_MS), allAcknowledged(onB, GENEROUS_MS)]);
  await eventually(() => {
    for (const client of [onA, onB]) expect([...tokensIn(client.text())].sort()).toEqual([...written].sort());
    expect(documentDifference(onA.doc, onB.doc, false)).toBeNull();
  }, GENEROUS_MS);

  // What each server holds now, and what a server loads afresh from the shared storage.
  const lead = await signIn(a.url, "usa");
  const fresh = await startFreshReader(storage);
  for (const server of [a, b, fresh]) {
    const view = await serverState(server.wsUrl, name, lead.token);
    expect(documentDifference(view, onA.doc, false), server.url).toBeNull();
  }
});

test("presence crosses servers: carets and the roster list people connected to either", async () => {
  const [a, b] = await startCluster(2);
  if (!a || !b) throw new Error("two servers expected");
  const demo = await demoWorkspace(a.url);
  const section = sectionDocumentName(demo.section(1));
  const draft = draftDocumentName(demo.doctrine.id);
  const usa = await signIn(a.url, "usa");
  const au = await signIn(b.url, "au");

  // The United States writes on server A; the African Union (an observer) reads on server B.
  const writer = await joinDocument(a.wsUrl, section, usa.token);
  const reader = await joinDocument(b.wsUrl, section, au.token);
  writer.provider.setAwarenessField("cursor", { anchor: 2, head: 4 });
  await eventually(() => {
    const state = reader.provider.awareness?.getStates().get(writer.doc.clientID);
    expect(state?.cursor).toEqual({ anchor: 2, head: 4 });
    expect(state?.user).toEqual({
      id: usa.user.id,
      name: usa.user.name,
      delegation: usa.user.delegation,
      color: delegationColor(usa.user.delegation),
    });
  }, GENEROUS_MS);

  // Both on the draft page, each on their own server: each sees both.
  const pageA = openDocument(openSocket(a.wsUrl), draft, usa.token);
  const pageB = openDocument(openSocket(b.wsUrl), draft, au.token);
  const rosterA = rosterOf(pageA);
  const rosterB = rosterOf(pageB);
  const people = (roster: RosterMessage | null) => (roster?.users ?? []).map((user) => user.id).sort();
  const both = [usa.user.id, au.user.id].sort();
  await eventually(() => {
    expect(people(rosterA())).toEqual(both);
    expect(people(rosterB())).toEqual(both);
    // The writer on A is shown writing on B too.
    expect(rosterB()?.users.find((user) => user.id === usa.user.id)?.writing).toBe(true);
  }, GENEROUS_MS);

  // A dies: its people leave B's roster by themselves.
  await a.kill("SIGKILL");
  await eventually(() => expect(people(rosterB())).toEqual([au.user.id]), 30_000);
});

test("a lead assigns a section through server A and the member connected to server B can type at once", async () => {
  const [a, b] = await startCluster(2);
  if (!a || !b) throw new Error("two servers expected");
  const demo = await demoWorkspace(a.url);
  // Section 5 has no penholder yet.
  const name = sectionDocumentName(demo.section(5));
  const sgp = await signIn(b.url, "sgp");
  const member = await joinDocument(b.wsUrl, name, sgp.token);
  const watcher = await joinDocument(a.wsUrl, name, (await signIn(a.url, "au")).token);
  expect(member.currentScope()).toBe("readonly");

  const usa = await signIn(a.url, "usa");
  const started = Date.now();
  const assigned = await usa.request("PATCH", `/api/sections/${demo.section(5)}`, { penholders: [sgp.user.id] });
  expect(assigned.status).toBe(200);
  await eventually(() => expect(member.currentScope()).toBe("read-write"), GENEROUS_MS);
  console.log(`pen assigned on A reached the member on B after ${Date.now() - started} ms`);

  appendParagraph(member.doc, "Singapore, holding the pen given on the other server.");
  await allAcknowledged(member, GENEROUS_MS);
  await eventually(() => expect(watcher.text()).toContain("holding the pen given on the other server"), GENEROUS_MS);
  expect(fragmentText(await serverState(a.wsUrl, name, usa.token))).toContain("given on the other server");
});

test("sections added and reordered through one server appear once, in order, on both servers' draft pages, also where only the other server has the draft open", async () => {
  const [a, b] = await startCluster(2);
  if (!a || !b) throw new Error("two servers expected");
  const demo = await demoWorkspace(a.url);
  const draft = draftDocumentName(demo.doctrine.id);
  const usa = await signIn(a.url, "usa");
  const pageA = await joinDocument(a.wsUrl, draft, usa.token);
  const pageB = await joinDocument(b.wsUrl, draft, (await signIn(b.url, "au")).token);
  const orderOf = (client: DocumentClient) => client.doc.getArray<string>(DraftFields.order).toArray();

  let expected = demo.doctrine.sections.map((section) => section.id);
  for (let round = 0; round < 3; round++) {
    const created = await usa.request<{ id: string }>("POST", `/api/drafts/${demo.doctrine.id}/sections`, {
      title: `Annex ${round}`,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expected = [...expected, created.body.id];
    const reversed = [...expected].reverse();
    const reordered = await usa.request("PUT", `/api/drafts/${demo.doctrine.id}/order`, { sectionIds: reversed });
    expect(reordered.status, JSON.stringify(reordered.body)).toBe(200);
    expected = reversed;
    await eventually(() => {
      expect(orderOf(pageA)).toEqual(expected);
      expect(orderOf(pageB)).toEqual(expected);
    }, GENEROUS_MS);
  }

  // The other group's draft is open on B alone; a section added through A reaches it.
  const toc = draftDocumentName(demo.tocDraft.id);
  const fra = await signIn(a.url, "fra");
  const tocOnB = await joinDocument(b.wsUrl, toc, (await signIn(b.url, "gha")).token);
  const added = await fra.request<{ id: string }>("POST", `/api/drafts/${demo.tocDraft.id}/sections`, {
    title: "Annex on asset recovery",
  });
  expect(added.status, JSON.stringify(added.body)).toBe(201);
  await eventually(
    () => expect(orderOf(tocOnB)).toEqual([...demo.tocDraft.sections.map((section) => section.id), added.body.id]),
    GENEROUS_MS,
  );
});
