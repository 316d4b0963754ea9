import type { TypingResult } from "./browserTyping.ts";
import type { ServerKind } from "./childServer.ts";
import type { IdleResult } from "./idleDocuments.ts";
import type { JoinCost, JoinResult, RawCosts } from "./join.ts";
import type { LoadConfig, LoadResult } from "./load.ts";
import type { StormResult } from "./reauthStorm.ts";
import type { RestartResult } from "./restart.ts";
import type { SlowReaderResult } from "./slowReader.ts";
import type { SoakResult } from "./soak.ts";
import { fmt, fmtSpread, type Spread, spread } from "./stats.ts";

export type Matrix = { config: LoadConfig; kinds: ServerKind[]; runs: (LoadResult & { repeat: number })[] }[];

export interface ReportData {
  machine: string;
  date: string;
  repeats: number;
  durationMs: number;
  totalSeconds: number;
  quick: boolean;
  load: Matrix;
  raw: RawCosts | null;
  joins: JoinResult[];
  typing: TypingResult | null;
  idle: IdleResult[];
  restart: RestartResult | null;
  storm: StormResult | null;
  slow: SlowReaderResult[];
  soak: SoakResult | null;
  /** Parts that could not run to the end, with why. */
  errors: string[];
}

const TARGET_RATIO = 1.1;
const HALL_P99_MS = 100;

/** Per repeat, figure(plenary-ish) / figure(bare); NaN where either run failed. */
function ratios(
  runs: (LoadResult & { repeat: number })[],
  kind: ServerKind,
  base: ServerKind,
  figure: (r: LoadResult) => number,
): number[] {
  const out: number[] = [];
  for (const run of runs.filter((r) => r.kind === kind)) {
    const other = runs.find((r) => r.kind === base && r.repeat === run.repeat);
    out.push(!other || run.failure || other.failure ? Number.NaN : figure(run) / figure(other));
  }
  return out;
}

const okRuns = (runs: LoadResult[], kind: ServerKind) => runs.filter((r) => r.kind === kind && !r.failure);
const of = (runs: LoadResult[], f: (r: LoadResult) => number) => spread(runs.map(f));

export function render(data: ReportData): string {
  const lines: string[] = [];
  const add = (...more: string[]) => lines.push(...more);
  add(
    "# Benchmarks",
    "",
    `Measured ${data.date} UTC with \`npm run bench\`${data.quick ? " (BENCH_QUICK: small and short, not for publication)" : ""} on ${data.machine}; the whole run took ${(data.totalSeconds / 60).toFixed(1)} minutes.`,
    "",
    "## Method",
    "",
    `Both servers run in their own child process and are entered the same way: a Node HTTP server whose \`ws\` sockets are handed to Hocuspocus' \`handleConnection\`. Plenary runs as in production (authentication against its sessions, the durable SQLite log with group commit, permission checks, presence rules, output-buffer and frame guards). The baseline is the same Hocuspocus version with the least that does the same work: readers' connections are read-only and their presence is dropped, as Plenary does; documents stay in memory. Simulated clients are spread over several load processes; each holds one websocket opening its draft and every section, like the browser, and, like Plenary's client, addresses each document with a session of its own (\`name\\0session\`), so that no server can encode one message for all receivers of a document. Writers are Hocuspocus providers typing 5 characters a second for ${data.durationMs / 1000} s (with presence on they move their caret with every key); readers speak the protocol without a Y.Doc and, like providers, announce their presence and renew it every 15 s (empty with presence off), which is what keeps an idle socket open. For each configuration every server gets its own process, its own load processes and its clients, all connected at once; each server first types for a second to warm up (not counted), then the servers take turns, ${data.repeats} typing rounds each, alternating (bare, plenary, plenary, bare, …), the others connected but not typing meanwhile; each figure is given as the median run with the range over runs in brackets, and each ratio is taken between the two servers' runs of the same round. Every receiver accounts for every keystroke typed in a document it has open: a round with an update still missing once nothing has arrived for 10 s (or a minute after the last keystroke), or a connection that failed or dropped, is reported as failed and not summarised. Latency is keystroke to receipt at each other client (one machine, one clock). Frames are every websocket frame the server sent (updates, presence, progress, rosters, sync replies), counted by the same wrapper in both servers. Server CPU is the server process' own (\`process.cpuUsage\`) from the first keystroke until every update was delivered, divided by the updates delivered; memory per connection is (peak RSS − RSS before any client) / clients. A target is met only when the worst run meets it.`,
    "",
  );

  if (data.load.length > 0) {
    add(
      "## Fan-out: latency, CPU and memory",
      "",
      "| configuration | server | runs ok | delivered / expected (sum) | p50 ms | p95 ms | p99 ms | max ms | CPU µs per delivered update | frames sent per delivered update | peak RSS MB | RSS before clients MB | KB per connection | harness CPU s | slowest writer chars/s |",
      "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    );
    for (const { config, kinds, runs } of data.load) {
      for (const kind of kinds) {
        const all = runs.filter((r) => r.kind === kind);
        const ok = okRuns(runs, kind);
        const cells = [
          config.name,
          kind,
          `${ok.length} of ${all.length}`,
          `${all.reduce((sum, r) => sum + r.delivered, 0)} / ${all.reduce((sum, r) => sum + r.expected, 0)}`,
          fmtSpread(of(ok, (r) => r.latency.p50)),
          fmtSpread(of(ok, (r) => r.latency.p95)),
          fmtSpread(of(ok, (r) => r.latency.p99)),
          fmtSpread(of(ok, (r) => r.latency.max)),
          fmtSpread(
            of(ok, (r) => r.cpuPerUpdateUs),
            0,
          ),
          fmtSpread(
            of(ok, (r) => r.framesPerUpdate),
            2,
          ),
          fmtSpread(
            of(ok, (r) => r.peakRssMb),
            0,
          ),
          fmtSpread(
            of(ok, (r) => r.idleRssMb),
            0,
          ),
          fmtSpread(
            of(ok, (r) => r.rssPerConnectionKb),
            0,
          ),
          fmtSpread(of(ok, (r) => r.harnessCpuSeconds)),
          fmtSpread(
            of(ok, (r) => r.minWriterRate),
            2,
          ),
        ];
        add(`| ${cells.join(" | ")} |`);
      }
    }
    const failed = data.load.flatMap(({ config, runs }) =>
      runs
        .filter((r) => r.failure)
        .map((r) => `- ${config.name}, ${r.kind}, run ${r.repeat + 1}: **failed**, ${r.failure}.`),
    );
    add(
      "",
      failed.length > 0
        ? "Failed runs (left out of the figures above):"
        : "No run failed: every update reached every receiver, and no connection failed or dropped.",
      ...failed,
      "",
    );
    add(
      "Ratios to bare, per round (median and range over rounds; the last column is the worst round):",
      "",
      "| configuration | server | p50 | p99 | CPU per delivered update | KB per connection | worst of p50 and CPU |",
      "|---|---|---|---|---|---|---|",
    );
    for (const { config, kinds, runs } of data.load.filter((m) => m.kinds.includes("bare"))) {
      for (const kind of kinds.filter((k) => k !== "bare")) {
        const p50 = ratios(runs, kind, "bare", (r) => r.latency.p50);
        const cpu = ratios(runs, kind, "bare", (r) => r.cpuPerUpdateUs);
        const worst = Math.max(...p50, ...cpu);
        add(
          `| ${config.name} | ${kind} | ${fmtSpread(spread(p50), 2)} | ${fmtSpread(spread(ratios(runs, kind, "bare", (r) => r.latency.p99)), 2)} | ${fmtSpread(spread(cpu), 2)} | ${fmtSpread(spread(ratios(runs, kind, "bare", (r) => r.rssPerConnectionKb)), 2)} | ${fmt(worst, 2)} |`,
        );
      }
    }
    const several = data.load.find((m) => m.kinds.includes("two-servers") && m.kinds.includes("plenary-pg"));
    if (several) {
      const { runs } = several;
      const p50 = ratios(runs, "two-servers", "plenary-pg", (r) => r.latency.p50);
      const p99 = ratios(runs, "two-servers", "plenary-pg", (r) => r.latency.p99);
      const cpu = ratios(runs, "two-servers", "plenary-pg", (r) => r.cpuPerUpdateUs);
      const extra = runs
        .filter((r) => r.kind === "two-servers")
        .map((r) => {
          const one = runs.find((o) => o.kind === "plenary-pg" && o.repeat === r.repeat);
          return !one || r.failure || one.failure ? Number.NaN : r.cpuPerUpdateUs - one.cpuPerUpdateUs;
        });
      add(
        "",
        `Several servers (${several.config.name}): two Plenary processes on one PostgreSQL database and one Redis, the clients alternating between them (the writers of a draft on both), against one process on the same PostgreSQL. CPU is both processes' together.`,
        "",
        "| two servers / one server | p50 | p99 | CPU per delivered update | Redis and the second server's CPU per delivered update, µs |",
        "|---|---|---|---|---|",
        `| median (range) | ${fmtSpread(spread(p50), 2)} | ${fmtSpread(spread(p99), 2)} | ${fmtSpread(spread(cpu), 2)} | ${fmtSpread(spread(extra), 0)} |`,
        "",
      );
    }
    add("", "![Fan-out latency percentiles per configuration](benchmarks-latency.svg)", "");
  }

  if (data.raw && data.joins.length > 0) {
    const raw = data.raw;
    add(
      "## Joining a 1 MB section",
      "",
      `The section holds ${raw.textChars.toLocaleString("en")} characters typed as about 60,000 edits with corrections (Yjs state ${(raw.stateBytes / 1_048_576).toFixed(2)} MB; decoding it takes ${fmt(raw.decodeMs)} ms in this process, which no figure below includes). The joining client authenticates and asks for the state at once and does not decode what it gets, so the times are the server's and the wire's. Cold: the first join after the server started, which loads the section (Plenary from its SQLite snapshot, bare from a file through \`onLoadDocument\`). Warm: the section is loaded (median of 3). While typing: 10 writers type in the section, 5 characters a second each, and 3 people join (median).`,
      "",
      "| server | join | first byte ms | whole state ms | server CPU ms | event loop blocked, max ms |",
      "|---|---|---|---|---|---|",
    );
    for (const kind of ["bare", "plenary"] as const) {
      const runs = data.joins.filter((j) => j.kind === kind);
      for (const [label, pick] of [
        ["cold", (j: JoinResult) => j.cold],
        ["warm", (j: JoinResult) => j.warm],
        ["while 10 type", (j: JoinResult) => j.underLoad],
      ] as const) {
        const f = (g: (c: JoinCost) => number) => fmtSpread(spread(runs.map((j) => g(pick(j)))));
        add(
          `| ${kind} | ${label} | ${f((c) => c.firstByteMs)} | ${f((c) => c.stateMs)} | ${f((c) => c.serverCpuMs)} | ${f((c) => c.loopMaxMs)} |`,
        );
      }
    }
    add(
      "",
      "The 10 writers' own fan-out while those joins happened:",
      "",
      "| server | p50 ms | p99 ms | max ms | missing |",
      "|---|---|---|---|---|",
    );
    for (const kind of ["bare", "plenary"] as const) {
      const runs = data.joins.filter((j) => j.kind === kind);
      add(
        `| ${kind} | ${fmtSpread(spread(runs.map((j) => j.writersLatency.p50)))} | ${fmtSpread(spread(runs.map((j) => j.writersLatency.p99)))} | ${fmtSpread(spread(runs.map((j) => j.writersLatency.max)))} | ${runs.reduce((s, j) => s + j.writersMissing, 0)} |`,
      );
    }
    add("");
  }

  if (data.typing) {
    const t = data.typing;
    const show = (v: number) => (v < 16 ? "< 16" : fmt(v));
    add(
      "## Typing in the browser",
      "",
      `Chromium (headless, playwright-core), a draft of ${t.sections} sections × ${t.wordsPerSection.toLocaleString("en")} words, ${t.otherWriters} other writers typing 5 characters a second in other sections; ${t.keystrokes} key presses, 20–60 ms apart. Each key press is measured by the browser's Event Timing API (\`PerformanceEventTiming.duration\`, what INP is built on): from the key press to the next paint after its handlers, the longest event of the interaction. Chromium reports only events of 16 ms or more; ${t.over16} of ${t.keystrokes} key presses took that long${t.over16 < t.keystrokes ? ", the rest less" : ""} (the browser counted ${t.interactions} interactions).`,
      "",
      "| p50 ms | p95 ms | p99 ms | max ms |",
      "|---|---|---|---|",
      `| ${show(t.latency.p50)} | ${show(t.latency.p95)} | ${show(t.latency.p99)} | ${show(t.latency.max)} |`,
      "",
    );
  }

  if (data.soak) {
    const s = data.soak;
    const first = s.samples[0];
    const last = s.samples[s.samples.length - 1];
    const peak = (f: (x: (typeof s.samples)[number]) => number) => Math.max(...s.samples.map(f));
    add(
      "## Soak",
      "",
      `Plenary at ${s.config.clients} clients / ${s.config.drafts} drafts, presence on, writers typing for ${(s.config.durationMs / 60_000).toFixed(1)} minutes with compaction running as in production (Hocuspocus' store hook, debounced 5 s, at most every 30 s per document). Sampled ${s.samples.length} times.`,
      "",
      "| | start | end | peak |",
      "|---|---|---|---|",
      `| server RSS MB | ${fmt(first?.rssMb ?? Number.NaN, 0)} | ${fmt(last?.rssMb ?? Number.NaN, 0)} | ${fmt(
        peak((x) => x.rssMb),
        0,
      )} |`,
      `| heap used MB | ${fmt(first?.heapMb ?? Number.NaN, 0)} | ${fmt(last?.heapMb ?? Number.NaN, 0)} | ${fmt(
        peak((x) => x.heapMb),
        0,
      )} |`,
      `| updates in the log | ${first?.logRows ?? "n/a"} | ${last?.logRows ?? "n/a"} | ${peak((x) => x.logRows)} |`,
      `| snapshots KB | ${fmt(first?.snapshotKb ?? Number.NaN, 0)} | ${fmt(last?.snapshotKb ?? Number.NaN, 0)} | ${fmt(
        peak((x) => x.snapshotKb),
        0,
      )} |`,
      `| database + WAL MB | ${fmt(first?.databaseMb ?? Number.NaN)} | ${fmt(last?.databaseMb ?? Number.NaN)} | ${fmt(peak((x) => x.databaseMb))} |`,
      "",
      s.missing > 0 || s.connectFailures > 0 || s.dropped > 0
        ? `**Failed**: ${s.missing} updates missing, ${s.connectFailures} connections failed, ${s.dropped} dropped.`
        : `Every update delivered (${s.sent} keystrokes, ${s.delivered} deliveries): fan-out p50 ${fmt(s.latency.p50)} ms, p99 ${fmt(s.latency.p99)} ms, max ${fmt(s.latency.max)} ms; server CPU ${fmt(s.serverCpuSeconds)} s.`,
      "",
      "![Soak: RSS, log rows and snapshot size over time](benchmarks-soak.svg)",
      "",
    );
  }

  if (data.idle.length > 0) {
    add(
      "## Many idle documents",
      "",
      `${data.idle[0]?.documents.toLocaleString("en")} section documents opened by ${data.idle[0]?.sockets} sockets (50 each), nobody typing; memory per document = (RSS 2 s after all synced − RSS before) / documents.`,
      "",
      "| server | failed joins | RSS before MB | RSS open MB | KB per document |",
      "|---|---|---|---|---|",
    );
    for (const kind of ["bare", "plenary"] as const) {
      const runs = data.idle.filter((r) => r.kind === kind);
      add(
        `| ${kind} | ${runs.reduce((s, r) => s + r.failures, 0)} | ${fmtSpread(spread(runs.map((r) => r.idleRssMb)), 0)} | ${fmtSpread(spread(runs.map((r) => r.openRssMb)), 0)} | ${fmtSpread(spread(runs.map((r) => r.kbPerDocument)))} |`,
      );
    }
    add("");
  }

  if (data.restart) {
    const r = data.restart;
    add(
      "## Restart under load",
      "",
      `${r.clients} readers on ${r.documents} documents, presence on, each reconnecting on its own with the provider's backoff (at once, then 1 s doubling, with jitter). Plenary is stopped (it closes every socket with "server restarting") and a new process started on the same port and data.`,
      "",
      "| failed connections | down ms | new server listening → all synced again ms | everyone back | new server CPU s | its peak RSS MB | its event loop blocked, max ms |",
      "|---|---|---|---|---|---|---|",
      `| ${r.connectFailures} | ${fmt(r.downMs, 0)} | ${fmt(r.resyncMs, 0)} | ${r.stragglers ? "**no** (some not within 2 min)" : "yes"} | ${fmt(r.serverCpuSeconds, 2)} | ${fmt(r.peakRssMb, 0)} | ${fmt(r.loopMaxMs)} |`,
      "",
    );
  }

  if (data.storm) {
    const { config, accounts, connectionsPerAccount, rounds } = data.storm;
    const seconds = config.durationMs / 1000;
    add(
      "## Reauthorisation storm",
      "",
      `Plenary at ${config.clients} clients on ${config.drafts} drafts, presence off, the writers typing as above. In a storm round a lead flips each of the ${accounts} reader accounts between member and observer through the API for the whole round, one request at a time per account, all accounts at once; every change re-checks every open connection of the account (${fmt(connectionsPerAccount, 0)} each: its sessions × the documents they have open). Quiet rounds, the same without the API calls, alternate with storm rounds on the same server and clients.`,
      "",
      "| round | runs ok | role changes / s | connections re-checked / s | API p50 ms | API max ms | refused | fan-out p50 ms | p99 ms | max ms | CPU µs per delivered update | event loop blocked, max ms |",
      "|---|---|---|---|---|---|---|---|---|---|---|---|",
    );
    for (const storm of [false, true]) {
      const mine = rounds.filter((r) => r.storm === storm);
      const ok = mine.filter((r) => !r.result.failure);
      const of = (f: (r: (typeof rounds)[number]) => number, digits = 1) => fmtSpread(spread(ok.map(f)), digits);
      add(
        `| ${storm ? "storm" : "quiet"} | ${ok.length} of ${mine.length} | ${of((r) => r.changes / seconds, 0)} | ${of((r) => r.connectionsRechecked / seconds, 0)} | ${storm ? of((r) => r.api?.p50 ?? Number.NaN) : "–"} | ${storm ? of((r) => r.api?.max ?? Number.NaN) : "–"} | ${mine.reduce((n, r) => n + r.refused, 0)} | ${of((r) => r.result.latency.p50)} | ${of((r) => r.result.latency.p99)} | ${of((r) => r.result.latency.max)} | ${of((r) => r.result.cpuPerUpdateUs, 0)} | ${of((r) => r.loopMaxMs)} |`,
      );
    }
    const failed = rounds.filter((r) => r.result.failure);
    add(
      "",
      failed.length === 0
        ? "No round failed: every update reached every receiver, and no connection dropped, storm or not."
        : `Failed rounds: ${failed.map((r) => `${r.storm ? "storm" : "quiet"}: ${r.result.failure}`).join("; ")}.`,
      "",
    );
  }

  if (data.slow.length > 0) {
    add(
      "## A reader that never reads",
      "",
      `A reader joins a section of 1.45 MB (the one joined above), stops reading its socket, and asks for the whole state ${data.slow[0]?.requests ?? 0} times, twice a second (within Plenary's limit of sync requests); then a second reader joins the same section. Plenary closes a connection with more than 8 MB waiting to be sent (\`MAX_OUTPUT_BUFFER_BYTES\`). RSS sampled every 250 ms.`,
      "",
      "| server | asked to send MB | RSS before MB | peak RSS MB | slow reader closed by the server | the other reader served |",
      "|---|---|---|---|---|---|",
    );
    for (const r of data.slow) {
      add(
        `| ${r.kind} | ${fmt(r.askedMb, 0)} | ${fmt(r.rssBeforeMb, 0)} | ${fmt(r.rssPeakMb, 0)} | ${r.closed ? "yes" : "no"} | ${r.othersServed ? "yes" : "**no**"} |`,
      );
    }
    add("");
  }

  if (data.errors.length > 0) {
    add("## Parts that did not complete", "", ...data.errors.map((e) => `- ${e}`), "");
  }
  add(...targets(data));
  add(
    "Where Plenary's time goes, from a CPU profile of both servers: [benchmarks-profile.md](benchmarks-profile.md).",
    "",
  );
  add(
    "## What this does not show",
    "",
    "- One machine: the load processes share the server's two cores, and latency includes their scheduling; a loopback network has no latency, loss or bandwidth limit. Absolute milliseconds are this machine's; the ratios and the CPU per update are what carry over.",
    "- Simulated clients: readers do not decode documents, writers type one character at a time in their own paragraph; real editing (formatting, pastes, undo, many writers in one paragraph) and real browsers' reconnect timing are not here.",
    "- The baseline does no authentication, storage or permission checks: the ratios are the whole price of those, not of Hocuspocus itself.",
    `- ${data.repeats} rounds per configuration: enough to see the noise, not to put a confidence interval on it; the range is the honest measure.`,
    "- The soak is one run, and ten minutes is not a week: slow leaks below the sampling noise would not show.",
    "- PostgreSQL and several servers only at 200 / 10 with presence off, on one machine (the database, Redis and both servers share its two cores); very large documents under load, and clients on slow or lossy links, are not measured.",
    "- The reauthorisation storm changes roles only, on one server and SQLite: pens given and taken, removals and sign-outs re-check connections by the same path but were not stormed, nor on several servers.",
    "- The machine changes between runs of this benchmark (this report names the one it ran on): a figure from another report is not comparable with one from this one, only ratios taken in the same run are.",
    "",
  );
  return lines.join("\n");
}

function targets(data: ReportData): string[] {
  const rows: string[] = [];
  const row = (target: string, measured: string, met: boolean) =>
    rows.push(`| ${target} | ${measured} | ${met ? "met" : "**missed**"} |`);
  const worst = (values: number[]) => (values.some((v) => !Number.isFinite(v)) ? Number.NaN : Math.max(...values));
  const show = (values: number[]) => {
    const s: Spread = spread(values);
    const failed = values.filter((v) => !Number.isFinite(v)).length;
    return `worst ${fmt(worst(values), 2)} × (rounds: ${values.map((v) => fmt(v, 2)).join(", ")})${failed > 0 ? `; ${failed} round(s) failed` : ""}${Number.isFinite(s.median) ? "" : ""}`;
  };
  for (const { config, runs } of data.load.filter((m) => m.kinds.includes("bare") && m.kinds.includes("plenary"))) {
    const p50 = ratios(runs, "plenary", "bare", (r) => r.latency.p50);
    const cpu = ratios(runs, "plenary", "bare", (r) => r.cpuPerUpdateUs);
    const memory = ratios(runs, "plenary", "bare", (r) => r.rssPerConnectionKb);
    row(`${config.name}: p50 latency ≤ ${TARGET_RATIO} × bare`, show(p50), worst(p50) <= TARGET_RATIO);
    row(
      `${config.name}: server CPU per delivered update ≤ ${TARGET_RATIO} × bare`,
      show(cpu),
      worst(cpu) <= TARGET_RATIO,
    );
    row(`${config.name}: memory per connection ≤ ${TARGET_RATIO} × bare`, show(memory), worst(memory) <= TARGET_RATIO);
  }
  for (const { config, runs } of data.load.filter((m) => m.config.name.startsWith("hall"))) {
    const mine = runs.filter((r) => r.kind === "plenary");
    const values = mine.map((r) => (r.failure ? Number.NaN : r.latency.p99));
    row(
      `${config.name}: p99 < ${HALL_P99_MS} ms with every update delivered`,
      `${mine.map((r) => (r.failure ? `failed (${r.failure})` : `${fmt(r.latency.p99)} ms`)).join(", ")} (bare: ${runs
        .filter((r) => r.kind === "bare")
        .map((r) => (r.failure ? "failed" : `${fmt(r.latency.p99)} ms`))
        .join(", ")})`,
      worst(values) < HALL_P99_MS,
    );
  }
  const fixed = data.load.flatMap(({ runs }) =>
    runs
      .filter((r) => r.kind === "plenary")
      .map((r) => {
        const bare = runs.find((b) => b.kind === "bare" && b.repeat === r.repeat);
        return bare ? r.idleRssMb - bare.idleRssMb : Number.NaN;
      }),
  );
  if (fixed.length > 0) {
    rows.push(
      `| fixed memory overhead (RSS before any client, Plenary − bare) | ${fmtSpread(spread(fixed), 0)} MB | stated |`,
    );
  }
  if (rows.length === 0) return [];
  return ["## Targets", "", "| target | measured (worst run decides) | |", "|---|---|---|", ...rows, ""];
}
