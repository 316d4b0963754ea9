import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { runBrowserTyping, type TypingResult } from "./browserTyping.ts";
import type { ServerKind } from "./childServer.ts";
import { type IdleResult, runIdleDocuments } from "./idleDocuments.ts";
import { type JoinResult, largeSection, measureRawCosts, type RawCosts, runJoin } from "./join.ts";
import { type LoadConfig, runConfig } from "./load.ts";
import { latencyPlot, timePlot } from "./plot.ts";
import { runReauthStorm, type StormResult } from "./reauthStorm.ts";
import { type Matrix, render } from "./report.ts";
import { type RestartResult, runRestart } from "./restart.ts";
import { runSlowReader, type SlowReaderResult } from "./slowReader.ts";
import { runSoak, type SoakResult } from "./soak.ts";
import { now, spread } from "./stats.ts";

/**
 * `npm run bench`: Plenary against a bare Hocuspocus server entered the same
 * way and obeying the same presence rule, every configuration several times,
 * interleaved; then joins, typing in Chromium, a soak, many idle documents, a
 * restart under load, a reader that never reads and a reauthorisation storm. Writes docs/benchmarks.md
 * and its plots. BENCH_QUICK=1 runs everything small and short.
 */
const env = process.env;
const QUICK = env.BENCH_QUICK === "1";
const number = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
const REPEATS = number("BENCH_REPEATS", QUICK ? 1 : 3);
const DURATION_MS = number("BENCH_DURATION_MS", 2_000);
const SOAK_MS = number("BENCH_SOAK_MS", QUICK ? 20_000 : 600_000);
const SCALE = QUICK ? 0.1 : 1;
const only = env.BENCH_ONLY?.split(",");
/** BENCH_CONFIGS picks load configurations by name, e.g. "200 / 10, presence off;hall 1000 / 1, presence on". */
const configs = env.BENCH_CONFIGS?.split(";");
const selected = (part: string) => !only || only.includes(part);

const sized = (config: Omit<LoadConfig, "durationMs" | "workers"> & { workers?: number }): LoadConfig => {
  const writers = config.drafts * config.writersPerDraft;
  return {
    workers: 3,
    ...config,
    clients: Math.max(writers + 2, Math.round(config.clients * SCALE)),
    drafts: config.drafts,
    durationMs: DURATION_MS,
  };
};

/** Each configuration with the servers it runs on, in the order they alternate. */
const MATRIX: { config: LoadConfig; kinds: ServerKind[] }[] = [
  {
    config: sized({
      name: "50 / 1, presence off",
      clients: 50,
      drafts: 1,
      sectionsPerDraft: 4,
      writersPerDraft: 8,
      presence: false,
    }),
    kinds: ["bare", "plenary"],
  },
  {
    config: sized({
      name: "200 / 10, presence off",
      clients: 200,
      drafts: 10,
      sectionsPerDraft: 4,
      writersPerDraft: 4,
      presence: false,
    }),
    kinds: ["bare", "plenary", "plenary-power"],
  },
  {
    // Several servers: one on PostgreSQL, and two on the same PostgreSQL and Redis with the clients split.
    config: sized({
      name: "200 / 10, presence off, PostgreSQL",
      clients: 200,
      drafts: 10,
      sectionsPerDraft: 4,
      writersPerDraft: 4,
      presence: false,
    }),
    kinds: ["plenary-pg", "two-servers"],
  },
  {
    config: sized({
      name: "200 / 10, presence on",
      clients: 200,
      drafts: 10,
      sectionsPerDraft: 4,
      writersPerDraft: 4,
      presence: true,
    }),
    kinds: ["bare", "plenary"],
  },
  {
    config: sized({
      name: "500 / 50, presence off",
      clients: 500,
      drafts: QUICK ? 10 : 50,
      sectionsPerDraft: 4,
      writersPerDraft: 2,
      presence: false,
    }),
    kinds: ["bare", "plenary"],
  },
  {
    config: sized({
      name: "hall 500 / 1, presence on",
      clients: 500,
      drafts: 1,
      sectionsPerDraft: 5,
      writersPerDraft: 10,
      presence: true,
    }),
    kinds: ["bare", "plenary"],
  },
  {
    config: sized({
      name: "hall 500 / 1, presence off",
      clients: 500,
      drafts: 1,
      sectionsPerDraft: 5,
      writersPerDraft: 10,
      presence: false,
    }),
    kinds: ["bare", "plenary"],
  },
  {
    config: sized({
      name: "hall 1000 / 1, presence off",
      clients: 1000,
      drafts: 1,
      sectionsPerDraft: 5,
      writersPerDraft: 10,
      presence: false,
      workers: 4,
    }),
    kinds: ["bare", "plenary"],
  },
  {
    config: sized({
      name: "hall 1000 / 1, presence on",
      clients: 1000,
      drafts: 1,
      sectionsPerDraft: 5,
      writersPerDraft: 10,
      presence: true,
      workers: 4,
    }),
    kinds: ["bare", "plenary"],
  },
];

const began = now();
/** Parts that threw: the report says so instead of the whole run being lost. */
const errors: string[] = [];
async function attempt<T>(part: string, run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (error) {
    console.error(`${part} failed:`, error);
    errors.push(`${part}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}
const log = (text: string) => console.log(`[${((now() - began) / 1000).toFixed(0).padStart(4)} s] ${text}`);

const load: Matrix = [];
if (selected("load")) {
  for (const { config, kinds } of MATRIX) {
    if (configs && !configs.includes(config.name)) continue;
    log(`load: ${config.name}, ${REPEATS} rounds on ${kinds.join(", ")}`);
    const runs = await attempt(`load ${config.name}`, () => runConfig(config, kinds, REPEATS, log));
    if (runs) load.push({ config, kinds, runs });
  }
}

let raw: RawCosts | null = null;
const joins: JoinResult[] = [];
if (selected("join")) {
  const state = largeSection();
  raw = measureRawCosts(state);
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    for (const kind of repeat % 2 === 0 ? (["bare", "plenary"] as const) : (["plenary", "bare"] as const)) {
      log(`join: 1 MB section on ${kind}, run ${repeat + 1} of ${REPEATS}`);
      const result = await attempt(`join on ${kind}`, () => runJoin(kind, state, 2_000));
      if (result) joins.push(result);
    }
  }
}

let typing: TypingResult | null = null;
if (selected("browser")) {
  if (!existsSync("dist/client/index.html")) {
    log("browser: building the client first");
    execFileSync("npx", ["vite", "build"], { stdio: "ignore" });
  }
  log("browser: typing in Chromium");
  typing = await attempt("browser typing", () =>
    runBrowserTyping({ sections: QUICK ? 10 : 40, words: 1_000, keystrokes: QUICK ? 100 : 500 }),
  );
}

const idle: IdleResult[] = [];
if (selected("idle")) {
  // One run each: memory per idle document varies little, and the time goes to the soak.
  for (const kind of ["bare", "plenary"] as const) {
    log(`idle documents on ${kind}`);
    const result = await attempt(`idle documents on ${kind}`, () => runIdleDocuments(kind, QUICK ? 200 : 2_000));
    if (result) idle.push(result);
  }
}

let restart: RestartResult | null = null;
if (selected("restart")) {
  log("restart with clients connected");
  restart = await attempt("restart", () =>
    runRestart({
      name: "restart",
      clients: QUICK ? 50 : 500,
      drafts: QUICK ? 5 : 50,
      sectionsPerDraft: 4,
      writersPerDraft: 0,
      presence: true,
      durationMs: 0,
      workers: 3,
    }),
  );
}

let storm: StormResult | null = null;
if (selected("storm")) {
  log("reauthorisation storm at 200 / 10");
  storm = await attempt("reauthorisation storm", () =>
    runReauthStorm(
      sized({
        name: "storm 200 / 10, presence off",
        clients: 200,
        drafts: 10,
        sectionsPerDraft: 4,
        writersPerDraft: 4,
        presence: false,
      }),
      REPEATS,
      log,
    ),
  );
}

const slow: SlowReaderResult[] = [];
if (selected("slow")) {
  const state = largeSection();
  for (const kind of ["bare", "plenary"] as const) {
    log(`slow reader on ${kind}`);
    const result = await attempt(`slow reader on ${kind}`, () => runSlowReader(kind, state, QUICK ? 10 : 16));
    if (result) slow.push(result);
  }
}

let soak: SoakResult | null = null;
if (selected("soak")) {
  log(`soak: ${SOAK_MS / 1000} s at 200 / 10`);
  const config = sized({
    name: "soak 200 / 10, presence on",
    clients: 200,
    drafts: 10,
    sectionsPerDraft: 4,
    writersPerDraft: 4,
    presence: true,
  });
  soak = await attempt("soak", () => runSoak({ ...config, durationMs: SOAK_MS }, 60));
}

const totalSeconds = (now() - began) / 1000;
const report = render({
  machine: `${cpus().length} cores (${cpus()[0]?.model ?? "unknown CPU"}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  date: new Date().toISOString().slice(0, 16).replace("T", " "),
  repeats: REPEATS,
  durationMs: DURATION_MS,
  totalSeconds,
  quick: QUICK,
  load,
  raw,
  joins,
  typing,
  idle,
  restart,
  storm,
  slow,
  soak,
  errors,
});
console.log(`\n${report}`);
if (!only && !configs && !QUICK) {
  writeFileSync("docs/benchmarks.md", report);
  writeFileSync(
    "docs/benchmarks-latency.svg",
    latencyPlot(
      load.flatMap(({ config, kinds, runs }) =>
        kinds.map((kind) => {
          const ok = runs.filter((r) => r.kind === kind && !r.failure);
          return {
            group: config.name,
            kind,
            p50: spread(ok.map((r) => r.latency.p50)),
            p95: spread(ok.map((r) => r.latency.p95)),
            p99: spread(ok.map((r) => r.latency.p99)),
          };
        }),
      ),
    ),
  );
  if (soak) {
    writeFileSync(
      "docs/benchmarks-soak.svg",
      timePlot(
        `Soak: Plenary at 200 clients / 10 drafts for ${(SOAK_MS / 60_000).toFixed(0)} min, compaction running`,
        [
          { label: "server RSS", unit: "MB", points: soak.samples.map((s) => ({ x: s.at, y: s.rssMb })) },
          {
            label: "updates in the log (not yet compacted)",
            unit: "rows",
            points: soak.samples.map((s) => ({ x: s.at, y: s.logRows })),
          },
          {
            label: "snapshots, all documents",
            unit: "KB",
            points: soak.samples.map((s) => ({ x: s.at, y: s.snapshotKb })),
          },
        ],
      ),
    );
  }
  console.log("Wrote docs/benchmarks.md and its plots");
}
log(`done in ${totalSeconds.toFixed(0)} s`);
// Client libraries may leave timers behind; the report is written.
process.exit(0);
