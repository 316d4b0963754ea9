import type { Writable } from "node:stream";
import type { WebSocketLike } from "@hocuspocus/server";
import type { WebSocket } from "ws";
import { corkForTick } from "./tickCork.ts";

/**
 * The websocket as Hocuspocus sees it, with a bound on what may wait to be
 * sent. A client that stops reading (or asks for more than its line carries)
 * would otherwise make the server hold every message for it in memory. Once
 * more than `maxBytes` are waiting, nothing more is queued and `overflow` is
 * called (once) to close the socket. One message may take the buffer past the
 * bound, so a large document still reaches a client that keeps up. What is
 * sent in one tick leaves in one write (`corkForTick`).
 */
export class OutputBufferGuard implements WebSocketLike {
  private overflowed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly maxBytes: number,
    private readonly overflow: () => void,
    /** The connection under `ws`. */
    private readonly raw?: Writable,
  ) {}

  get readyState(): number {
    return this.ws.readyState;
  }

  send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    if (this.ws.bufferedAmount > this.maxBytes) {
      if (!this.overflowed) {
        this.overflowed = true;
        this.overflow();
      }
      return;
    }
    if (this.raw) corkForTick(this.raw);
    this.ws.send(data as Parameters<WebSocket["send"]>[0]);
  }

  close(code?: number, reason?: string): void {
    this.ws.close(code, reason);
  }
}
