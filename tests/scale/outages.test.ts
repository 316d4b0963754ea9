import { expect, test } from "vitest";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import { demoWorkspace, signIn } from "../helpers/api.ts";
import { REDIS_URL, redisPrefix, sharedStorage, startCluster, startFreshReader } from "../helpers/cluster.ts";
import { allAcknowledged, appendParagraph, eventually, fragmentText, openDocument } from "../helpers/collabClient.ts";
import { documentDifference, leave, openReconnectingSocket, tokensIn } from "../helpers/durability.ts";
import { serverState } from "../helpers/rawClient.ts";
import { TcpProxy, targetOf } from "../helpers/tcpProxy.ts";

const GENEROUS_MS = 30_000;

test("Redis cut and restored: clients stay connected and keep saving, a pen given meanwhile still arrives, and everyone converges on what is stored", async () => {
  const redis = await TcpProxy.start(targetOf(REDIS_URL, 6379));
  const storage = await sharedStorage();
  const [a, b] = await startCluster(2, { storage, redisUrl: `redis://127.0.0.1:${redis.port}` });
  if (!a || !b) throw new Error("two servers expected");
  const demo = await demoWorkspace(a.url);
  const name = sectionDocumentName(demo.section(1));
  const onA = openReconnectingSocket(a.wsUrl);
  const onB = openReconnectingSocket(b.wsUrl);
  const writerA = openDocument(onA.socket, name, (await signIn(a.url, "usa")).token);
  const writerB = openDocument(onB.socket, name, (await signIn(b.url, "secretariat")).token);
  // Singapore, on B, waits for the pen of section 5.
  const sgp = await signIn(b.url, "sgp");
  const memberSocket = openReconnectingSocket(b.wsUrl);
  const member = openDocument(memberSocket.socket, sectionDocumentName(demo.section(5)), sgp.token);
  await Promise.all([writerA.synced, writerB.synced, member.synced]);
  expect(member.currentScope()).toBe("readonly");

  const written: string[] = [];
  const type = async (label: string, count: number) => {
    for (let n = 0; n < count; n++) {
      const [writer, token] = n % 2 === 0 ? [writerA, `c0n${label}${n}`] : [writerB, `c1n${label}${n}`];
      appendParagraph(writer.doc, token);
      written.push(token);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await Promise.all([allAcknowledged(writerA, GENEROUS_MS), allAcknowledged(writerB, GENEROUS_MS)]);
  };
  await type("0", 10);
  await eventually(() => expect(documentDifference(writerA.doc, writerB.doc, false)).toBeNull(), GENEROUS_MS);

  redis.cut();
  // Each server still stores and acknowledges its own clients' edits.
  await type("1", 20);
  // The cut is real: what B's writer typed meanwhile has not reached A.
  expect(tokensIn(writerA.text())).not.toContain("c1n11");
  // A change made through A while the servers cannot tell each other: B re-reads rights from the database.
  const usa = await signIn(a.url, "usa");
  const assigned = await usa.request("PATCH", `/api/sections/${demo.section(5)}`, { penholders: [sgp.user.id] });
  expect(assigned.status).toBe(200);
  await eventually(() => expect(member.currentScope()).toBe("read-write"), GENEROUS_MS);

  redis.restore();
  await type("2", 10);
  // What each side wrote during the cut reaches the other side once Redis is back.
  await eventually(() => {
    for (const writer of [writerA, writerB]) {
      expect([...tokensIn(writer.text())].sort()).toEqual([...written].sort());
    }
  }, GENEROUS_MS);
  expect(onA.closeCodes).toEqual([]);
  expect(onB.closeCodes).toEqual([]);
  expect(memberSocket.closeCodes).toEqual([]);

  const lead = (await signIn(a.url, "usa")).token;
  const fresh = await startFreshReader(storage);
  const stored = await serverState(fresh.wsUrl, name, lead);
  expect([...tokensIn(fragmentText(stored))].sort()).toEqual([...written].sort());
  for (const server of [a, b]) {
    expect(documentDifference(await serverState(server.wsUrl, name, lead), stored, false), server.url).toBeNull();
  }
});

test("what a server stored but could not relay before it died reaches the survivor's clients from the database", async () => {
  const redisA = await TcpProxy.start(targetOf(REDIS_URL, 6379));
  const redisB = await TcpProxy.start(targetOf(REDIS_URL, 6379));
  const storage = await sharedStorage();
  const prefix = redisPrefix();
  const [a] = await startCluster(1, { storage, prefix, redisUrl: `redis://127.0.0.1:${redisA.port}` });
  const [b] = await startCluster(1, { storage, prefix, redisUrl: `redis://127.0.0.1:${redisB.port}` });
  if (!a || !b) throw new Error("two servers expected");
  const demo = await demoWorkspace(a.url);
  const name = sectionDocumentName(demo.section(1));
  const reader = openDocument(openReconnectingSocket(b.wsUrl).socket, name, (await signIn(b.url, "au")).token);
  const writerSocket = openReconnectingSocket(a.wsUrl);
  const writer = openDocument(writerSocket.socket, name, (await signIn(a.url, "usa")).token);
  await Promise.all([reader.synced, writer.synced]);
  appendParagraph(writer.doc, "c0n0 relayed");
  await eventually(() => expect(reader.text()).toContain("c0n0 relayed"), GENEROUS_MS);

  // A loses Redis, stores and acknowledges an edit it cannot relay, its writer leaves, and A dies.
  redisA.cut();
  appendParagraph(writer.doc, "c0n1 stored on A alone");
  await allAcknowledged(writer, GENEROUS_MS);
  leave(writerSocket.socket);
  await a.kill("SIGKILL");
  expect(reader.text()).not.toContain("c0n1 stored on A alone");

  // B re-reads what it holds from the database when it notices (A falls silent, or its own Redis comes back).
  redisB.cut();
  redisB.restore();
  await eventually(() => expect(reader.text()).toContain("c0n1 stored on A alone"), GENEROUS_MS);
  const fresh = await startFreshReader(storage);
  const stored = await serverState(fresh.wsUrl, name, (await signIn(b.url, "usa")).token);
  expect(
    documentDifference(await serverState(b.wsUrl, name, (await signIn(b.url, "usa")).token), stored, false),
  ).toBeNull();
});
