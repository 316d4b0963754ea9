import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { createTestDatabase } from "../tests/helpers/postgres.ts";
import { type BenchWorkspace, createBenchWorkspace } from "./benchWorkspace.ts";
import { type ChildServer, type ServerKind, startChildServer } from "./childServer.ts";
import type { ClientSpec, Send, WorkerReply, WorkerRequest } from "./loadProtocol.ts";
import type { ServerMetrics } from "./servers/protocol.ts";
import { type LatencySummary, now, summarize } from "./stats.ts";

export interface LoadConfig {
  name: string;
  clients: number;
  drafts: number;
  sectionsPerDraft: number;
  writersPerDraft: number;
  presence: boolean;
  durationMs: number;
  /** Load-generating processes. */
  workers: number;
}

export interface LoadResult {
  kind: ServerKind;
  config: LoadConfig;
  /** Why the run failed (missing updates, failed or dropped connections), or null. */
  failure: string | null;
  sent: number;
  expected: number;
  delivered: number;
  missing: number;
  receiversMissing: number;
  connectFailures: number;
  dropped: number;
  latency: LatencySummary;
  serverCpuSeconds: number;
  /** Server CPU microseconds per delivered update. */
  cpuPerUpdateUs: number;
  /** Websocket frames the server sent per delivered update (updates, presence, progress, rosters…). */
  framesPerUpdate: number;
  kbSentPerUpdate: number;
  /** Server RSS once started, before any client. */
  idleRssMb: number;
  peakRssMb: number;
  /** (peak RSS − idle RSS) / clients. */
  rssPerConnectionKb: number;
  harnessCpuSeconds: number;
  minWriterRate: number;
  targetWriterRate: number;
}

const TYPING_INTERVAL_MS = 200;
const WARM_UP_MS = 1_000;
/** How long nothing may arrive, after the last keystroke, before what is absent counts as missing. */
const DELIVERY_GRACE_MS = 10_000;
const DELIVERY_LIMIT_MS = 60_000;

/** Clients spread evenly over drafts; in each draft the writers share the sections. */
export function clientSpecs(config: LoadConfig, workspace: BenchWorkspace, kind: ServerKind): ClientSpec[] {
  const specs: ClientSpec[] = [];
  let writerIndex = 0;
  let readerIndex = 0;
  for (let i = 0; i < config.clients; i++) {
    const draft = workspace.drafts[i % config.drafts];
    if (!draft) continue;
    const positionInDraft = Math.floor(i / config.drafts);
    const isWriter = positionInDraft < config.writersPerDraft;
    // The bare server knows no sessions: its readers say so in their token.
    const token =
      kind === "bare"
        ? isWriter
          ? `writer-${writerIndex++}`
          : `reader-${readerIndex++}`
        : isWriter
          ? workspace.writerTokens[writerIndex++]
          : workspace.readerTokens[readerIndex++];
    specs.push({
      id: i,
      token: token ?? "",
      docs: [draft.draftDoc, ...draft.sectionDocs],
      writes: isWriter ? (draft.sectionDocs[positionInDraft % draft.sectionDocs.length] ?? null) : null,
    });
  }
  return specs;
}

export function workspaceFor(config: LoadConfig, databaseUrl?: string): Promise<BenchWorkspace> {
  const writers = config.drafts * config.writersPerDraft;
  return createBenchWorkspace({
    drafts: config.drafts,
    sections: config.sectionsPerDraft,
    writers,
    readers: config.clients - writers,
    ...(databaseUrl && { databaseUrl }),
  });
}

/**
 * Every simulated client comes from 127.0.0.1 and shares a few accounts: the
 * limits per user and per address, meant for the real world, are lifted.
 */
export const SERVER_ENV = {
  PORT: "0",
  SEED_DEMO: "false",
  MAX_CONNECTIONS_PER_USER: "100000",
  MAX_UNAUTHENTICATED_PER_ADDRESS: "100000",
  MAX_UNAUTHENTICATED: "100000",
};

const REPLY: Record<WorkerRequest["type"], WorkerReply["type"]> = {
  connect: "connected",
  type: "typed",
  account: "account",
  resynced: "resynced",
  close: "closed",
};

/** A set of load-generating processes, each playing a share of the clients. */
export class LoadWorkers {
  private readonly workers: ChildProcess[];

  constructor(count: number) {
    this.workers = Array.from({ length: count }, () =>
      fork(resolve("bench/loadWorker.ts"), [], {
        execArgv: ["--import", "tsx"],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
        serialization: "advanced",
      }),
    );
  }

  async connect(
    wsUrl: string,
    specs: ClientSpec[],
    presence: boolean,
    reconnect = false,
  ): Promise<{ ms: number; failures: number }> {
    const n = this.workers.length;
    const replies = await this.all((w) => ({
      type: "connect",
      wsUrl,
      clients: specs.filter((_, i) => i % n === w),
      presence,
      reconnect,
    }));
    return {
      ms: Math.max(...replies.map((r) => (r as Extract<WorkerReply, { type: "connected" }>).ms)),
      failures: replies.reduce((sum, r) => sum + (r as Extract<WorkerReply, { type: "connected" }>).failures, 0),
    };
  }

  async type(durationMs: number, charsPerKey = 1) {
    const replies = (await this.all(() => ({
      type: "type",
      durationMs,
      intervalMs: TYPING_INTERVAL_MS,
      charsPerKey,
    }))) as Extract<WorkerReply, { type: "typed" }>[];
    return {
      sends: replies.flatMap((r) => r.sends),
      rates: replies.flatMap((r) => r.rates),
      dropped: replies.reduce((sum, r) => sum + r.dropped, 0),
      dropReasons: replies.flatMap((r) => r.dropReasons),
    };
  }

  async account(sends: Send[], withLatencies: boolean) {
    const replies = (await this.all(() => ({ type: "account", sends, withLatencies }))) as Extract<
      WorkerReply,
      { type: "account" }
    >[];
    const latencies: number[] = [];
    for (const r of replies) for (const v of r.latencies) latencies.push(v);
    return {
      expected: replies.reduce((s, r) => s + r.expected, 0),
      delivered: replies.reduce((s, r) => s + r.delivered, 0),
      missing: replies.reduce((s, r) => s + r.missing, 0),
      receiversMissing: replies.reduce((s, r) => s + r.receiversMissing, 0),
      cpuSeconds: replies.reduce((s, r) => s + r.cpuSeconds, 0),
      latencies,
    };
  }

  /** Waits for every reader to have synced after `since`; the time the last did, NaN if some never did. */
  async resynced(since: number): Promise<number> {
    const replies = (await this.all(() => ({ type: "resynced", since }))) as Extract<
      WorkerReply,
      { type: "resynced" }
    >[];
    return Math.max(...replies.map((r) => r.at));
  }

  async close(): Promise<void> {
    await this.all(() => ({ type: "close" })).catch(() => undefined);
    for (const worker of this.workers) worker.kill();
  }

  private all(request: (w: number) => WorkerRequest): Promise<WorkerReply[]> {
    return Promise.all(
      this.workers.map((worker, w) => {
        const message = request(w);
        return new Promise<WorkerReply>((resolveReply, reject) => {
          const onMessage = (reply: WorkerReply) => {
            if (reply.type !== REPLY[message.type]) return;
            worker.off("message", onMessage);
            worker.off("exit", onExit);
            resolveReply(reply);
          };
          const onExit = (code: number) => reject(new Error(`load worker exited with ${code}`));
          worker.on("message", onMessage);
          worker.once("exit", onExit);
          worker.send(message);
        });
      }),
    );
  }
}

/**
 * After the last keystroke, waits until every receiver has every update. An
 * overloaded server may still be draining its queues: the wait goes on while
 * updates keep arriving (up to a minute); what is absent once nothing has
 * arrived for 10 s is missing.
 */
export async function awaitDelivery(workers: LoadWorkers, sends: Send[]) {
  const started = now();
  let lastProgress = started;
  let counts = await workers.account(sends, false);
  while (counts.missing > 0 && now() - lastProgress < DELIVERY_GRACE_MS && now() - started < DELIVERY_LIMIT_MS) {
    await new Promise((r) => setTimeout(r, 250));
    const next = await workers.account(sends, false);
    if (next.missing < counts.missing) lastProgress = now();
    counts = next;
  }
  return workers.account(sends, true);
}

export interface Contender {
  kind: ServerKind;
  server: ChildServer;
  workers: LoadWorkers;
  dataDir: string;
  idleRssMb: number;
  connectFailures: number;
  /** Drops the PostgreSQL database of the run, if it has one. */
  drop: (() => Promise<void>) | null;
}

const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

/** Several server processes seen as one: CPU, memory and frames summed, the worst event-loop delay. */
function combined(servers: ChildServer[]): ChildServer {
  const first = servers[0] as ChildServer;
  return {
    ...first,
    metrics: async () => {
      const all = await Promise.all(servers.map((s) => s.metrics()));
      const sum = (f: (m: ServerMetrics) => number) => all.reduce((total, m) => total + f(m), 0);
      return {
        type: "metrics",
        cpuSeconds: sum((m) => m.cpuSeconds),
        rssBytes: sum((m) => m.rssBytes),
        maxRssBytes: sum((m) => m.maxRssBytes),
        heapUsedBytes: sum((m) => m.heapUsedBytes),
        loopP99Ms: Math.max(...all.map((m) => m.loopP99Ms)),
        loopMaxMs: Math.max(...all.map((m) => m.loopMaxMs)),
        framesSent: sum((m) => m.framesSent),
        bytesSent: sum((m) => m.bytesSent),
      };
    },
    resetLoop: () => {
      for (const s of servers) s.resetLoop();
    },
    stop: async () => {
      for (const s of servers) await s.stop();
    },
  };
}

/**
 * Runs one configuration on every server kind: each kind gets its own server
 * process and load processes, all connected at once, then the kinds take
 * turns typing (bare, plenary, plenary, bare, …) while the others sit idle,
 * so machine noise falls on all of them alike.
 */
export async function runConfig(
  config: LoadConfig,
  kinds: ServerKind[],
  repeats: number,
  log: (text: string) => void,
): Promise<(LoadResult & { repeat: number })[]> {
  const contenders: Contender[] = [];
  const results: (LoadResult & { repeat: number })[] = [];
  const prepare = async (kind: ServerKind) => {
    const onPostgres = kind === "plenary-pg" || kind === "two-servers";
    const database = onPostgres ? await createTestDatabase() : null;
    const workspace = await workspaceFor(config, database?.url);
    const env: Record<string, string> = {
      ...SERVER_ENV,
      DATA_DIR: workspace.dataDir,
      ...(database && { DATABASE_URL: database.url }),
      ...(kind === "two-servers" && {
        REDIS_URL: REDIS_URL,
        REDIS_PREFIX: `bench-${randomBytes(4).toString("hex")}`,
      }),
    };
    const servers = [await startChildServer(kind, env)];
    if (kind === "two-servers") servers.push(await startChildServer(kind, env));
    const server = servers.length === 1 ? (servers[0] as ChildServer) : combined(servers);
    const contender: Contender = {
      kind,
      server,
      workers: new LoadWorkers(config.workers),
      dataDir: workspace.dataDir,
      idleRssMb: 0,
      connectFailures: 0,
      drop: database?.drop ?? null,
    };
    contenders.push(contender);
    // With two servers, clients alternate between them, as behind a load balancer.
    const specs = clientSpecs(config, workspace, kind).map((spec, i) => ({
      ...spec,
      wsUrl: servers[i % servers.length]?.wsUrl,
    }));
    return { contender, specs };
  };
  try {
    // Every server starts at once (nothing is measured while they start);
    // clients then connect to one server at a time.
    const prepared = await Promise.allSettled(kinds.map(prepare));
    const failed = prepared.find((p): p is PromiseRejectedResult => p.status === "rejected");
    if (failed) throw failed.reason;
    contenders.sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind));
    for (const { contender, specs } of prepared.flatMap((p) => (p.status === "fulfilled" ? [p.value] : []))) {
      const { kind, server, workers } = contender;
      contender.idleRssMb = (await server.metrics()).rssBytes / 1_048_576;
      const connected = await workers.connect(server.wsUrl, specs, config.presence);
      contender.connectFailures = connected.failures;
      log(`  ${kind}: ${config.clients} clients connected in ${(connected.ms / 1000).toFixed(1)} s`);
      // Warm-up (JIT, first allocations): typed and delivered, not counted.
      await typingRound({ ...config, durationMs: WARM_UP_MS }, contender);
    }
    for (let repeat = 0; repeat < repeats; repeat++) {
      const order = repeat % 2 === 0 ? contenders : [...contenders].reverse();
      for (const contender of order) {
        await new Promise((r) => setTimeout(r, 100));
        const result = await typingRound(config, contender);
        log(
          `  ${contender.kind}, round ${repeat + 1}: ${result.failure ? `FAILED: ${result.failure}` : `p50 ${result.latency.p50.toFixed(1)} p99 ${result.latency.p99.toFixed(1)} ms`}, ${result.delivered} delivered, ${result.cpuPerUpdateUs.toFixed(0)} µs CPU/update`,
        );
        results.push({ ...result, repeat });
      }
    }
    return results;
  } finally {
    for (const { server, workers, dataDir, drop } of contenders) {
      await workers.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
      await drop?.().catch(() => undefined);
    }
  }
}

/** One round of typing on one server; `during` runs alongside the typing (a burst of API calls, say). */
export async function typingRound(
  config: LoadConfig,
  contender: Contender,
  during?: () => Promise<void>,
): Promise<LoadResult> {
  const { kind, server, workers } = contender;
  const before = await server.metrics();
  const [typed] = await Promise.all([workers.type(config.durationMs), during?.()]);
  const delivery = await awaitDelivery(workers, typed.sends);
  const after = await server.metrics();
  const failures: string[] = [];
  if (contender.connectFailures > 0) failures.push(`${contender.connectFailures} connections failed`);
  if (typed.dropped > 0) failures.push(`${typed.dropped} connections dropped (${countReasons(typed.dropReasons)})`);
  if (delivery.missing > 0)
    failures.push(`${delivery.missing} updates missing at ${delivery.receiversMissing} receivers`);
  const serverCpuSeconds = after.cpuSeconds - before.cpuSeconds;
  const peakRssMb = after.maxRssBytes / 1_048_576;
  return {
    kind,
    config,
    failure: failures.length > 0 ? failures.join(", ") : null,
    sent: typed.sends.length,
    expected: delivery.expected,
    delivered: delivery.delivered,
    missing: delivery.missing,
    receiversMissing: delivery.receiversMissing,
    connectFailures: contender.connectFailures,
    dropped: typed.dropped,
    latency: summarize(delivery.latencies),
    serverCpuSeconds,
    cpuPerUpdateUs: (serverCpuSeconds * 1e6) / Math.max(1, delivery.delivered),
    framesPerUpdate: (after.framesSent - before.framesSent) / Math.max(1, delivery.delivered),
    kbSentPerUpdate: (after.bytesSent - before.bytesSent) / 1024 / Math.max(1, delivery.delivered),
    idleRssMb: contender.idleRssMb,
    peakRssMb,
    rssPerConnectionKb: ((peakRssMb - contender.idleRssMb) * 1024) / config.clients,
    harnessCpuSeconds: delivery.cpuSeconds,
    minWriterRate: typed.rates.length > 0 ? Math.min(...typed.rates) : 0,
    targetWriterRate: 1000 / TYPING_INTERVAL_MS,
  };
}

/** "4504 storage unavailable × 3, 1006 × 1": what closed the dropped connections. */
function countReasons(reasons: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason || "no code", (counts.get(reason || "no code") ?? 0) + 1);
  return [...counts].map(([reason, count]) => `${reason} × ${count}`).join(", ");
}
