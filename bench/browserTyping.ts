import { rmSync } from "node:fs";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import WebSocket from "ws";
import * as Y from "yjs";
import { openDatabase } from "../server/storage/Database.ts";
import { DocumentLog } from "../server/storage/DocumentLog.ts";
import { launchBrowser } from "../tests/browser/fixtures/browser.ts";
import { createBenchWorkspace } from "./benchWorkspace.ts";
import { startChildServer } from "./childServer.ts";
import { type LatencySummary, summarize } from "./stats.ts";

export interface TypingResult {
  sections: number;
  wordsPerSection: number;
  otherWriters: number;
  keystrokes: number;
  /** Interactions the browser counted (one per key press when all went well). */
  interactions: number;
  /** Key presses whose interaction took 16 ms or more (the rest are not reported by the browser). */
  over16: number;
  latency: LatencySummary;
}

const WORDS = "member states agree that police components shall support national institutions with full respect".split(
  " ",
);

function sectionState(words: number): Uint8Array {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment("content");
  const paragraphs: Y.XmlElement[] = [];
  for (let written = 0; written < words; written += 100) {
    const paragraph = new Y.XmlElement("paragraph");
    const text = Array.from({ length: 100 }, (_, i) => WORDS[(written + i) % WORDS.length]).join(" ");
    paragraph.insert(0, [new Y.XmlText(`${text}.`)]);
    paragraphs.push(paragraph);
  }
  fragment.insert(0, paragraphs);
  return Y.encodeStateAsUpdate(doc);
}

/**
 * Typing latency in the real client, as the browser measures it (Event
 * Timing: key press to the next paint), in a draft of 40 sections of 1,000
 * words while three other writers type in it.
 */
export async function runBrowserTyping(
  options = { sections: 40, words: 1_000, keystrokes: 500 },
): Promise<TypingResult> {
  const workspace = await createBenchWorkspace({ drafts: 1, sections: options.sections, writers: 4, readers: 0 });
  const draft = workspace.drafts[0];
  if (!draft) throw new Error("no draft");
  const db = await openDatabase({ dataDir: workspace.dataDir, durability: "process" });
  const log = new DocumentLog(db);
  const state = sectionState(options.words);
  for (const name of draft.sectionDocs) {
    await log.append(name, state);
    await log.compact(name);
  }
  await db.close();

  const server = await startChildServer("plenary", {
    PORT: "0",
    DATA_DIR: workspace.dataDir,
    SEED_DEMO: "false",
    MAX_CONNECTIONS_PER_USER: "1000",
  });
  const base = `http://127.0.0.1:${server.port}`;
  const others: { provider: HocuspocusProvider; socket: HocuspocusProviderWebsocket; timer?: NodeJS.Timeout }[] = [];
  const browser = await launchBrowser();
  try {
    // Three other writers in the next sections, 5 characters a second each (in the measured
    // section their changes would be mistaken for the echo of our key presses).
    const targets = [draft.sectionDocs[1], draft.sectionDocs[2], draft.sectionDocs[3]];
    for (const [index, name] of targets.entries()) {
      if (!name) continue;
      const socket = new HocuspocusProviderWebsocket({
        url: server.wsUrl,
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      });
      const doc = new Y.Doc();
      const provider = new HocuspocusProvider({
        websocketProvider: socket,
        name,
        document: doc,
        token: workspace.writerTokens[index + 1] ?? "",
      });
      provider.attach();
      await new Promise<void>((resolve) => provider.on("synced", () => resolve()));
      const paragraph = new Y.XmlElement("paragraph");
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      doc.getXmlFragment("content").push([paragraph]);
      const entry: (typeof others)[number] = { provider, socket };
      entry.timer = setInterval(() => text.insert(text.length, "x"), 200);
      others.push(entry);
    }

    const context = await browser.newContext();
    await context.addCookies([{ name: "plenary_session", value: workspace.writerTokens[0] ?? "", url: base }]);
    const page = await context.newPage();
    const draftId = draft.draftDoc.slice("draft:".length);
    await page.goto(`${base}/drafts/${draftId}`);
    const editor = page.locator(".ProseMirror").first();
    await editor.waitFor({ state: "visible", timeout: 60_000 });
    await page.waitForFunction(
      () => document.querySelector(".ProseMirror")?.getAttribute("contenteditable") === "true",
      null,
      {
        timeout: 60_000,
      },
    );
    await editor.click();
    await page.keyboard.press("Control+End");
    // Event Timing (what INP is built on): for each key press, the longest event of its
    // interaction, from the key press to the next paint after its handlers ran. Chromium
    // reports only events of 16 ms or more; shorter ones are counted as under 16 ms.
    await page.evaluate(() => {
      const state = { durations: new Map<number, number>(), from: performance.now() };
      (window as unknown as { __typing: typeof state }).__typing = state;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEventTiming & { interactionId?: number })[]) {
          const id = entry.interactionId;
          if (!id || entry.startTime < state.from || !entry.name.startsWith("key")) continue;
          state.durations.set(id, Math.max(state.durations.get(id) ?? 0, entry.duration));
        }
      }).observe({ type: "event", durationThreshold: 16, buffered: false } as PerformanceObserverInit);
    });
    const interactionsBefore = await page.evaluate(
      () => (performance as unknown as { interactionCount?: number }).interactionCount ?? 0,
    );
    for (let i = 0; i < options.keystrokes; i++) {
      await page.keyboard.press(String.fromCharCode(97 + (i % 26)));
      await page.waitForTimeout(20 + Math.random() * 40);
    }
    await page.waitForTimeout(1_000);
    const observed = await page.evaluate(() => [
      ...(window as unknown as { __typing: { durations: Map<number, number> } }).__typing.durations.values(),
    ]);
    const interactions =
      (await page.evaluate(() => (performance as unknown as { interactionCount?: number }).interactionCount ?? 0)) -
      interactionsBefore;
    // Key presses Chromium did not report took under 16 ms: they count as 0 here and
    // any percentile that falls on them is shown as "< 16".
    const samples = [
      ...observed,
      ...Array.from({ length: Math.max(0, options.keystrokes - observed.length) }, () => 0),
    ];
    return {
      sections: options.sections,
      wordsPerSection: options.words,
      otherWriters: others.length,
      keystrokes: options.keystrokes,
      interactions,
      over16: observed.length,
      latency: summarize(samples),
    };
  } finally {
    for (const other of others) {
      clearInterval(other.timer);
      other.provider.destroy();
      other.socket.destroy();
    }
    await browser.close();
    await server.stop();
    rmSync(workspace.dataDir, { recursive: true, force: true });
  }
}
