import { rmSync } from "node:fs";
import { startChildServer } from "./childServer.ts";
import {
  type Contender,
  clientSpecs,
  type LoadConfig,
  type LoadResult,
  LoadWorkers,
  SERVER_ENV,
  typingRound,
  workspaceFor,
} from "./load.ts";
import { type LatencySummary, now, summarize } from "./stats.ts";

export interface StormRound {
  storm: boolean;
  result: LoadResult;
  /** Role changes the API completed during the round. */
  changes: number;
  /** Connections the server had to re-check for them (every open document of every session of the account). */
  connectionsRechecked: number;
  api: LatencySummary | null;
  /** API answers other than 200. */
  refused: number;
  loopMaxMs: number;
}

export interface StormResult {
  config: LoadConfig;
  accounts: number;
  connectionsPerAccount: number;
  rounds: StormRound[];
}

/**
 * Reauthorisation under load: while the writers type, a lead flips every
 * reader account between member and observer as fast as the API answers
 * (one request at a time per account, all accounts at once). Each change
 * re-checks every open connection of that account. Storm rounds alternate
 * with quiet ones on the same server and clients, so the cost shows as the
 * difference.
 */
export async function runReauthStorm(
  config: LoadConfig,
  repeats: number,
  log: (text: string) => void,
): Promise<StormResult> {
  const workspace = await workspaceFor(config);
  const server = await startChildServer("plenary", { ...SERVER_ENV, DATA_DIR: workspace.dataDir });
  const workers = new LoadWorkers(config.workers);
  const specs = clientSpecs(config, workspace, "plenary");
  const readers = specs.filter((spec) => spec.writes === null);
  const connectionsPerAccount =
    (readers.length * (config.sectionsPerDraft + 1)) / Math.max(1, workspace.readerAccounts.length);
  try {
    const contender: Contender = {
      kind: "plenary",
      server,
      workers,
      dataDir: workspace.dataDir,
      idleRssMb: (await server.metrics()).rssBytes / 1_048_576,
      connectFailures: 0,
      drop: null,
    };
    contender.connectFailures = (await workers.connect(server.wsUrl, specs, config.presence)).failures;
    await typingRound({ ...config, durationMs: 1_000 }, contender);
    const lead = workspace.writerTokens[0] ?? "";
    const rounds: StormRound[] = [];
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const storm of repeat % 2 === 0 ? [false, true] : [true, false]) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        server.resetLoop();
        const api: number[] = [];
        let refused = 0;
        const flip = async () => {
          const until = now() + config.durationMs;
          await Promise.all(
            workspace.readerAccounts.map(async (account) => {
              for (let n = 0; now() < until; n++) {
                const started = now();
                const response = await fetch(
                  `http://127.0.0.1:${server.port}/api/groups/${workspace.groupId}/members/${account}`,
                  {
                    method: "PATCH",
                    headers: { authorization: `Bearer ${lead}`, "content-type": "application/json" },
                    body: JSON.stringify({ role: n % 2 === 0 ? "observer" : "member" }),
                  },
                );
                await response.arrayBuffer();
                api.push(now() - started);
                if (response.status !== 200) refused += 1;
              }
            }),
          );
        };
        const result = await typingRound(config, contender, storm ? flip : undefined);
        const metrics = await server.metrics();
        const round: StormRound = {
          storm,
          result,
          changes: api.length - refused,
          connectionsRechecked: (api.length - refused) * connectionsPerAccount,
          api: api.length > 0 ? summarize(api) : null,
          refused,
          loopMaxMs: metrics.loopMaxMs,
        };
        rounds.push(round);
        log(
          `  ${storm ? "storm" : "quiet"}, round ${repeat + 1}: ${round.changes} role changes, ${result.failure ? `FAILED: ${result.failure}` : `p50 ${result.latency.p50.toFixed(1)} p99 ${result.latency.p99.toFixed(1)} ms`}, ${result.cpuPerUpdateUs.toFixed(0)} µs CPU/update`,
        );
      }
    }
    return { config, accounts: workspace.readerAccounts.length, connectionsPerAccount, rounds };
  } finally {
    await workers.close();
    await server.stop();
    rmSync(workspace.dataDir, { recursive: true, force: true });
  }
}
