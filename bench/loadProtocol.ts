/** Messages between the coordinator and the load-generating worker processes. */
export interface ClientSpec {
  token: string;
  docs: string[];
  /** The section document this client types into, or null for a reader. */
  writes: string | null;
}

export type WorkerRequest =
  | { type: "connect"; wsUrl: string; clients: ClientSpec[]; presence: boolean }
  | { type: "type"; durationMs: number; intervalMs: number }
  | { type: "latencies"; sends: number[] }
  | { type: "close" };

export type WorkerReply =
  | { type: "connected"; ms: number; failures: number }
  | {
      type: "typed";
      /** Flat triples: client id, clock, send time. */
      sends: number[];
      /** Characters per second each writer achieved. */
      keystrokes: number[];
    }
  | { type: "latencies"; values: number[]; missing: number; cpuSeconds: number }
  | { type: "closed" };
