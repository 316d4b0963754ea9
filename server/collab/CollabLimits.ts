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
}

export const DEFAULT_LIMITS: CollabLimits = {
  maxFrameBytes: 16 * 1024 * 1024,
  maxDocumentBytes: 64 * 1024 * 1024,
  maxAwarenessBytes: 16 * 1024,
  maxDocumentsPerSocket: 500,
  maxConnectionsPerUser: 50,
};
