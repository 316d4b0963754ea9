import { afterEach, expect, test, vi } from "vitest";
import { DocumentAccessPolicy } from "../../server/collab/DocumentAccess.ts";
import { DraftStore } from "../../server/storage/DraftStore.ts";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import { demoWorkspace } from "../helpers/api.ts";
import { type DocumentClient, eventually, openDocument, openSocket } from "../helpers/collabClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer } from "../helpers/testServer.ts";

const OTHER_DOCUMENTS = 200;

afterEach(() => {
  vi.restoreAllMocks();
});

test("a role change of one member re-checks only that member's connections, with 200 other documents open", async () => {
  // The default limits allow 500 documents per socket: room for the lead's 200.
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const sgp = await sessionFor(server, "sgp");

  // 200 more sections in the lead's draft, each open on the lead's socket. A
  // fixture: written straight to storage, as the API would.
  const drafts = new DraftStore(server.plenary.db);
  const others: string[] = [];
  for (let i = 0; i < OTHER_DOCUMENTS; i++) {
    const id = await drafts.createSection(demo.doctrine.id, `Annex ${i + 1}`);
    if (!id) throw new Error("could not create a fixture section");
    others.push(id);
  }
  const leadSocket = openSocket(server.wsUrl);
  const leadClients: DocumentClient[] = [];
  // In batches: Hocuspocus holds at most 100 documents of a socket waiting for authentication.
  for (let start = 0; start < others.length; start += 50) {
    const batch = others
      .slice(start, start + 50)
      .map((id) => openDocument(leadSocket, sectionDocumentName(id), usa.token));
    await Promise.all(batch.map((client) => client.synced));
    leadClients.push(...batch);
  }
  expect(server.plenary.collab.loadedDocuments).toBeGreaterThanOrEqual(OTHER_DOCUMENTS);

  // Singapore holds the pen of section 2 and has it open.
  const member = openDocument(openSocket(server.wsUrl), sectionDocumentName(demo.section(2)), sgp.token);
  expect(await member.scope).toBe("read-write");

  const accessTo = vi.spyOn(DocumentAccessPolicy.prototype, "accessTo");
  const changed = await usa.request("PATCH", `/api/groups/${demo.wg1.id}/members/${sgp.user.id}`, {
    role: "observer",
  });
  expect(changed.status).toBe(200);
  await eventually(() => expect(member.currentScope()).toBe("readonly"));

  // One evaluation for Singapore's one connection; none for the lead's 200.
  const evaluatedFor = accessTo.mock.calls.map(([user]) => user.id);
  expect(evaluatedFor.length).toBeGreaterThan(0);
  expect(evaluatedFor.length).toBeLessThanOrEqual(2);
  expect(new Set(evaluatedFor)).toEqual(new Set([sgp.user.id]));
  expect(leadClients.every((client) => client.currentScope() === "read-write")).toBe(true);
});

test("a role change reads each fact once for all of the member's connections, and re-checks every one of them", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const sessions = await Promise.all(Array.from({ length: 20 }, () => sessionFor(server, "sgp")));
  const sgpId = sessions[0]?.user.id ?? "";

  // Singapore holds the pen of section 2 and has it open on 20 devices, each with two more sections.
  const names = [2, 3, 4].map((n) => sectionDocumentName(demo.section(n as 2 | 3 | 4)));
  const clients = sessions.flatMap(({ token }) => {
    const socket = openSocket(server.wsUrl);
    return names.map((name) => ({ name, client: openDocument(socket, name, token) }));
  });
  await Promise.all(clients.map(({ client }) => client.synced));
  const penholders = clients.filter(({ name }) => name === names[0]);
  for (const { client } of penholders) expect(await client.scope).toBe("read-write");

  const locate = vi.spyOn(DraftStore.prototype, "locateSection");
  const changed = await usa.request("PATCH", `/api/groups/${demo.wg1.id}/members/${sgpId}`, { role: "observer" });
  expect(changed.status).toBe(200);
  await eventually(() => {
    for (const { client } of penholders) expect(client.currentScope()).toBe("readonly");
  });

  // 60 connections re-checked, and every one of the 20 penholding devices lost
  // the pen; each section was located once per pass (the member's, and the
  // pen's section if it runs by now), not once per connection.
  expect(locate.mock.calls.length).toBeLessThanOrEqual(names.length * 2);
});
