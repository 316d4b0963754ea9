/** Messages between the coordinator and the load-generating worker processes. */
export interface ClientSpec {
  /** Unique across the run. */
  id: number;
  token: string;
  docs: string[];
  /** The section document this client types into, or null for a reader. */
  writes: string | null;
  /** The server this client connects to, when there are several. */
  wsUrl?: string;
}

/** One keystroke: the writer's Yjs client id and clock, when it was typed, and in which document. */
export interface Send {
  client: number;
  clock: number;
  at: number;
  doc: string;
}

/** What one worker's receivers got of the sends addressed to them. */
export interface Accounting {
  /** Updates each receiver should have got (one per receiver and keystroke in a document it has open). */
  expected: number;
  delivered: number;
  missing: number;
  /** Receivers missing at least one update. */
  receiversMissing: number;
  /** Keystroke to receipt, ms, one per delivered update. */
  latencies: Float64Array;
}

export type WorkerRequest =
  | {
      type: "connect";
      wsUrl: string;
      clients: ClientSpec[];
      presence: boolean;
      /** Readers reconnect on their own after the server goes away, like providers. */
      reconnect: boolean;
    }
  | { type: "type"; durationMs: number; intervalMs: number; charsPerKey: number }
  | { type: "account"; sends: Send[]; withLatencies: boolean }
  | { type: "resynced"; since: number }
  | { type: "close" };

export type WorkerReply =
  | { type: "connected"; ms: number; failures: number }
  | {
      type: "typed";
      sends: Send[];
      /** Characters per second each writer achieved. */
      rates: number[];
      /** Sockets closed by the server during the run. */
      dropped: number;
      /** Each one's close code and reason. */
      dropReasons: string[];
    }
  | ({ type: "account"; cpuSeconds: number } & Accounting)
  | { type: "resynced"; at: number }
  | { type: "closed" };
