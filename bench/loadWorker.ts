import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import WebSocket from "ws";
import * as Y from "yjs";
import type { Accounting, ClientSpec, Send, WorkerReply, WorkerRequest } from "./loadProtocol.ts";
import { RawReader } from "./rawReader.ts";
import { Receipts } from "./receipts.ts";
import { now } from "./stats.ts";

/**
 * A load-generating process: it plays a share of the simulated clients (one
 * websocket each, one document per draft page and section, like the browser
 * client), types for the writers, and records, per receiving client, when it
 * first saw each keystroke of the others.
 */
interface Writer {
  spec: ClientSpec;
  socket: HocuspocusProviderWebsocket;
  providers: HocuspocusProvider[];
  receipts: Receipts;
  /** The Yjs client id of the document it types into (its own keystrokes are not expected back). */
  ownClient: number;
  text: Y.XmlText | null;
  provider: HocuspocusProvider | null;
  keystrokes: number;
  typingFrom: number;
  typingTo: number;
  typing: boolean;
  /** Whether its keystrokes are being recorded (once per writer, across rounds). */
  listening: boolean;
  dropped: number;
  dropReasons: string[];
}

interface Receiver {
  docs: Set<string>;
  ownClient: number;
  receipts: Receipts;
  /** Reads what arrived but was not read yet (raw readers defer it). */
  drain?: () => void;
}

/** A client not synced by then counts as a failed connection. */
const CONNECT_TIMEOUT_MS = 60_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not synced within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

let writers: Writer[] = [];
let readers: RawReader[] = [];
let receivers: Receiver[] = [];
let sends: Send[] = [];
let cpuAtStart = process.cpuUsage();
let presence = true;

const reply = (message: WorkerReply) => process.send?.(message);

process.on("message", (message: WorkerRequest) => {
  void handle(message).catch((error: unknown) => {
    console.error("load worker:", error);
    process.exit(1);
  });
});

async function handle(message: WorkerRequest): Promise<void> {
  switch (message.type) {
    case "connect": {
      const started = now();
      presence = message.presence;
      let failures = 0;
      const batch = 25;
      for (let i = 0; i < message.clients.length; i += batch) {
        const group = message.clients.slice(i, i + batch).map(async (spec) => {
          if (spec.writes) return connectWriter(spec.wsUrl ?? message.wsUrl, spec, message.presence);
          const reader = new RawReader(
            spec.wsUrl ?? message.wsUrl,
            spec.token,
            spec.docs,
            message.presence,
            message.reconnect,
          );
          readers.push(reader);
          receivers.push({
            docs: new Set(spec.docs),
            ownClient: -1,
            receipts: reader.receipts,
            drain: () => reader.drain(),
          });
          await reader.connect();
        });
        const results = await Promise.allSettled(group.map((joined) => withTimeout(joined, CONNECT_TIMEOUT_MS)));
        failures += results.filter((r) => r.status === "rejected").length;
      }
      reply({ type: "connected", ms: now() - started, failures });
      return;
    }
    case "type": {
      cpuAtStart = process.cpuUsage();
      await typeFor(message.durationMs, message.intervalMs, message.charsPerKey);
      const rates = writers
        .filter((w) => w.typingTo > w.typingFrom)
        .map((w) => w.keystrokes / ((w.typingTo - w.typingFrom) / 1000));
      const dropped = writers.reduce((n, w) => n + w.dropped, 0) + readers.reduce((n, r) => n + r.dropped, 0);
      const dropReasons = [...writers, ...readers].flatMap((client) => client.dropReasons);
      reply({ type: "typed", sends, rates, dropped, dropReasons });
      return;
    }
    case "account": {
      const cpu = process.cpuUsage(cpuAtStart);
      reply({
        type: "account",
        ...account(message.sends, message.withLatencies),
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
      });
      return;
    }
    case "resynced": {
      // Waits until every reader is synced again after `since`; answers when the last one was.
      const deadline = now() + 120_000;
      while (readers.some((r) => r.syncedAt <= message.since) && now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const done = readers.every((r) => r.syncedAt > message.since);
      reply({ type: "resynced", at: done ? Math.max(message.since, ...readers.map((r) => r.syncedAt)) : Number.NaN });
      return;
    }
    case "close": {
      for (const writer of writers) {
        for (const provider of writer.providers) provider.destroy();
        writer.socket.destroy();
      }
      for (const reader of readers) reader.close();
      writers = [];
      readers = [];
      receivers = [];
      sends = [];
      reply({ type: "closed" });
      return;
    }
  }
}

/** Every keystroke each receiver with the document open should have seen, and whether it did. */
function account(all: Send[], withLatencies: boolean): Accounting {
  let expected = 0;
  let delivered = 0;
  let receiversMissing = 0;
  const latencies: number[] = [];
  const byDoc = new Map<string, Send[]>();
  for (const send of all) {
    const list = byDoc.get(send.doc) ?? [];
    list.push(send);
    byDoc.set(send.doc, list);
  }
  for (const receiver of receivers) {
    receiver.drain?.();
    let missed = 0;
    for (const doc of receiver.docs) {
      for (const send of byDoc.get(doc) ?? []) {
        if (send.client === receiver.ownClient) continue;
        expected += 1;
        const at = receiver.receipts.get(send.client, send.clock);
        if (at === undefined) {
          missed += 1;
          continue;
        }
        delivered += 1;
        if (withLatencies) latencies.push(at - send.at);
      }
    }
    if (missed > 0) receiversMissing += 1;
  }
  return {
    expected,
    delivered,
    missing: expected - delivered,
    receiversMissing,
    latencies: Float64Array.from(latencies),
  };
}

async function connectWriter(wsUrl: string, spec: ClientSpec, presence: boolean): Promise<void> {
  const socket = new HocuspocusProviderWebsocket({
    url: wsUrl,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  const receipts = new Receipts();
  const writer: Writer = {
    spec,
    socket,
    providers: [],
    receipts,
    ownClient: -1,
    text: null,
    provider: null,
    keystrokes: 0,
    typingFrom: 0,
    typingTo: 0,
    typing: false,
    listening: false,
    dropped: 0,
    dropReasons: [],
  };
  writers.push(writer);
  socket.on("disconnect", ({ event }: { event: { code?: number; reason?: string } }) => {
    writer.dropped += 1;
    writer.dropReasons.push(`${event.code ?? ""} ${event.reason ?? ""}`.trim());
  });
  const synced = spec.docs.map(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const doc = new Y.Doc();
        doc.on("update", (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
          if (transaction.local) return;
          const at = now();
          for (const [id, after] of transaction.afterState) {
            const before = transaction.beforeState.get(id) ?? 0;
            if (after > before) receipts.record(id, before, after, at);
          }
        });
        const provider = new HocuspocusProvider({
          websocketProvider: socket,
          name,
          document: doc,
          token: spec.token,
          // As Plenary's client does: each provider has its own address (name and session).
          sessionAwareness: true,
          onSynced: () => resolve(),
          onAuthenticationFailed: () => reject(new Error(`refused ${name}`)),
        });
        provider.attach();
        if (presence) provider.setAwarenessField("user", { name: `client ${spec.id}`, color: "#1f6feb" });
        writer.providers.push(provider);
        if (name === spec.writes) {
          writer.provider = provider;
          writer.ownClient = doc.clientID;
        }
      }),
  );
  receivers.push({ docs: new Set(spec.docs), ownClient: writer.ownClient, receipts });
  await Promise.all(synced);
}

function typeFor(durationMs: number, intervalMs: number, charsPerKey: number): Promise<void> {
  sends = [];
  const filler = "x".repeat(Math.max(0, charsPerKey - 1));
  const typists = writers.filter((w) => w.provider);
  for (const writer of typists) {
    const provider = writer.provider;
    if (!provider) continue;
    const doc = provider.document;
    const name = provider.configuration.name;
    // Each writer types in its own paragraph, as delegations do in a section.
    const paragraph = new Y.XmlElement("paragraph");
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    doc.getXmlFragment("content").push([paragraph]);
    writer.text = text;
    if (writer.listening) continue;
    writer.listening = true;
    doc.on("update", (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      if (!transaction.local || !writer.typing) return;
      const at = now();
      const from = transaction.beforeState.get(doc.clientID) ?? 0;
      const to = transaction.afterState.get(doc.clientID) ?? from;
      // A keystroke's first clock stands for it (a paste of many characters has many clocks).
      if (to > from) sends.push({ client: doc.clientID, clock: from, at, doc: name });
    });
  }
  return new Promise((resolve) => {
    const timers: NodeJS.Timeout[] = [];
    for (const writer of typists) {
      writer.keystrokes = 0;
      const start = setTimeout(() => {
        writer.typing = true;
        writer.typingFrom = now();
        timers.push(
          setInterval(() => {
            const text = writer.text;
            const provider = writer.provider;
            if (!text || !provider) return;
            text.insert(text.length, String.fromCharCode(97 + (writer.keystrokes % 26)) + filler);
            writer.keystrokes += 1;
            if (!presence) return;
            provider.setAwarenessField("cursor", {
              anchor: { client: provider.document.clientID, clock: writer.keystrokes },
              head: { client: provider.document.clientID, clock: writer.keystrokes },
            });
          }, intervalMs),
        );
      }, Math.random() * intervalMs);
      timers.push(start);
    }
    setTimeout(() => {
      for (const timer of timers) clearInterval(timer);
      for (const writer of typists) {
        writer.typing = false;
        writer.typingTo = now();
      }
      resolve();
    }, durationMs);
  });
}
