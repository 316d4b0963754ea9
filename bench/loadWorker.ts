import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import WebSocket from "ws";
import * as Y from "yjs";
import type { ClientSpec, WorkerReply, WorkerRequest } from "./loadProtocol.ts";
import { connectRawReader } from "./rawReader.ts";
import { now } from "./stats.ts";

/**
 * A load-generating process: it plays a share of the simulated clients
 * (one websocket each, one provider per document, like the browser client),
 * types for the writers, and timestamps every remote change each client receives.
 */
interface SimClient {
  spec: ClientSpec;
  socket: HocuspocusProviderWebsocket;
  providers: HocuspocusProvider[];
  writerText: Y.XmlText | null;
  writerProvider: HocuspocusProvider | null;
  keystrokes: number;
  /** When this writer started and stopped typing (its start is staggered within one interval). */
  typingFrom: number;
  typingTo: number;
  typing: boolean;
}

const clients: SimClient[] = [];
const rawReaders: WebSocket[] = [];
/** Flat quadruples: client id, clock from, clock to (exclusive), receive time. */
const receipts: number[] = [];
const sends: number[] = [];
let cpuAtStart = process.cpuUsage();

const reply = (message: WorkerReply) => process.send?.(message);

process.on("message", (message: WorkerRequest) => {
  void handle(message);
});

async function handle(message: WorkerRequest): Promise<void> {
  switch (message.type) {
    case "connect": {
      const started = now();
      let failures = 0;
      const batch = 25;
      for (let i = 0; i < message.clients.length; i += batch) {
        const group = message.clients.slice(i, i + batch).map((spec) =>
          spec.writes
            ? connect(message.wsUrl, spec, message.presence)
            : connectRawReader(message.wsUrl, spec.token, spec.docs, message.presence, (client, from, to, at) =>
                receipts.push(client, from, to, at),
              ).then((ws) => {
                rawReaders.push(ws);
              }),
        );
        const results = await Promise.allSettled(group);
        failures += results.filter((r) => r.status === "rejected").length;
      }
      reply({ type: "connected", ms: now() - started, failures });
      return;
    }
    case "type": {
      cpuAtStart = process.cpuUsage();
      receipts.length = 0;
      await typeFor(message.durationMs, message.intervalMs);
      // Characters per second each writer achieved over the time it was typing.
      const rates = clients
        .filter((c) => c.spec.writes && c.typingTo > c.typingFrom)
        .map((c) => c.keystrokes / ((c.typingTo - c.typingFrom) / 1000));
      reply({ type: "typed", sends, keystrokes: rates });
      return;
    }
    case "latencies": {
      const sendTimes = new Map<number, Map<number, number>>();
      for (let i = 0; i + 2 < message.sends.length; i += 3) {
        const client = message.sends[i] as number;
        let byClock = sendTimes.get(client);
        if (!byClock) {
          byClock = new Map();
          sendTimes.set(client, byClock);
        }
        byClock.set(message.sends[i + 1] as number, message.sends[i + 2] as number);
      }
      const values: number[] = [];
      for (let i = 0; i + 3 < receipts.length; i += 4) {
        const byClock = sendTimes.get(receipts[i] as number);
        if (!byClock) continue;
        for (let clock = receipts[i + 1] as number; clock < (receipts[i + 2] as number); clock++) {
          const sent = byClock.get(clock);
          if (sent !== undefined) values.push((receipts[i + 3] as number) - sent);
        }
      }
      const cpu = process.cpuUsage(cpuAtStart);
      reply({ type: "latencies", values, missing: 0, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
      return;
    }
    case "close": {
      for (const client of clients) {
        for (const provider of client.providers) provider.destroy();
        client.socket.destroy();
      }
      for (const ws of rawReaders) ws.terminate();
      reply({ type: "closed" });
      setTimeout(() => process.exit(0), 100);
      return;
    }
  }
}

async function connect(wsUrl: string, spec: ClientSpec, presence: boolean): Promise<void> {
  const socket = new HocuspocusProviderWebsocket({
    url: wsUrl,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  const client: SimClient = {
    spec,
    socket,
    providers: [],
    writerText: null,
    writerProvider: null,
    keystrokes: 0,
    typingFrom: 0,
    typingTo: 0,
    typing: false,
  };
  clients.push(client);
  const synced = spec.docs.map(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const doc = new Y.Doc();
        doc.on("update", (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
          if (transaction.local) return;
          const at = now();
          for (const [id, after] of transaction.afterState) {
            const before = transaction.beforeState.get(id) ?? 0;
            if (after > before) receipts.push(id, before, after, at);
          }
        });
        const provider = new HocuspocusProvider({
          websocketProvider: socket,
          name,
          document: doc,
          token: spec.token,
          onSynced: () => resolve(),
          onAuthenticationFailed: () => reject(new Error(`refused ${name}`)),
        });
        provider.attach();
        if (presence) provider.setAwarenessField("user", { name: `client ${clients.length}`, color: "#1f6feb" });
        client.providers.push(provider);
        if (name === spec.writes) client.writerProvider = provider;
      }),
  );
  await Promise.all(synced);
}

function typeFor(durationMs: number, intervalMs: number): Promise<void> {
  const writers = clients.filter((c) => c.writerProvider);
  for (const writer of writers) {
    const provider = writer.writerProvider;
    if (!provider) continue;
    const doc = provider.document;
    // Each writer types in its own paragraph, as delegations do in a section.
    const paragraph = new Y.XmlElement("paragraph");
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    doc.getXmlFragment("content").push([paragraph]);
    writer.writerText = text;
    doc.on("update", (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      if (!transaction.local || !writer.typing) return;
      sends.push(doc.clientID, transaction.beforeState.get(doc.clientID) ?? 0, now());
    });
  }
  return new Promise((resolve) => {
    const timers: NodeJS.Timeout[] = [];
    for (const writer of writers) {
      const start = setTimeout(() => {
        writer.typing = true;
        writer.typingFrom = now();
        timers.push(
          setInterval(() => {
            const text = writer.writerText;
            if (!text) return;
            text.insert(text.length, String.fromCharCode(97 + (writer.keystrokes % 26)));
            writer.keystrokes += 1;
            writer.writerProvider?.setAwarenessField("cursor", {
              anchor: { client: writer.writerProvider.document.clientID, clock: writer.keystrokes },
              head: { client: writer.writerProvider.document.clientID, clock: writer.keystrokes },
            });
          }, intervalMs),
        );
      }, Math.random() * intervalMs);
      timers.push(start);
    }
    setTimeout(() => {
      for (const timer of timers) clearInterval(timer);
      for (const writer of writers) {
        writer.typing = false;
        writer.typingTo = now();
      }
      // Let the last keystrokes arrive everywhere.
      setTimeout(resolve, 1_500);
    }, durationMs);
  });
}
