import { rmSync } from "node:fs";
import { type ChildServer, startChildServer } from "./childServer.ts";
import { clientSpecs, type LoadConfig, LoadWorkers, SERVER_ENV, workspaceFor } from "./load.ts";
import type { ServerMetrics } from "./servers/protocol.ts";
import { now } from "./stats.ts";

export interface RestartResult {
  clients: number;
  documents: number;
  connectFailures: number;
  /** From asking the old server to stop until the new one listens. */
  downMs: number;
  /** From the new server listening until the last client has every document synced again. */
  resyncMs: number;
  /** Clients that had not synced again within two minutes. */
  stragglers: boolean;
  /** The new server, from its start until everyone is back. */
  serverCpuSeconds: number;
  peakRssMb: number;
  loopMaxMs: number;
}

/**
 * Plenary restarted under its clients: every reader reconnects on its own,
 * with the provider's backoff, to a new process on the same port and data.
 */
export async function runRestart(config: LoadConfig): Promise<RestartResult> {
  const workspace = await workspaceFor(config);
  let server: ChildServer = await startChildServer("plenary", { ...SERVER_ENV, DATA_DIR: workspace.dataDir });
  const port = String(server.port);
  const workers = new LoadWorkers(config.workers);
  try {
    const connected = await workers.connect(
      server.wsUrl,
      clientSpecs(config, workspace, "plenary"),
      config.presence,
      true,
    );
    await new Promise((r) => setTimeout(r, 1_000));
    const stopping = now();
    await server.stop();
    server = await startChildServer("plenary", { ...SERVER_ENV, PORT: port, DATA_DIR: workspace.dataDir });
    const listening = now();
    server.resetLoop();
    const last = await workers.resynced(stopping);
    const metrics: ServerMetrics = await server.metrics();
    return {
      clients: config.clients,
      documents: config.drafts * (config.sectionsPerDraft + 1),
      connectFailures: connected.failures,
      downMs: listening - stopping,
      resyncMs: last - listening,
      stragglers: Number.isNaN(last),
      serverCpuSeconds: metrics.cpuSeconds,
      peakRssMb: metrics.maxRssBytes / 1_048_576,
      loopMaxMs: metrics.loopMaxMs,
    };
  } finally {
    await workers.close();
    await server.stop();
    rmSync(workspace.dataDir, { recursive: true, force: true });
  }
}
