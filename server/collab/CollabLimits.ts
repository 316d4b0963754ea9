/** Limits that protect the server and other users from one connection; exceeding one closes that connection. */
export interface CollabLimits {
  /** Largest websocket frame accepted, in bytes. */
  maxFrameBytes: number;
  /** Largest stored size of one document (snapshot plus update log), in bytes. */
  maxDocumentBytes: number;
  /** Largest presence (awareness) message, in bytes. */
  maxAwarenessBytes: number;
  /** Documents one websocket may open. */
  maxDocumentsPerSocket: number;
  /** Websockets one user may hold open at once. */
  maxConnectionsPerUser: number;
  /** Websockets not yet authenticated, from one client address. */
  maxUnauthenticatedPerAddress: number;
  /** Websockets not yet authenticated, in total. */
  maxUnauthenticated: number;
  /** Bytes a websocket may send before it authenticates its first document (also the queue per pending document). */
  maxUnauthenticatedBytes: number;
  /** Bytes waiting to be sent to one websocket past which it is closed as too slow. */
  maxOutputBufferBytes: number;
  /** Sync requests (sync step 1) one document connection may make per minute, with bursts up to the same number. */
  syncRequestsPerMinute: number;
  /**
   * Milliseconds a socket may stay silent (or unauthenticated) before it is
   * closed. Providers renew their presence every 15 s, which is what keeps an
   * idle reader's socket open.
   */
  idleTimeoutMs: number;
}

export const DEFAULT_LIMITS: CollabLimits = {
  maxFrameBytes: 16 * 1024 * 1024,
  maxDocumentBytes: 64 * 1024 * 1024,
  maxAwarenessBytes: 16 * 1024,
  maxDocumentsPerSocket: 500,
  maxConnectionsPerUser: 50,
  maxUnauthenticatedPerAddress: 50,
  maxUnauthenticated: 500,
  maxUnauthenticatedBytes: 64 * 1024,
  maxOutputBufferBytes: 8 * 1024 * 1024,
  syncRequestsPerMinute: 60,
  idleTimeoutMs: 30_000,
};
