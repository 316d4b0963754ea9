import { monitorEventLoopDelay } from "node:perf_hooks";
import type { ServerMetrics, ServerRequest } from "./protocol.ts";

/** Answers the coordinator's metric requests over IPC; `stop` runs the given shutdown. */
export function serveMetrics(stop: () => Promise<void>): void {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  process.on("message", (message: ServerRequest) => {
    if (message.type === "resetLoop") loop.reset();
    if (message.type === "stop") void stop().then(() => process.exit(0));
    if (message.type === "metrics") {
      const cpu = process.cpuUsage();
      const metrics: ServerMetrics = {
        type: "metrics",
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        rssBytes: process.memoryUsage().rss,
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
        heapUsedBytes: process.memoryUsage().heapUsed,
        loopP99Ms: loop.percentile(99) / 1e6,
        loopMaxMs: loop.max / 1e6,
      };
      process.send?.(metrics);
    }
  });
}
