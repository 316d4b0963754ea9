import { rmSync, statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { startChildServer } from "./childServer.ts";
import { awaitDelivery, clientSpecs, type LoadConfig, LoadWorkers, SERVER_ENV, workspaceFor } from "./load.ts";
import { type LatencySummary, now, summarize } from "./stats.ts";

export interface SoakSample {
  /** Seconds since typing began. */
  at: number;
  rssMb: number;
  heapMb: number;
  /** Updates in the log, not yet compacted into snapshots. */
  logRows: number;
  snapshotKb: number;
  databaseMb: number;
}

export interface SoakResult {
  config: LoadConfig;
  samples: SoakSample[];
  latency: LatencySummary;
  sent: number;
  delivered: number;
  missing: number;
  connectFailures: number;
  dropped: number;
  serverCpuSeconds: number;
}

/**
 * Plenary under steady typing for a long while, compaction running as in
 * production: does memory settle, does the log stay short, do snapshots grow
 * only with the text?
 */
export async function runSoak(config: LoadConfig, samples: number): Promise<SoakResult> {
  const workspace = await workspaceFor(config);
  const server = await startChildServer("plenary", { ...SERVER_ENV, DATA_DIR: workspace.dataDir });
  const workers = new LoadWorkers(config.workers);
  const file = join(workspace.dataDir, "plenary.sqlite");
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const logRows = db.prepare("SELECT COUNT(*) AS n FROM document_updates");
  const snapshotBytes = db.prepare("SELECT COALESCE(SUM(LENGTH(data)), 0) AS n FROM document_snapshots");
  const sizeOf = (path: string) => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  };
  const points: SoakSample[] = [];
  try {
    const connected = await workers.connect(server.wsUrl, clientSpecs(config, workspace, "plenary"), config.presence);
    const before = await server.metrics();
    const started = now();
    const sample = async () => {
      const metrics = await server.metrics();
      points.push({
        at: (now() - started) / 1000,
        rssMb: metrics.rssBytes / 1_048_576,
        heapMb: metrics.heapUsedBytes / 1_048_576,
        logRows: (logRows.get() as { n: number }).n,
        snapshotKb: (snapshotBytes.get() as { n: number }).n / 1024,
        databaseMb: (sizeOf(file) + sizeOf(`${file}-wal`)) / 1_048_576,
      });
    };
    await sample();
    const timer = setInterval(() => void sample(), config.durationMs / samples);
    const typed = await workers.type(config.durationMs);
    clearInterval(timer);
    await sample();
    const delivery = await awaitDelivery(workers, typed.sends);
    const after = await server.metrics();
    return {
      config,
      samples: points,
      latency: summarize(delivery.latencies),
      sent: typed.sends.length,
      delivered: delivery.delivered,
      missing: delivery.missing,
      connectFailures: connected.failures,
      dropped: typed.dropped,
      serverCpuSeconds: after.cpuSeconds - before.cpuSeconds,
    };
  } finally {
    db.close();
    await workers.close();
    await server.stop();
    rmSync(workspace.dataDir, { recursive: true, force: true });
  }
}
