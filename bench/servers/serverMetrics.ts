import { monitorEventLoopDelay } from "node:perf_hooks";
import { WebSocket } from "ws";
import type { ServerMetrics, ServerRequest } from "./protocol.ts";

/**
 * Counts every websocket frame the server sends, and its bytes: the same
 * wrapper in both servers, so extra traffic (progress, rosters) shows as
 * frames per delivered update.
 */
const sent = { frames: 0, bytes: 0 };
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (this: WebSocket, data: unknown, ...rest: unknown[]) {
  sent.frames += 1;
  sent.bytes += (data as { byteLength?: number }).byteLength ?? 0;
  return (send as (...args: unknown[]) => void).call(this, data, ...rest);
} as typeof send;

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
        framesSent: sent.frames,
        bytesSent: sent.bytes,
      };
      process.send?.(metrics);
    }
  });
}
