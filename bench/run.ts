import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { runBrowserTyping, type TypingResult } from "./browserTyping.ts";
import { type JoinResult, largeSection, measureRawCosts, type RawCosts, runJoin } from "./join.ts";
import { type LoadConfig, type LoadResult, runLoad } from "./load.ts";
import { latencyPlot } from "./plot.ts";
import { fmt } from "./stats.ts";

/**
 * `npm run bench`: Plenary against a bare Hocuspocus server of the same version,
 * in the same run, on the same machine, alternating; prints ratios and writes
 * docs/benchmarks.md with a latency plot.
 */
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 15_000);

const CONFIGS: LoadConfig[] = [
  {
    name: "50 clients / 1 draft",
    clients: 50,
    drafts: 1,
    sectionsPerDraft: 4,
    writersPerDraft: 8,
    presence: true,
    durationMs: DURATION_MS,
  },
  {
    name: "200 / 10",
    clients: 200,
    drafts: 10,
    sectionsPerDraft: 4,
    writersPerDraft: 4,
    presence: true,
    durationMs: DURATION_MS,
  },
  {
    name: "500 / 50",
    clients: 500,
    drafts: 50,
    sectionsPerDraft: 4,
    writersPerDraft: 2,
    presence: true,
    durationMs: DURATION_MS,
  },
  {
    name: "plenary hall: 500 / 1",
    clients: 500,
    drafts: 1,
    sectionsPerDraft: 5,
    writersPerDraft: 10,
    presence: true,
    durationMs: DURATION_MS,
  },
];

const only = process.env.BENCH_ONLY?.split(",");
const selected = (part: string) => !only || only.includes(part);

const load: LoadResult[] = [];
if (selected("load")) {
  for (const [index, config] of CONFIGS.entries()) {
    // Alternate which server goes first, so warm-up and machine noise fall on both.
    const order = index % 2 === 0 ? (["bare", "plenary"] as const) : (["plenary", "bare"] as const);
    for (const kind of order) {
      console.log(`load: ${config.name} on ${kind}…`);
      load.push(await runLoad(kind, config));
    }
  }
}

let raw: RawCosts | null = null;
const joins: JoinResult[] = [];
if (selected("join")) {
  const state = largeSection();
  raw = measureRawCosts(state);
  for (const kind of ["bare", "plenary"] as const) {
    console.log(`join: 1 MB section on ${kind}…`);
    joins.push(await runJoin(kind, state));
  }
}

let typing: TypingResult | null = null;
if (selected("browser")) {
  console.log("browser: typing latency…");
  typing = await runBrowserTyping({ sections: 40, words: 1_000, keystrokes: 200 });
}

const report = render(load, raw, joins, typing);
console.log(`\n${report}`);
if (!only) {
  writeFileSync("docs/benchmarks.md", report);
  if (load.length > 0) writeFileSync("docs/benchmarks-latency.svg", latencyPlot(load));
  console.log("Wrote docs/benchmarks.md and docs/benchmarks-latency.svg");
}

function render(load: LoadResult[], raw: RawCosts | null, joins: JoinResult[], typing: TypingResult | null): string {
  const lines: string[] = [];
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  lines.push(
    "# Benchmarks",
    "",
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench\` on ${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
    "Plenary runs as in production (authentication, durable SQLite log with group commit, permission checks, presence rules); the baseline is a bare Hocuspocus server of the same version with no extensions and documents in memory, in the same run, alternating.",
    `Load: simulated clients spread over 3 worker processes, each with one websocket opening the draft and all its sections, like the browser client. Writers are full Hocuspocus providers typing 5 characters a second for ${DURATION_MS / 1000} s, moving their caret (presence) with each key; readers speak the same protocol without keeping a Y.Doc (they only timestamp the changes they receive), and set their presence once and renew it every 15 s like a provider's awareness. Latency = a writer's keystroke to each other client of the section seeing it. Harness CPU is the workers' own, beside the server's.`,
    "",
  );
  if (load.length > 0) {
    lines.push(
      "## Fan-out latency, CPU and memory",
      "",
      "| configuration | server | p50 ms | p95 ms | p99 ms | max ms | samples | server CPU s | peak RSS MB | harness CPU s | slowest writer chars/s |",
      "|---|---|---|---|---|---|---|---|---|---|---|",
    );
    for (const r of load) {
      lines.push(
        `| ${r.config.name} | ${r.kind} | ${fmt(r.latency.p50)} | ${fmt(r.latency.p95)} | ${fmt(r.latency.p99)} | ${fmt(r.latency.max)} | ${r.latency.count} | ${fmt(r.serverCpuSeconds, 2)} | ${fmt(r.serverPeakRssMb, 0)} | ${fmt(r.harnessCpuSeconds, 1)} | ${fmt(r.minWriterRate, 1)} / ${r.targetWriterRate} |`,
      );
    }
    lines.push(
      "",
      "Ratios Plenary / bare:",
      "",
      "| configuration | p50 | p95 | p99 | max | server CPU | peak RSS |",
      "|---|---|---|---|---|---|---|",
    );
    for (const config of CONFIGS) {
      const p = load.find((r) => r.config.name === config.name && r.kind === "plenary");
      const b = load.find((r) => r.config.name === config.name && r.kind === "bare");
      if (!p || !b) continue;
      const ratio = (x: number, y: number) => fmt(x / y, 2);
      lines.push(
        `| ${config.name} | ${ratio(p.latency.p50, b.latency.p50)} | ${ratio(p.latency.p95, b.latency.p95)} | ${ratio(p.latency.p99, b.latency.p99)} | ${ratio(p.latency.max, b.latency.max)} | ${ratio(p.serverCpuSeconds, b.serverCpuSeconds)} | ${ratio(p.serverPeakRssMb, b.serverPeakRssMb)} |`,
      );
    }
    lines.push("", "![Fan-out latency percentiles per configuration](benchmarks-latency.svg)", "");
  }
  if (raw) {
    lines.push(
      "## Joining a 1 MB section",
      "",
      `The section holds ${raw.textChars.toLocaleString("en")} characters typed as about 60,000 edits with corrections (Yjs state ${(raw.stateBytes / 1_048_576).toFixed(2)} MB).`,
      `Raw Yjs floor, in this process: decode and apply the state ${fmt(raw.decodeMs)} ms; apply 10,000 one-character updates ${fmt(raw.tenThousandUpdatesMs)} ms.`,
      "",
      "| server | round trip ms | first join ms | join (loaded) ms | 10 joins at once: slowest ms | event-loop p99 ms | event-loop max ms | join / (decode + round trip) |",
      "|---|---|---|---|---|---|---|---|",
    );
    for (const j of joins) {
      lines.push(
        `| ${j.kind} | ${fmt(j.roundTripMs)} | ${fmt(j.coldJoinMs)} | ${fmt(j.warmJoinMs)} | ${fmt(j.tenJoinsMaxMs)} | ${fmt(j.tenJoinsLoopP99Ms)} | ${fmt(j.tenJoinsLoopMaxMs)} | ${fmt(j.warmJoinMs / (raw.decodeMs + j.roundTripMs), 2)} |`,
      );
    }
    lines.push("");
  }
  if (typing) {
    lines.push(
      "## Typing in the browser",
      "",
      `Chromium (headless, playwright-core), a draft of ${typing.sections} sections × ${typing.wordsPerSection.toLocaleString("en")} words, ${typing.otherWriters} other writers typing 5 characters a second; key press to the next animation frame after the character reached the editor's DOM, ${typing.keystrokes} keystrokes.`,
      "",
      "| p50 ms | p95 ms | p99 ms | max ms |",
      "|---|---|---|---|",
      `| ${fmt(typing.latency.p50)} | ${fmt(typing.latency.p95)} | ${fmt(typing.latency.p99)} | ${fmt(typing.latency.max)} |`,
      "",
    );
  }
  lines.push(...targets(load, raw, joins, typing));
  return lines.join("\n");
}

/** The targets Plenary holds itself to, each checked against this run. */
function targets(load: LoadResult[], raw: RawCosts | null, joins: JoinResult[], typing: TypingResult | null): string[] {
  const rows: string[] = [];
  const pair = (name: string) => ({
    p: load.find((r) => r.config.name === name && r.kind === "plenary"),
    b: load.find((r) => r.config.name === name && r.kind === "bare"),
  });
  const row = (target: string, measured: string, met: boolean) =>
    rows.push(`| ${target} | ${measured} | ${met ? "met" : "**missed**"} |`);
  for (const config of CONFIGS) {
    const { p, b } = pair(config.name);
    if (!p || !b) continue;
    const ratio = p.latency.p99 / b.latency.p99;
    row(
      `${config.name}: fan-out p99 ≤ 1.15 × bare`,
      `${fmt(ratio, 2)} × (${fmt(p.latency.p99)} vs ${fmt(b.latency.p99)} ms)`,
      ratio <= 1.15,
    );
  }
  const big = pair("500 / 50");
  if (big.p && big.b) {
    row("500 / 50: fan-out p99 < 25 ms", `${fmt(big.p.latency.p99)} ms`, big.p.latency.p99 < 25);
    const memory = big.p.serverPeakRssMb / big.b.serverPeakRssMb;
    row("500 / 50: server memory ≤ 1.3 × bare", `${fmt(memory, 2)} ×`, memory <= 1.3);
  }
  const hall = pair("plenary hall: 500 / 1").p;
  if (hall) {
    row("plenary hall: p99 < 100 ms", `${fmt(hall.latency.p99)} ms`, hall.latency.p99 < 100);
    row(
      "plenary hall: every writer at its typing rate",
      `slowest ${fmt(hall.minWriterRate, 2)} of ${hall.targetWriterRate} chars/s`,
      hall.minWriterRate >= hall.targetWriterRate * 0.95,
    );
  }
  const join = joins.find((j) => j.kind === "plenary");
  const bareJoin = joins.find((j) => j.kind === "bare");
  if (raw && join) {
    const ratio = join.warmJoinMs / (raw.decodeMs + join.roundTripMs);
    row("join 1 MB ≤ 1.2 × (decode + round trip)", `${fmt(ratio, 2)} ×`, ratio <= 1.2);
  }
  if (join && bareJoin) {
    row(
      "10 simultaneous joins: event loop stays responsive (p99 < 50 ms)",
      `p99 ${fmt(join.tenJoinsLoopP99Ms)} ms, max ${fmt(join.tenJoinsLoopMaxMs)} ms (bare: p99 ${fmt(bareJoin.tenJoinsLoopP99Ms)}, max ${fmt(bareJoin.tenJoinsLoopMaxMs)} ms)`,
      join.tenJoinsLoopP99Ms < 50,
    );
  }
  if (typing) row("typing in the browser p95 < 16 ms", `${fmt(typing.latency.p95)} ms`, typing.latency.p95 < 16);
  if (rows.length === 0) return [];
  return ["## Targets", "", "| target | this run | |", "|---|---|---|", ...rows, ""];
}
