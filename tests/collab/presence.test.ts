import { expect, test } from "vitest";
import { DEFAULT_LIMITS } from "../../server/collab/CollabLimits.ts";
import { draftDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import { delegationColor, type PresenceUser, parseRosterMessage, type RosterMessage } from "../../shared/presence.ts";
import { demoWorkspace } from "../helpers/api.ts";
import { type DocumentClient, eventually, joinDocument } from "../helpers/collabClient.ts";
import { awarenessUpdate, RawClient } from "../helpers/rawClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";

function statesSeenBy(client: DocumentClient): Map<number, Record<string, unknown>> {
  const states = new Map(client.provider.awareness?.getStates() ?? []);
  states.delete(client.doc.clientID);
  return states as Map<number, Record<string, unknown>>;
}

async function identity(server: TestServer, account: "usa" | "sgp"): Promise<PresenceUser> {
  const { user } = await sessionFor(server, account);
  return { id: user.id, name: user.name, delegation: user.delegation, color: delegationColor(user.delegation) };
}

async function section2(server: TestServer) {
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  return sectionDocumentName(demo.section(2));
}

test("a writer claiming someone else's name and delegation is shown with its own", async () => {
  const server = await startTestServer();
  const name = await section2(server);
  // Singapore holds the pen of section 2 and pretends to be the United States.
  const impostor = await joinDocument(server.wsUrl, name, (await sessionFor(server, "sgp")).token);
  const watcher = await joinDocument(server.wsUrl, name, (await sessionFor(server, "au")).token);
  impostor.provider.setAwarenessField("user", { ...(await identity(server, "usa")), color: "#000000" });
  impostor.provider.setAwarenessField("cursor", { anchor: 3, head: 3 });

  await eventually(async () => {
    const state = statesSeenBy(watcher).get(impostor.doc.clientID);
    expect(state?.cursor).toEqual({ anchor: 3, head: 3 });
    expect(state?.user).toEqual(await identity(server, "sgp"));
  });
  const delegations = [...statesSeenBy(watcher).values()].map((state) => (state.user as PresenceUser).delegation);
  expect(delegations).not.toContain("USA");
});

test("a connection can neither overwrite nor remove another client's presence", async () => {
  const server = await startTestServer();
  const name = await section2(server);
  const victim = await joinDocument(server.wsUrl, name, (await sessionFor(server, "usa")).token);
  const watcher = await joinDocument(server.wsUrl, name, (await sessionFor(server, "au")).token);
  victim.provider.setAwarenessField("cursor", { anchor: 1, head: 5 });
  await eventually(() =>
    expect(statesSeenBy(watcher).get(victim.doc.clientID)?.cursor).toEqual({ anchor: 1, head: 5 }),
  );
  const victimState = statesSeenBy(watcher).get(victim.doc.clientID);

  // Singapore (a writer of this section) sends presence under the victim's client id.
  const raw = await RawClient.connect(server.wsUrl);
  expect(await raw.authenticate(name, (await sessionFor(server, "sgp")).token)).toMatchObject({ scope: "read-write" });
  raw.sendAwareness(name, awarenessUpdate(victim.doc.clientID, 1_000, { cursor: { anchor: 0, head: 999 } }));
  raw.sendAwareness(name, awarenessUpdate(victim.doc.clientID, 1_001, null));
  // Then presence of its own, which arrives after the forgeries were handled.
  const ownId = 424_242;
  raw.sendAwareness(name, awarenessUpdate(ownId, 1, { cursor: { anchor: 2, head: 2 } }));

  await eventually(async () => expect(statesSeenBy(watcher).get(ownId)?.user).toEqual(await identity(server, "sgp")));
  expect(statesSeenBy(watcher).get(victim.doc.clientID)).toEqual(victimState);
  expect(victimState?.user).toEqual(await identity(server, "usa"));
});

test("a connection keeps the one client id it first used and cannot add more", async () => {
  const server = await startTestServer();
  const name = await section2(server);
  const watcher = await joinDocument(server.wsUrl, name, (await sessionFor(server, "au")).token);
  const raw = await RawClient.connect(server.wsUrl);
  expect(await raw.authenticate(name, (await sessionFor(server, "sgp")).token)).toMatchObject({ scope: "read-write" });
  raw.sendAwareness(name, awarenessUpdate(1_001, 1, { cursor: "first" }));
  for (let id = 2_001; id < 2_021; id += 1) raw.sendAwareness(name, awarenessUpdate(id, 1, { cursor: "extra" }));
  raw.sendAwareness(name, awarenessUpdate(1_001, 2, { cursor: "updated" }));

  await eventually(() => expect(statesSeenBy(watcher).get(1_001)?.cursor).toBe("updated"));
  expect([...statesSeenBy(watcher).keys()]).toEqual([1_001]);
});

test("a reader cannot set presence; the draft's roster lists everyone on the page, writers as writing", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const name = sectionDocumentName(demo.section(2));
  const draftName = draftDocumentName(demo.doctrine.id);
  const rosters: RosterMessage[] = [];
  // Each person opens the draft page: the draft document and the section.
  const onPage = async (account: "sgp" | "au" | "usa") => {
    const token = (await sessionFor(server, account)).token;
    const draft = await joinDocument(server.wsUrl, draftName, token);
    return { draft, section: await joinDocument(server.wsUrl, name, token) };
  };
  const writer = await onPage("sgp");
  writer.draft.provider.on("stateless", ({ payload }: { payload: string }) => {
    const roster = parseRosterMessage(payload);
    if (roster) rosters.push(roster);
  });
  const reader = await onPage("au");
  reader.section.provider.setAwarenessField("cursor", { anchor: 0, head: 10 });
  reader.section.provider.setAwarenessField("user", await identity(server, "usa"));
  // A writer's later presence update is the barrier: once it is seen, the reader's would have been too.
  const third = await onPage("usa");
  third.section.provider.setAwarenessField("cursor", { anchor: 4, head: 4 });
  await eventually(() =>
    expect(statesSeenBy(writer.section).get(third.section.doc.clientID)?.cursor).toEqual({ anchor: 4, head: 4 }),
  );
  expect(statesSeenBy(writer.section).has(reader.section.doc.clientID)).toBe(false);
  expect([...statesSeenBy(writer.section).keys()]).toEqual([third.section.doc.clientID]);

  await eventually(() => {
    const latest = rosters.at(-1);
    expect(latest?.count).toBe(3);
    const people = latest?.users.map(({ delegation, name: person, writing }) => ({ delegation, person, writing }));
    expect(people).toEqual(
      expect.arrayContaining([
        { delegation: "AU", person: "African Union liaison", writing: false },
        { delegation: "SGP", person: "Singapore point of contact", writing: true },
        { delegation: "USA", person: "United States point of contact", writing: true },
      ]),
    );
  });
});

test("a reader whose only messages are presence renewals stays connected; a silent one is closed", async () => {
  const idleTimeoutMs = 2_000;
  const server = await startTestServer({ limits: { ...DEFAULT_LIMITS, idleTimeoutMs } });
  const name = await section2(server);
  const token = (await sessionFor(server, "au")).token;
  const renewing = await RawClient.connect(server.wsUrl);
  const silent = await RawClient.connect(server.wsUrl);
  for (const client of [renewing, silent]) {
    expect(await client.authenticate(name, token)).toMatchObject({ type: "authenticated", scope: "readonly" });
  }
  // The reader's presence is dropped before Hocuspocus reads it, yet it counts as a sign of life.
  let clock = 0;
  const renewal = setInterval(
    () => renewing.sendAwareness(name, awarenessUpdate(4242, ++clock, { cursor: null })),
    200,
  );
  try {
    await silent.closed;
    // At least one more check of every socket's last message has run since.
    await new Promise((resolve) => setTimeout(resolve, idleTimeoutMs + 500));
    expect(renewing.isOpen).toBe(true);
  } finally {
    clearInterval(renewal);
  }
});
