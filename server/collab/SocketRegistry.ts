import type { WebSocket } from "ws";

/** One websocket: who it belongs to (once it authenticated a document) and how many documents it holds. */
export interface SocketEntry {
  ws: WebSocket;
  userId: string | null;
  documents: number;
}

/** Tracks open websockets per user, for the per-user connection limit. */
export class SocketRegistry {
  private readonly byUser = new Map<string, Set<SocketEntry>>();

  open(ws: WebSocket): SocketEntry {
    const entry: SocketEntry = { ws, userId: null, documents: 0 };
    ws.once("close", () => this.release(entry));
    return entry;
  }

  /** Binds the socket to a user; false if that would exceed `limit` sockets for them. */
  bind(entry: SocketEntry, userId: string, limit: number): boolean {
    if (entry.userId === userId) return true;
    const sockets = this.byUser.get(userId) ?? new Set<SocketEntry>();
    if (sockets.size >= limit) return false;
    sockets.add(entry);
    this.byUser.set(userId, sockets);
    entry.userId = userId;
    return true;
  }

  socketsOf(userId: string): number {
    return this.byUser.get(userId)?.size ?? 0;
  }

  private release(entry: SocketEntry): void {
    if (!entry.userId) return;
    const sockets = this.byUser.get(entry.userId);
    sockets?.delete(entry);
    if (sockets?.size === 0) this.byUser.delete(entry.userId);
  }
}
