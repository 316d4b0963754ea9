import { expect, test } from "vitest";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import { demoWorkspace } from "../helpers/api.ts";
import {
  allAcknowledged,
  appendParagraph,
  type DocumentClient,
  eventually,
  fragmentText,
  openDocument,
  openSocket,
  refused,
} from "../helpers/collabClient.ts";
import { serverState } from "../helpers/rawClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer } from "../helpers/testServer.ts";

/** DESIGN.md: affected connections are re-evaluated within a second of a change. */
const LIVE_MS = 1_000;

/** Opens a document and counts how often its socket closes (it should not, for a change of rights). */
async function watchedJoin(wsUrl: string, name: string, token: string) {
  const socket = openSocket(wsUrl);
  let disconnects = 0;
  socket.on("disconnect", () => {
    disconnects += 1;
  });
  const client: DocumentClient = openDocument(socket, name, token);
  await client.scope;
  await client.synced;
  return { client, disconnects: () => disconnects };
}

test("a member made penholder through the API can type at once, without reconnecting", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const sgp = await sessionFor(server, "sgp");
  // Section 5 has no penholder yet.
  const name = sectionDocumentName(demo.section(5));
  const { client: member, disconnects } = await watchedJoin(server.wsUrl, name, sgp.token);
  const { client: watcher } = await watchedJoin(server.wsUrl, name, (await sessionFor(server, "au")).token);
  expect(member.currentScope()).toBe("readonly");

  const assigned = await usa.request("PATCH", `/api/sections/${demo.section(5)}`, { penholders: [sgp.user.id] });
  expect(assigned.status).toBe(200);
  await eventually(() => expect(member.currentScope()).toBe("read-write"), LIVE_MS);

  appendParagraph(member.doc, "Singapore, now holding the pen: training curricula.");
  await allAcknowledged(member);
  await eventually(() => expect(watcher.text()).toContain("Singapore, now holding the pen: training curricula."));
  expect(fragmentText(await serverState(server.wsUrl, name, usa.token))).toContain("now holding the pen");
  expect(disconnects()).toBe(0);
  // The observer watching the same section stays read-only throughout.
  expect(watcher.currentScope()).toBe("readonly");
});

test("a penholder whose pen is taken away through the API loses write access at once", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const sgp = await sessionFor(server, "sgp");
  // Section 2: Singapore holds the pen.
  const name = sectionDocumentName(demo.section(2));
  const { client: penholder, disconnects } = await watchedJoin(server.wsUrl, name, sgp.token);
  const { client: watcher } = await watchedJoin(server.wsUrl, name, (await sessionFor(server, "au")).token);
  expect(penholder.currentScope()).toBe("read-write");
  appendParagraph(penholder.doc, "Before: written with the pen.");
  await allAcknowledged(penholder);

  const unassigned = await usa.request("PATCH", `/api/sections/${demo.section(2)}`, { penholders: [] });
  expect(unassigned.status).toBe(200);
  await eventually(() => expect(penholder.currentScope()).toBe("readonly"), LIVE_MS);

  appendParagraph(penholder.doc, "After: written without the pen.");
  await refused(penholder);
  const stored = fragmentText(await serverState(server.wsUrl, name, usa.token));
  expect(stored).toContain("Before: written with the pen.");
  expect(stored).not.toContain("After: written without the pen.");
  await eventually(() => expect(watcher.text()).toContain("Before: written with the pen."));
  expect(watcher.text()).toBe(stored);
  expect(disconnects()).toBe(0);
});

test("marking a section agreed locks it at once for its penholder and the leads", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const name = sectionDocumentName(demo.section(3));
  const { client: penholder } = await watchedJoin(server.wsUrl, name, (await sessionFor(server, "fra")).token);
  const { client: lead } = await watchedJoin(server.wsUrl, name, usa.token);
  expect([penholder.currentScope(), lead.currentScope()]).toEqual(["read-write", "read-write"]);

  expect((await usa.request("PATCH", `/api/sections/${demo.section(3)}`, { status: "review" })).status).toBe(200);
  expect((await usa.request("PATCH", `/api/sections/${demo.section(3)}`, { status: "agreed" })).status).toBe(200);
  await eventually(
    () => expect([penholder.currentScope(), lead.currentScope()]).toEqual(["readonly", "readonly"]),
    LIVE_MS,
  );
  const agreed = lead.text();
  appendParagraph(penholder.doc, "France, after agreement.");
  appendParagraph(lead.doc, "Lead, after agreement.");
  await Promise.all([refused(penholder), refused(lead)]);
  expect(fragmentText(await serverState(server.wsUrl, name, usa.token))).toBe(agreed);

  // Reopening gives the pen back, again without reconnecting.
  expect((await usa.request("PATCH", `/api/sections/${demo.section(3)}`, { status: "review" })).status).toBe(200);
  await eventually(
    () => expect([penholder.currentScope(), lead.currentScope()]).toEqual(["read-write", "read-write"]),
    LIVE_MS,
  );
});
