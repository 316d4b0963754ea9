import { readFileSync } from "node:fs";
import * as encoding from "lib0/encoding";
import { describe, expect, test } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { CloseCodes } from "../../shared/closeCodes.ts";
import { draftDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import { demoWorkspace, signIn } from "../helpers/api.ts";
import { type ChildServer, startChildServer, tempDataDir } from "../helpers/childServer.ts";
import { allAcknowledged, appendParagraph, eventually, openDocument, openSocket } from "../helpers/collabClient.ts";
import { envelope, RawClient } from "../helpers/rawClient.ts";

/**
 * The attacks of the security review, run against a server child process
 * with its default limits, measuring its resident memory. Before the limits,
 * the first took the server from 145 MB to 1.47 GB and the second added
 * 1.36 GB; the bounds below are a small fraction of that and generous for a
 * loaded machine.
 */
const UNAUTHENTICATED_FLOOD_BOUND_MB = 120;
const SLOW_OBSERVER_BOUND_MB = 150;

const MB = 1024 * 1024;

function residentBytes(server: ChildServer): number {
  const status = readFileSync(`/proc/${server.process.pid}/status`, "utf8");
  const kilobytes = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (!kilobytes) throw new Error("no VmRSS for the server process");
  return Number(kilobytes) * 1024;
}

/** Samples the server's memory until `done` resolves (or the deadline passes); the highest sample. */
async function peakWhile(server: ChildServer, done: Promise<unknown>, deadlineMs: number): Promise<number> {
  let peak = residentBytes(server);
  let finished = false;
  void done.then(() => {
    finished = true;
  });
  const deadline = Date.now() + deadlineMs;
  while (!finished && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    peak = Math.max(peak, residentBytes(server));
  }
  return peak;
}

const megabytes = (bytes: number) => Math.round(bytes / MB);

describe("memory under attack (server child process, default limits)", () => {
  test(`300 sockets that never authenticate, each sending 5 × 990 KB, grow the server by less than ${UNAUTHENTICATED_FLOOD_BOUND_MB} MB and are all closed`, async () => {
    const server = await startChildServer(tempDataDir());
    const demo = await demoWorkspace(server.url);
    const name = draftDocumentName(demo.doctrine.id);
    const message = Buffer.from(
      envelope(name, 0, (e) => {
        encoding.writeVarUint(e, 2);
        encoding.writeVarUint8Array(e, new Uint8Array(990 * 1024));
      }),
    );
    const baseline = residentBytes(server);

    const codes: number[] = [];
    const sockets: WebSocket[] = [];
    const closed = Array.from({ length: 300 }, () => {
      // A zero mask lets ws send the same buffer without copying it 1,500 times here.
      const ws = new WebSocket(server.wsUrl, { generateMask: (mask) => mask.fill(0) });
      sockets.push(ws);
      ws.on("error", () => undefined);
      ws.on("open", () => {
        for (let i = 0; i < 5; i++) ws.send(message);
      });
      return new Promise<void>((resolve) =>
        ws.on("close", (code) => {
          codes.push(code);
          resolve();
        }),
      );
    });
    const allClosed = Promise.all(closed);
    try {
      const peak = await peakWhile(server, allClosed, 60_000);
      const growth = peak - baseline;
      console.log(
        `unauthenticated flood: server RSS ${megabytes(baseline)} MB → peak ${megabytes(peak)} MB ` +
          `(+${megabytes(growth)} MB); ${codes.length}/300 sockets closed`,
      );
      expect(codes).toHaveLength(300);
      expect(codes).toContain(CloseCodes.tooManyUnauthenticated.code);
      expect(growth).toBeLessThan(UNAUTHENTICATED_FLOOD_BOUND_MB * MB);
      // Nothing of it reached a document.
      expect(server.output()).toContain(CloseCodes.unauthenticatedData.reason);
    } finally {
      for (const ws of sockets) ws.terminate();
    }
  }, 120_000);

  test(`an observer that stops reading and sends 1,800 sync requests on a 1 MB section grows the server by less than ${SLOW_OBSERVER_BOUND_MB} MB and is closed`, async () => {
    const server = await startChildServer(tempDataDir());
    const demo = await demoWorkspace(server.url);
    const name = sectionDocumentName(demo.section(1));
    const lead = openDocument(openSocket(server.wsUrl), name, (await signIn(server.url, "usa")).token);
    await lead.synced;
    for (let i = 0; i < 4; i++) appendParagraph(lead.doc, `${i} ${"x".repeat(256 * 1024)}`);
    await allAcknowledged(lead, 30_000);

    const observer = await RawClient.connect(server.wsUrl);
    expect((await observer.authenticate(name, (await signIn(server.url, "au")).token)).type).toBe("authenticated");
    const state = await observer.fetchState(name);
    expect(Y.encodeStateAsUpdate(state).byteLength).toBeGreaterThan(MB);
    const baseline = residentBytes(server);

    const bogus = encoding.createEncoder();
    encoding.writeVarUint(bogus, 1);
    encoding.writeVarUint(bogus, 987_654_321);
    encoding.writeVarUint(bogus, 1);
    const bogusVector = encoding.toUint8Array(bogus);
    const empty = Y.encodeStateVector(new Y.Doc());
    observer.ws.pause();
    for (let i = 0; i < 1_800; i++) observer.sendSyncStep1(name, i % 2 === 0 ? bogusVector : empty);

    const limitReasons = [CloseCodes.syncRequests.reason, CloseCodes.outputBuffer.reason];
    const cut = eventually(
      () => expect(limitReasons.some((reason) => server.output().includes(reason))).toBe(true),
      60_000,
      100,
    );
    const peak = await peakWhile(server, cut, 60_000);
    const growth = peak - baseline;
    console.log(
      `slow observer: server RSS ${megabytes(baseline)} MB → peak ${megabytes(peak)} MB (+${megabytes(growth)} MB)`,
    );
    await cut;
    expect(growth).toBeLessThan(SLOW_OBSERVER_BOUND_MB * MB);
    observer.ws.resume();
    await observer.closed;
    // The section is still served to everyone else.
    appendParagraph(lead.doc, "after the observer");
    await allAcknowledged(lead, 30_000);
  }, 180_000);
});
