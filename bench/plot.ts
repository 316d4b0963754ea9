import type { Spread } from "./stats.ts";

/** Small SVG charts written by the benchmark itself (no plotting dependency). */

export interface LatencyBar {
  group: string;
  kind: string;
  p50: Spread;
  p95: Spread;
  p99: Spread;
}

const COLORS: Record<string, string[]> = {
  bare: ["#9fb7d8", "#6f93c4", "#3f6fb0"],
  plenary: ["#f2b38a", "#e8864a", "#c8601f"],
  "plenary-power": ["#b9dfa8", "#7fbf63", "#4a8f2e"],
  "plenary-pg": ["#d3b8e6", "#a97fcf", "#7a4fa8"],
  "two-servers": ["#ead38f", "#d4b048", "#a3821c"],
};

const xmlText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/** Grouped bars of p50/p95/p99 per configuration and server: the median run, a whisker for the range over runs. */
export function latencyPlot(bars: LatencyBar[]): string {
  const groups = [...new Set(bars.map((b) => b.group))];
  const kinds = [...new Set(bars.map((b) => b.kind))];
  const keys = ["p50", "p95", "p99"] as const;
  const max = Math.max(1, ...bars.flatMap((b) => keys.map((k) => b[k].max).filter(Number.isFinite)));
  const width = Math.max(760, 120 + groups.length * 150);
  const height = 380;
  const left = 60;
  const bottom = 80;
  const top = 40;
  const plotHeight = height - top - bottom;
  const groupWidth = (width - left - 20) / groups.length;
  const barWidth = groupWidth / (kinds.length * keys.length + 2);
  const y = (value: number) => top + plotHeight - (Math.min(value, max) / max) * plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${left}" y="18" font-size="13">Fan-out latency, ms: bars p50, p95, p99 of the median run; whiskers the range over runs</text>`,
    `<text x="${left}" y="33" font-size="11">${kinds.map((k) => `<tspan fill="${COLORS[k]?.[2] ?? "#333"}">■ ${xmlText(k)}</tspan>`).join("  ")}</text>`,
  ];
  for (let tick = 0; tick <= 4; tick++) {
    const value = (max * tick) / 4;
    parts.push(
      `<line x1="${left}" x2="${width - 10}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end">${value.toFixed(0)}</text>`,
    );
  }
  groups.forEach((group, g) => {
    const x0 = left + g * groupWidth + barWidth;
    kinds.forEach((kind, k) => {
      const bar = bars.find((b) => b.group === group && b.kind === kind);
      if (!bar) return;
      keys.forEach((key, i) => {
        const s = bar[key];
        if (!Number.isFinite(s.median)) return;
        const x = x0 + (k * keys.length + i) * barWidth;
        const cx = x + (barWidth - 2) / 2;
        parts.push(
          `<rect x="${x.toFixed(1)}" y="${y(s.median).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${(top + plotHeight - y(s.median)).toFixed(1)}" fill="${COLORS[kind]?.[i] ?? "#999"}"><title>${xmlText(kind)} ${key} ${s.median.toFixed(1)} ms (${s.min.toFixed(1)}–${s.max.toFixed(1)})</title></rect>`,
          `<line x1="${cx.toFixed(1)}" x2="${cx.toFixed(1)}" y1="${y(s.min).toFixed(1)}" y2="${y(s.max).toFixed(1)}" stroke="#222"/>`,
        );
      });
    });
    const words = group.split(", ");
    words.forEach((line, l) => {
      parts.push(
        `<text x="${(x0 + (kinds.length * keys.length * barWidth) / 2).toFixed(1)}" y="${height - bottom + 16 + l * 13}" text-anchor="middle">${xmlText(line)}</text>`,
      );
    });
  });
  parts.push("</svg>");
  return parts.join("\n");
}

export interface Series {
  label: string;
  unit: string;
  points: { x: number; y: number }[];
}

/** Stacked line charts sharing one time axis (seconds). */
export function timePlot(title: string, series: Series[]): string {
  const width = 760;
  const panel = 150;
  const left = 70;
  const top = 30;
  const height = top + series.length * (panel + 30) + 20;
  const xMax = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.x)));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${left}" y="18" font-size="13">${xmlText(title)}</text>`,
  ];
  series.forEach((s, i) => {
    const y0 = top + i * (panel + 30) + 10;
    const yMax = Math.max(1e-9, ...s.points.map((p) => p.y)) * 1.1;
    const px = (x: number) => left + (x / xMax) * (width - left - 20);
    const py = (y: number) => y0 + panel - (y / yMax) * panel;
    parts.push(
      `<text x="${left}" y="${y0 - 2}">${xmlText(s.label)} (${xmlText(s.unit)})</text>`,
      `<line x1="${left}" x2="${width - 20}" y1="${y0 + panel}" y2="${y0 + panel}" stroke="#999"/>`,
      `<line x1="${left}" x2="${left}" y1="${y0}" y2="${y0 + panel}" stroke="#999"/>`,
      `<text x="${left - 6}" y="${y0 + 8}" text-anchor="end">${yMax.toFixed(yMax < 10 ? 1 : 0)}</text>`,
      `<text x="${left - 6}" y="${y0 + panel}" text-anchor="end">0</text>`,
      `<text x="${width - 20}" y="${y0 + panel + 14}" text-anchor="end">${xMax.toFixed(0)} s</text>`,
      `<polyline fill="none" stroke="#c8601f" stroke-width="1.5" points="${s.points.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(" ")}"/>`,
    );
  });
  parts.push("</svg>");
  return parts.join("\n");
}
