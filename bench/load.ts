import { type ChildProcess, fork } from "node:child_process";
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { createBenchWorkspace } from "./benchWorkspace.ts";
import { type ServerKind, startChildServer } from "./childServer.ts";
import type { ClientSpec, WorkerReply, WorkerRequest } from "./loadProtocol.ts";
import { type LatencySummary, summarize } from "./stats.ts";

export interface LoadConfig {
  name: string;
  clients: number;
  drafts: number;
  sectionsPerDraft: number;
  writersPerDraft: number;
  presence: boolean;
  durationMs: number;
}

export interface LoadResult {
  kind: ServerKind;
  config: LoadConfig;
  latency: LatencySummary;
  serverCpuSeconds: number;
  serverPeakRssMb: number;
  serverRssMb: number;
  harnessCpuSeconds: number;
  connectMs: number;
  connectFailures: number;
  /** Slowest writer's achieved rate, characters per second. */
  minWriterRate: number;
  targetWriterRate: number;
}

const WORKERS = 3;
const TYPING_INTERVAL_MS = 200;

/** Runs one load configuration against one server kind, in fresh processes. */
export async function runLoad(kind: ServerKind, config: LoadConfig): Promise<LoadResult> {
  const writers = config.drafts * config.writersPerDraft;
  const readers = config.clients - writers;
  const workspace = await createBenchWorkspace({
    drafts: config.drafts,
    sections: config.sectionsPerDraft,
    writers,
    readers,
  });
  const server = await startChildServer(kind, {
    PORT: "0",
    DATA_DIR: workspace.dataDir,
    SEED_DEMO: "false",
    MAX_CONNECTIONS_PER_USER: "100000",
  });

  // Clients spread evenly over drafts; in each draft the writers share the sections.
  const specs: ClientSpec[] = [];
  let writerIndex = 0;
  let readerIndex = 0;
  for (let i = 0; i < config.clients; i++) {
    const draftIndex = i % config.drafts;
    const draft = workspace.drafts[draftIndex];
    if (!draft) continue;
    const positionInDraft = Math.floor(i / config.drafts);
    const isWriter = positionInDraft < config.writersPerDraft;
    const docs = [draft.draftDoc, ...draft.sectionDocs];
    const token = isWriter ? workspace.writerTokens[writerIndex++] : workspace.readerTokens[readerIndex++];
    specs.push({
      token: token ?? "",
      docs,
      writes: isWriter ? (draft.sectionDocs[positionInDraft % draft.sectionDocs.length] ?? null) : null,
    });
  }

  const workers = Array.from({ length: WORKERS }, () =>
    fork(resolve("bench/loadWorker.ts"), [], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    }),
  );
  try {
    const shares = workers.map((_, w) => specs.filter((_, i) => i % WORKERS === w));
    const connected = await Promise.all(
      workers.map((worker, w) =>
        ask(
          worker,
          { type: "connect", wsUrl: server.wsUrl, clients: shares[w] ?? [], presence: config.presence },
          "connected",
        ),
      ),
    );
    await new Promise((r) => setTimeout(r, 1_000));
    const before = await server.metrics();
    const typed = await Promise.all(
      workers.map((worker) =>
        ask(worker, { type: "type", durationMs: config.durationMs, intervalMs: TYPING_INTERVAL_MS }, "typed"),
      ),
    );
    const after = await server.metrics();
    const sends = typed.flatMap((t) => t.sends);
    const latencies = await Promise.all(
      workers.map((worker) => ask(worker, { type: "latencies", sends }, "latencies")),
    );
    const values = latencies.flatMap((l) => l.values);
    const keystrokes = typed.flatMap((t) => t.keystrokes);
    return {
      kind,
      config,
      latency: summarize(values),
      serverCpuSeconds: after.cpuSeconds - before.cpuSeconds,
      serverPeakRssMb: after.maxRssBytes / 1_048_576,
      serverRssMb: after.rssBytes / 1_048_576,
      harnessCpuSeconds: latencies.reduce((sum, l) => sum + l.cpuSeconds, 0),
      connectMs: Math.max(...connected.map((c) => c.ms)),
      connectFailures: connected.reduce((sum, c) => sum + c.failures, 0),
      minWriterRate: keystrokes.length > 0 ? Math.min(...keystrokes) : 0,
      targetWriterRate: 1000 / TYPING_INTERVAL_MS,
    };
  } finally {
    await Promise.all(workers.map((worker) => ask(worker, { type: "close" }, "closed").catch(() => undefined)));
    await server.stop();
    rmSync(workspace.dataDir, { recursive: true, force: true });
  }
}

function ask<T extends WorkerReply["type"]>(
  worker: ChildProcess,
  request: WorkerRequest,
  expect: T,
): Promise<Extract<WorkerReply, { type: T }>> {
  return new Promise((resolveReply, reject) => {
    const onMessage = (message: WorkerReply) => {
      if (message.type !== expect) return;
      worker.off("message", onMessage);
      resolveReply(message as Extract<WorkerReply, { type: T }>);
    };
    worker.on("message", onMessage);
    worker.once("exit", (code) => reject(new Error(`load worker exited with ${code}`)));
    worker.send(request);
  });
}
