/** Messages between the benchmark coordinator and the server child processes it starts. */
export type ServerRequest = { type: "metrics" } | { type: "resetLoop" } | { type: "stop" };

export interface ServerMetrics {
  type: "metrics";
  /** CPU seconds used by the server process so far (user + system). */
  cpuSeconds: number;
  rssBytes: number;
  /** Peak resident set size so far. */
  maxRssBytes: number;
  heapUsedBytes: number;
  /** Event-loop delay since the last reset, in ms. */
  loopP99Ms: number;
  loopMaxMs: number;
  /** Websocket frames and bytes sent so far. */
  framesSent: number;
  bytesSent: number;
}

export type ServerMessage = { type: "ready"; port: number } | ServerMetrics;
