import { rmSync, writeFileSync } from "node:fs";
import { join as joinPath } from "node:path";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as Y from "yjs";
import { buildLargeSection, createBenchWorkspace } from "./benchWorkspace.ts";
import { type ServerKind, startChildServer } from "./childServer.ts";
import { SERVER_ENV } from "./load.ts";
import { AUTH, envelope, MESSAGE, SYNC } from "./rawReader.ts";
import { Receipts } from "./receipts.ts";
import { type LatencySummary, median, now, summarize } from "./stats.ts";

export interface RawCosts {
  stateBytes: number;
  textChars: number;
  decodeMs: number;
}

/** One join as the server pays for it. */
export interface JoinCost {
  /** Request sent to the first byte of the server's answer. */
  firstByteMs: number;
  /** Request sent to the whole state received (not decoded). */
  stateMs: number;
  /** Server CPU spent between the request and the state's arrival. */
  serverCpuMs: number;
  /** Longest the server's event loop was blocked meanwhile. */
  loopMaxMs: number;
}

export interface JoinResult {
  kind: ServerKind;
  cold: JoinCost;
  warm: JoinCost;
  /** Joins while 10 writers type in the same section (median of 3). */
  underLoad: JoinCost;
  /** Fan-out latency of those writers' keystrokes over the whole time they type, joins included. */
  writersLatency: LatencySummary;
  writersMissing: number;
}

/** The floor: what Yjs itself costs to decode this state, in this process. */
export function measureRawCosts(state: Uint8Array): RawCosts {
  const decodes: number[] = [];
  let textChars = 0;
  for (let i = 0; i < 3; i++) {
    const doc = new Y.Doc();
    const started = now();
    Y.applyUpdate(doc, state);
    decodes.push(now() - started);
    textChars = doc
      .getXmlFragment("content")
      .toArray()
      .reduce((sum, node) => sum + (node instanceof Y.XmlElement ? node.toString().length : 0), 0);
    doc.destroy();
  }
  return { stateBytes: state.byteLength, textChars, decodeMs: median(decodes) };
}

/**
 * Joins like a provider (authenticate, then sync step 1) but does not decode
 * what comes back, so the time is the server's and the wire's, not the client's.
 */
function timedJoin(
  wsUrl: string,
  token: string,
  name: string,
): Promise<{ ws: WebSocket; firstByteMs: number; stateMs: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl);
    let started = 0;
    let firstByte = 0;
    ws.on("open", () => {
      const socket = (ws as unknown as { _socket: NodeJS.ReadableStream })._socket;
      socket.prependListener("data", () => {
        if (firstByte === 0) firstByte = now();
      });
      started = now();
      ws.send(
        envelope(name, MESSAGE.auth, (e) => {
          encoding.writeVarUint(e, AUTH.token);
          encoding.writeVarString(e, token);
        }),
      );
      // Sent at once, as it would be queued by the server until authenticated.
      ws.send(
        envelope(name, MESSAGE.sync, (e) => {
          encoding.writeVarUint(e, SYNC.step1);
          encoding.writeVarUint8Array(e, new Uint8Array([0]));
        }),
      );
    });
    ws.on("error", reject);
    ws.on("message", (data: Buffer) => {
      // Address, message type, sync type: a state of more than a few bytes is the answer.
      if (data.byteLength < 1_000) return;
      resolve({ ws, firstByteMs: firstByte - started, stateMs: now() - started });
    });
  });
}

export function largeSection(): Uint8Array {
  return buildLargeSection(1_000_000);
}

export async function runJoin(kind: ServerKind, state: Uint8Array, typingMs: number): Promise<JoinResult> {
  const workspace = await createBenchWorkspace({
    drafts: 1,
    sections: 2,
    writers: 20,
    readers: 0,
    ...(kind !== "bare" && { firstSectionState: state }),
  });
  const seedFile = joinPath(workspace.dataDir, "seed.bin");
  writeFileSync(seedFile, state);
  const server = await startChildServer(kind, {
    ...SERVER_ENV,
    DATA_DIR: workspace.dataDir,
    BENCH_SEED_FILE: seedFile,
  });
  const big = workspace.drafts[0]?.sectionDocs[0] ?? "";
  const tokens = kind === "bare" ? workspace.writerTokens.map((_, i) => `writer-${i}`) : [...workspace.writerTokens];
  const token = () => tokens.pop() ?? "";
  const sockets: WebSocket[] = [];
  const writers: { provider: HocuspocusProvider; socket: HocuspocusProviderWebsocket; timer?: NodeJS.Timeout }[] = [];
  const measure = async (): Promise<JoinCost> => {
    server.resetLoop();
    const before = await server.metrics();
    const joined = await timedJoin(server.wsUrl, token(), big);
    const after = await server.metrics();
    sockets.push(joined.ws);
    return {
      firstByteMs: joined.firstByteMs,
      stateMs: joined.stateMs,
      serverCpuMs: (after.cpuSeconds - before.cpuSeconds) * 1000,
      loopMaxMs: after.loopMaxMs,
    };
  };
  const medianCost = (costs: JoinCost[]): JoinCost => ({
    firstByteMs: median(costs.map((c) => c.firstByteMs)),
    stateMs: median(costs.map((c) => c.stateMs)),
    serverCpuMs: median(costs.map((c) => c.serverCpuMs)),
    loopMaxMs: median(costs.map((c) => c.loopMaxMs)),
  });
  try {
    const cold = await measure();
    await new Promise((r) => setTimeout(r, 500));
    const warm = medianCost([await measure(), await measure(), await measure()]);

    // Ten writers type in the section; three more people join meanwhile.
    const receipts: Receipts[] = [];
    const sends: { client: number; clock: number; at: number }[] = [];
    for (let i = 0; i < 10; i++) {
      const socket = new HocuspocusProviderWebsocket({
        url: server.wsUrl,
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      });
      const doc = new Y.Doc();
      const mine = new Receipts();
      receipts.push(mine);
      doc.on("update", (_u: Uint8Array, _o: unknown, _d: Y.Doc, transaction: Y.Transaction) => {
        const at = now();
        if (transaction.local) {
          const from = transaction.beforeState.get(doc.clientID) ?? 0;
          if ((transaction.afterState.get(doc.clientID) ?? 0) > from)
            sends.push({ client: doc.clientID, clock: from, at });
          return;
        }
        for (const [id, after] of transaction.afterState) {
          const before = transaction.beforeState.get(id) ?? 0;
          if (after > before) mine.record(id, before, after, at);
        }
      });
      const provider = new HocuspocusProvider({ websocketProvider: socket, name: big, document: doc, token: token() });
      provider.attach();
      await new Promise<void>((resolve) => provider.on("synced", () => resolve()));
      writers.push({ provider, socket });
    }
    sends.length = 0;
    for (const writer of writers) {
      const doc = writer.provider.document;
      const paragraph = new Y.XmlElement("paragraph");
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      doc.getXmlFragment("content").push([paragraph]);
      writer.timer = setInterval(() => text.insert(text.length, "x"), 200);
    }
    sends.length = 0;
    const step = typingMs / 4;
    const underLoad: JoinCost[] = [];
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, step));
      underLoad.push(await measure());
    }
    await new Promise((r) => setTimeout(r, step));
    for (const writer of writers) clearInterval(writer.timer);
    const typed = [...sends];
    await new Promise((r) => setTimeout(r, 1_000));
    const latencies: number[] = [];
    let missing = 0;
    for (const [w, writer] of writers.entries()) {
      const own = writer.provider.document.clientID;
      for (const send of typed) {
        if (send.client === own) continue;
        const at = receipts[w]?.get(send.client, send.clock);
        if (at === undefined) missing += 1;
        else latencies.push(at - send.at);
      }
    }
    return {
      kind,
      cold,
      warm,
      underLoad: medianCost(underLoad),
      writersLatency: summarize(latencies),
      writersMissing: missing,
    };
  } finally {
    for (const writer of writers) {
      clearInterval(writer.timer);
      writer.provider.destroy();
      writer.socket.destroy();
    }
    for (const ws of sockets) ws.terminate();
    await new Promise((r) => setTimeout(r, 200));
    await server.stop();
    rmSync(workspace.dataDir, { recursive: true, force: true });
  }
}
