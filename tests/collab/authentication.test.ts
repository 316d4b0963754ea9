import { expect, test } from "vitest";
import * as Y from "yjs";
import { CloseCodes } from "../../shared/closeCodes.ts";
import { discussionDocumentName, draftDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import { demoWorkspace, request, unknownId } from "../helpers/api.ts";
import { appendParagraph, fragmentText, joinDocument, openDocument, openSocket } from "../helpers/collabClient.ts";
import { RawClient, serverState } from "../helpers/rawClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer } from "../helpers/testServer.ts";

test("a non-member and an unknown document get exactly the same refusal", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  // Ghana is in the second working group only.
  const gha = await sessionFor(server, "gha");
  const names = [
    sectionDocumentName(demo.section(1)),
    draftDocumentName(demo.doctrine.id),
    discussionDocumentName(demo.doctrine.id),
    sectionDocumentName(unknownId()),
    draftDocumentName(unknownId()),
    discussionDocumentName(unknownId()),
    `comments:${demo.doctrine.id}`,
    "section:../../etc/passwd",
    "",
  ];
  const raw = await RawClient.connect(server.wsUrl);
  const replies = [];
  for (const name of names) replies.push(await raw.authenticate(name, gha.token));
  const [first] = replies;
  expect(first).toMatchObject({ type: "denied" });
  for (const reply of replies) {
    expect(reply.type).toBe("denied");
    expect(reply).toEqual(first);
    expect(Buffer.from(reply.payload).equals(Buffer.from(first?.payload ?? []))).toBe(true);
  }
  // The refusal is per document: the same socket still opens what Ghana may read.
  const own = await raw.authenticate(sectionDocumentName(demo.tocDraft.sections[0]?.id ?? ""), gha.token);
  expect(own.type).toBe("authenticated");
});

test("a refused client's messages for that document are never applied", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const name = sectionDocumentName(demo.section(1));
  const usa = await sessionFor(server, "usa");
  const before = await serverState(server.wsUrl, name, usa.token);
  const gha = await sessionFor(server, "gha");
  const raw = await RawClient.connect(server.wsUrl);
  expect((await raw.authenticate(name, gha.token)).type).toBe("denied");
  const forged = new Y.Doc();
  appendParagraph(forged, "Written by an outsider.");
  raw.sendUpdate(name, Y.encodeStateAsUpdate(forged));
  raw.sendSyncStep2(name, Y.encodeStateAsUpdate(forged));
  // A round trip on the same socket: the server has received everything sent before it.
  const own = await raw.authenticate(sectionDocumentName(demo.tocDraft.sections[0]?.id ?? ""), gha.token);
  expect(own.type).toBe("authenticated");
  expect(fragmentText(await serverState(server.wsUrl, name, usa.token))).toBe(fragmentText(before));
  expect(raw.messages.some((message) => Buffer.from(message).includes("Written by an outsider."))).toBe(false);
});

test("a bad token is refused, whatever document it asks for", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const name = sectionDocumentName(demo.section(1));
  for (const token of ["", "not-a-token", "A".repeat(43), "x".repeat(5_000)]) {
    const client = openDocument(openSocket(server.wsUrl), name, token);
    expect(await client.scope).toBe("denied");
  }
  const raw = await RawClient.connect(server.wsUrl);
  const unknown = await raw.authenticate(sectionDocumentName(unknownId()), "not-a-token");
  const existing = await raw.authenticate(name, "not-a-token");
  expect(existing).toEqual(unknown);
});

test("a revoked token is refused, and revoking a session closes its open websockets", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const usa = await sessionFor(server, "usa");
  const name = sectionDocumentName(demo.section(1));
  const raw = await RawClient.connect(server.wsUrl);
  expect(await raw.authenticate(name, usa.token)).toMatchObject({ scope: "read-write" });
  const other = await RawClient.connect(server.wsUrl);
  expect(await other.authenticate(name, (await sessionFor(server, "usa")).token)).toMatchObject({
    scope: "read-write",
  });
  const before = fragmentText(await raw.fetchState(name));

  expect((await usa.request("DELETE", "/api/session")).status).toBe(204);
  expect(await raw.closed).toEqual(CloseCodes.sessionEnded);
  // Only that session's sockets close.
  expect(other.isOpen).toBe(true);

  const again = openDocument(openSocket(server.wsUrl), name, usa.token);
  expect(await again.scope).toBe("denied");
  appendParagraph(again.doc, "Written with a revoked token.");
  const replay = await RawClient.connect(server.wsUrl);
  expect((await replay.authenticate(name, usa.token)).type).toBe("denied");
  expect(fragmentText(await other.fetchState(name))).toBe(before);
});

test("the browser's session cookie authenticates the websocket when the provider sends no token", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const sgp = await sessionFor(server, "sgp");
  const name = sectionDocumentName(demo.section(2));
  const withCookie = await RawClient.connect(server.wsUrl, { cookie: `plenary_session=${sgp.token}` });
  expect(await withCookie.authenticate(name, "")).toMatchObject({ type: "authenticated", scope: "read-write" });
  const withoutCookie = await RawClient.connect(server.wsUrl);
  expect((await withoutCookie.authenticate(name, "")).type).toBe("denied");
  await request(server.url, "DELETE", "/api/session", { token: sgp.token });
  const revokedCookie = await RawClient.connect(server.wsUrl, { cookie: `plenary_session=${sgp.token}` });
  expect((await revokedCookie.authenticate(name, "")).type).toBe("denied");
});

test("a websocket opened from another site's page is refused before any document is opened", async () => {
  const server = await startTestServer();
  const sgp = await sessionFor(server, "sgp");
  const cookie = `plenary_session=${sgp.token}`;
  await expect(RawClient.connect(server.wsUrl, { cookie, origin: "https://attacker.example" })).rejects.toThrow(/403/);
  const own = await RawClient.connect(server.wsUrl, { cookie, origin: new URL(server.url).origin });
  expect(own.isOpen).toBe(true);
});

test("a socket cannot switch users: a second person's token on the same socket is refused", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const raw = await RawClient.connect(server.wsUrl);
  expect(
    await raw.authenticate(sectionDocumentName(demo.section(2)), (await sessionFor(server, "au")).token),
  ).toMatchObject({
    scope: "readonly",
  });
  // Singapore holds the pen of section 2, but this socket belongs to the African Union.
  const switched = await raw.authenticate(
    sectionDocumentName(demo.section(1)),
    (await sessionFor(server, "usa")).token,
  );
  expect(switched.type).toBe("denied");
  const joined = await joinDocument(
    server.wsUrl,
    sectionDocumentName(demo.section(1)),
    (await sessionFor(server, "usa")).token,
  );
  expect(joined.currentScope()).toBe("read-write");
});
