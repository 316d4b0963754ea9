import type { Connection } from "@hocuspocus/server";
import type { WebSocket } from "ws";

/** One websocket: where it comes from, who it belongs to (once it authenticated a document) and what it holds. */
export interface SocketEntry {
  ws: WebSocket;
  address: string;
  userId: string | null;
  documents: number;
  /** The connection each open document has on this socket (one per document). */
  connections: Map<string, Connection>;
}

export interface UnauthenticatedLimits {
  maxUnauthenticatedPerAddress: number;
  maxUnauthenticated: number;
}

/**
 * Tracks open websockets: per user, for the per-user connection limit, and
 * those not yet authenticated, per client address and in total, so that
 * people without an account can only hold a bounded number of them.
 */
export class SocketRegistry {
  private readonly byUser = new Map<string, Set<SocketEntry>>();
  private readonly unauthenticatedByAddress = new Map<string, number>();
  private unauthenticated = 0;

  constructor(private readonly limits: UnauthenticatedLimits) {}

  /** Registers a new socket; null if one more unauthenticated socket from `address` would exceed a limit. */
  open(ws: WebSocket, address: string): SocketEntry | null {
    const fromAddress = this.unauthenticatedByAddress.get(address) ?? 0;
    if (fromAddress >= this.limits.maxUnauthenticatedPerAddress) return null;
    if (this.unauthenticated >= this.limits.maxUnauthenticated) return null;
    this.unauthenticatedByAddress.set(address, fromAddress + 1);
    this.unauthenticated += 1;
    const entry: SocketEntry = { ws, address, userId: null, documents: 0, connections: new Map() };
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
    this.leaveUnauthenticated(entry.address);
    return true;
  }

  /** Sockets that have not authenticated any document yet. */
  get unauthenticatedCount(): number {
    return this.unauthenticated;
  }

  private release(entry: SocketEntry): void {
    if (!entry.userId) {
      this.leaveUnauthenticated(entry.address);
      return;
    }
    const sockets = this.byUser.get(entry.userId);
    sockets?.delete(entry);
    if (sockets?.size === 0) this.byUser.delete(entry.userId);
  }

  private leaveUnauthenticated(address: string): void {
    this.unauthenticated = Math.max(0, this.unauthenticated - 1);
    const left = (this.unauthenticatedByAddress.get(address) ?? 1) - 1;
    if (left <= 0) this.unauthenticatedByAddress.delete(address);
    else this.unauthenticatedByAddress.set(address, left);
  }
}
