import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createBenchWorkspace } from "./benchWorkspace.ts";
import { type ServerKind, startChildServer } from "./childServer.ts";
import { SERVER_ENV } from "./load.ts";
import { RawReader } from "./rawReader.ts";

export interface SlowReaderResult {
  kind: ServerKind;
  requests: number;
  /** What the server was asked to send the reader. */
  askedMb: number;
  rssBeforeMb: number;
  /** Highest RSS sampled (every 250 ms) while the reader did not read. */
  rssPeakMb: number;
  /** The server closed the reader's connection. */
  closed: boolean;
  /** A reader that reads still gets its answer afterwards. */
  othersServed: boolean;
}

/**
 * A reader that joins a 1.45 MB section, stops reading its socket, and asks
 * for the whole state twice a second (well within Plenary's sync-request
 * limit): every answer piles up in the server unless it bounds what waits.
 */
export async function runSlowReader(kind: ServerKind, state: Uint8Array, requests: number): Promise<SlowReaderResult> {
  const workspace = await createBenchWorkspace({
    drafts: 1,
    sections: 1,
    writers: 0,
    readers: 2,
    ...(kind !== "bare" && { firstSectionState: state }),
  });
  const seedFile = join(workspace.dataDir, "seed.bin");
  writeFileSync(seedFile, state);
  const server = await startChildServer(kind, {
    ...SERVER_ENV,
    DATA_DIR: workspace.dataDir,
    BENCH_SEED_FILE: seedFile,
  });
  const section = workspace.drafts[0]?.sectionDocs[0] ?? "";
  const token = (i: number) => (kind === "bare" ? `reader-${i}` : (workspace.readerTokens[i] ?? ""));
  const slow = new RawReader(server.wsUrl, token(0), [section], false, false);
  const other = new RawReader(server.wsUrl, token(1), [section], false, false);
  try {
    await slow.connect();
    slow.pause();
    const before = await server.metrics();
    let peak = before.rssBytes;
    const timer = setInterval(() => {
      void server.metrics().then((m) => {
        peak = Math.max(peak, m.rssBytes);
      });
    }, 250);
    for (let i = 0; i < requests; i++) {
      slow.requestState(section);
      await new Promise((r) => setTimeout(r, 500));
    }
    await new Promise((r) => setTimeout(r, 3_000));
    clearInterval(timer);
    const after = await server.metrics();
    const othersServed = await other.connect().then(
      () => true,
      () => false,
    );
    slow.resume();
    const closed = await slow.closedWithin(5_000);
    return {
      kind,
      requests,
      askedMb: (requests * state.byteLength) / 1_048_576,
      rssBeforeMb: before.rssBytes / 1_048_576,
      rssPeakMb: Math.max(peak, after.rssBytes) / 1_048_576,
      closed,
      othersServed,
    };
  } finally {
    slow.close();
    other.close();
    await server.stop();
    rmSync(workspace.dataDir, { recursive: true, force: true });
  }
}
