import { rmSync } from "node:fs";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import WebSocket from "ws";
import * as Y from "yjs";
import { buildLargeSection, createBenchWorkspace } from "./benchWorkspace.ts";
import { type ServerKind, startChildServer } from "./childServer.ts";
import { median, now } from "./stats.ts";

export interface RawCosts {
  stateBytes: number;
  textChars: number;
  decodeMs: number;
  tenThousandUpdatesMs: number;
}

export interface JoinResult {
  kind: ServerKind;
  /** A join of an empty document: authentication plus one sync round trip. */
  roundTripMs: number;
  /** First join, the server loading the document from storage (Plenary) or memory (bare). */
  coldJoinMs: number;
  /** Join while the document is loaded. */
  warmJoinMs: number;
  /** Ten clients joining at once: the slowest join, and the server's event-loop delay meanwhile. */
  tenJoinsMaxMs: number;
  tenJoinsLoopP99Ms: number;
  tenJoinsLoopMaxMs: number;
}

/** The floor: what Yjs itself costs for these documents, in this process. */
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
  const source = new Y.Doc();
  const text = source.getText("t");
  const updates: Uint8Array[] = [];
  source.on("update", (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < 10_000; i++) text.insert(i, "x");
  const target = new Y.Doc();
  const started = now();
  for (const update of updates) Y.applyUpdate(target, update);
  const tenThousandUpdatesMs = now() - started;
  return { stateBytes: state.byteLength, textChars, decodeMs: median(decodes), tenThousandUpdatesMs };
}

export async function runJoin(kind: ServerKind, state: Uint8Array): Promise<JoinResult> {
  const workspace = await createBenchWorkspace({
    drafts: 1,
    sections: 2,
    writers: 20,
    readers: 0,
    ...(kind === "plenary" && { firstSectionState: state }),
  });
  const server = await startChildServer(kind, {
    PORT: "0",
    DATA_DIR: workspace.dataDir,
    SEED_DEMO: "false",
    MAX_CONNECTIONS_PER_USER: "100000",
  });
  const big = workspace.drafts[0]?.sectionDocs[0] ?? "";
  const small = workspace.drafts[0]?.sectionDocs[1] ?? "";
  const tokens = [...workspace.writerTokens];
  const token = () => tokens.pop() ?? "";
  const open: { provider: HocuspocusProvider; socket: HocuspocusProviderWebsocket }[] = [];
  const join = async (name: string, doc = new Y.Doc()) => {
    const socket = new HocuspocusProviderWebsocket({
      url: server.wsUrl,
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    const started = now();
    await new Promise<void>((resolve, reject) => {
      const provider = new HocuspocusProvider({
        websocketProvider: socket,
        name,
        document: doc,
        token: token(),
        onSynced: () => resolve(),
        onAuthenticationFailed: () => reject(new Error("refused")),
      });
      provider.attach();
      open.push({ provider, socket });
    });
    return now() - started;
  };
  try {
    const roundTripMs = median([await join(small), await join(small), await join(small)]);
    if (kind === "bare") {
      // The bare server keeps documents in memory only: a client brings the text first.
      const loader = new Y.Doc();
      Y.applyUpdate(loader, state);
      await join(big, loader);
      await new Promise((r) => setTimeout(r, 2_000));
    }
    const coldJoinMs = await join(big);
    const warmJoinMs = await join(big);
    server.resetLoop();
    const ten = await Promise.all(Array.from({ length: 10 }, () => join(big)));
    const loop = await server.metrics();
    return {
      kind,
      roundTripMs,
      coldJoinMs,
      warmJoinMs,
      tenJoinsMaxMs: Math.max(...ten),
      tenJoinsLoopP99Ms: loop.loopP99Ms,
      tenJoinsLoopMaxMs: loop.loopMaxMs,
    };
  } finally {
    for (const { provider, socket } of open) {
      provider.destroy();
      socket.destroy();
    }
    // Let the sockets finish closing before the server goes.
    await new Promise((r) => setTimeout(r, 200));
    await server.stop();
    rmSync(workspace.dataDir, { recursive: true, force: true });
  }
}

export function largeSection(): Uint8Array {
  return buildLargeSection(1_000_000);
}
