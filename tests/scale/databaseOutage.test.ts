import { expect, test } from "vitest";
import { CloseCodes } from "../../shared/closeCodes.ts";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import { demoWorkspace, signIn } from "../helpers/api.ts";
import { sharedStorage, startCluster, startFreshReader } from "../helpers/cluster.ts";
import {
  appendParagraph,
  type DocumentClient,
  eventually,
  fragmentText,
  openDocument,
} from "../helpers/collabClient.ts";
import { documentDifference, openReconnectingSocket, tokensIn, trackAcknowledgements } from "../helpers/durability.ts";
import { POSTGRES_ADMIN_URL } from "../helpers/postgres.ts";
import { serverState } from "../helpers/rawClient.ts";
import { TcpProxy, targetOf } from "../helpers/tcpProxy.ts";

const GENEROUS_MS = 60_000;

interface Writer {
  label: string;
  client: DocumentClient;
  closeCodes: number[];
  written: string[];
  acknowledged: () => number;
}

test("PostgreSQL cut and restored: writes that cannot be stored are refused with 4504, no acknowledged update is lost, and clients recover by themselves", async () => {
  const database = await TcpProxy.start(targetOf(POSTGRES_ADMIN_URL, 5432));
  const storage = await sharedStorage({
    engine: "postgres",
    through: (url) => {
      const proxied = new URL(url);
      proxied.host = `127.0.0.1:${database.port}`;
      return proxied.toString();
    },
  });
  const [a, b] = await startCluster(2, { storage });
  if (!a || !b) throw new Error("two servers expected");
  const demo = await demoWorkspace(a.url);
  const name = sectionDocumentName(demo.section(1));
  const writers: Writer[] = [];
  for (const [index, server, account] of [
    [0, a, "usa"],
    [1, b, "secretariat"],
  ] as const) {
    const { socket, closeCodes } = openReconnectingSocket(server.wsUrl, 200);
    const writer: Writer = {
      label: `c${index}`,
      client: openDocument(socket, name, (await signIn(server.url, account)).token),
      closeCodes,
      written: [],
      acknowledged: () => 0,
    };
    writer.acknowledged = trackAcknowledgements(writer.client.provider, () => writer.written.length);
    writers.push(writer);
  }
  await Promise.all(writers.map((writer) => writer.client.synced));
  const type = async (phase: string, count: number) => {
    for (let n = 0; n < count; n++) {
      for (const writer of writers) {
        const token = `${writer.label}n${phase}${n}`;
        writer.written.push(token);
        appendParagraph(writer.client.doc, token);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  await type("1", 10);
  await eventually(
    () => expect(writers.map((w) => w.client.provider.hasUnsyncedChanges)).toEqual([false, false]),
    GENEROUS_MS,
  );
  const acknowledgedBefore = writers.flatMap((writer) => writer.written.slice(0, writer.acknowledged()));

  database.cut();
  await type("2", 10);
  // The edits cannot be stored: they are refused with "storage unavailable", not acknowledged.
  await eventually(() => {
    for (const writer of writers) expect(writer.closeCodes).toContain(CloseCodes.storageUnavailable.code);
  }, GENEROUS_MS);
  database.restore();
  await type("3", 10);

  // The providers reconnect by themselves and send what was refused again.
  await eventually(
    () => expect(writers.map((w) => w.client.provider.hasUnsyncedChanges)).toEqual([false, false]),
    GENEROUS_MS,
    100,
  );
  const fresh = await startFreshReader(storage);
  const lead = (await signIn(a.url, "usa")).token;
  const stored = await serverState(fresh.wsUrl, name, lead);
  const storedTokens = tokensIn(fragmentText(stored));
  expect(acknowledgedBefore.filter((token) => !storedTokens.has(token))).toEqual([]);
  const written = writers.flatMap((writer) => writer.written);
  expect(written.filter((token) => !storedTokens.has(token))).toEqual([]);
  await eventually(() => {
    for (const writer of writers) expect(documentDifference(writer.client.doc, stored, false), writer.label).toBeNull();
  }, GENEROUS_MS);
  for (const server of [a, b]) {
    expect(documentDifference(await serverState(server.wsUrl, name, lead), stored, false), server.url).toBeNull();
  }
});
