import type { LoadResult } from "./load.ts";

/** A grouped bar chart (SVG) of fan-out latency percentiles per configuration, Plenary beside bare Hocuspocus. */
export function latencyPlot(results: LoadResult[]): string {
  const configs = [...new Set(results.map((r) => r.config.name))];
  const series = [
    { key: "p50", label: "p50" },
    { key: "p95", label: "p95" },
    { key: "p99", label: "p99" },
  ] as const;
  const kinds = ["bare", "plenary"] as const;
  const colors = { bare: ["#9fb7d8", "#6f93c4", "#3f6fb0"], plenary: ["#f2b38a", "#e8864a", "#c8601f"] };
  const max = Math.max(1, ...results.flatMap((r) => series.map((s) => r.latency[s.key])));
  const width = 880;
  const height = 360;
  const left = 60;
  const bottom = 60;
  const top = 30;
  const plotHeight = height - top - bottom;
  const groupWidth = (width - left - 20) / configs.length;
  const barWidth = groupWidth / (kinds.length * series.length + 2);
  const y = (value: number) => top + plotHeight - (value / max) * plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${left}" y="18" font-size="14">Fan-out latency (ms): bare Hocuspocus (blue) vs Plenary (orange); bars p50, p95, p99</text>`,
  ];
  for (let tick = 0; tick <= 4; tick++) {
    const value = (max * tick) / 4;
    parts.push(
      `<line x1="${left}" x2="${width - 10}" y1="${y(value)}" y2="${y(value)}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${y(value) + 4}" text-anchor="end">${value.toFixed(0)}</text>`,
    );
  }
  configs.forEach((config, c) => {
    const x0 = left + c * groupWidth + barWidth;
    kinds.forEach((kind, k) => {
      const result = results.find((r) => r.config.name === config && r.kind === kind);
      if (!result) return;
      series.forEach((s, i) => {
        const value = result.latency[s.key];
        const x = x0 + (k * series.length + i) * barWidth;
        parts.push(
          `<rect x="${x.toFixed(1)}" y="${y(value).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${(top + plotHeight - y(value)).toFixed(1)}" fill="${colors[kind][i]}"><title>${kind} ${s.label} ${value.toFixed(1)} ms</title></rect>`,
        );
      });
    });
    parts.push(
      `<text x="${(x0 + (kinds.length * series.length * barWidth) / 2).toFixed(1)}" y="${height - bottom + 18}" text-anchor="middle">${config}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("\n");
}
