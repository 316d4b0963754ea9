import type { WebSocketLike } from "@hocuspocus/server";
import type { WebSocket } from "ws";

/**
 * The websocket as Hocuspocus sees it, with a bound on what may wait to be
 * sent. A client that stops reading (or asks for more than its line carries)
 * would otherwise make the server hold every message for it in memory. Once
 * more than `maxBytes` are waiting, nothing more is queued and `overflow` is
 * called (once) to close the socket. One message may take the buffer past the
 * bound, so a large document still reaches a client that keeps up.
 */
export class OutputBufferGuard implements WebSocketLike {
  private overflowed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly maxBytes: number,
    private readonly overflow: () => void,
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
    this.ws.send(data as Parameters<WebSocket["send"]>[0]);
  }

  close(code?: number, reason?: string): void {
    this.ws.close(code, reason);
  }
}
