import type { Connection } from "@hocuspocus/server";

/**
 * Closes the whole websocket a connection rides on, with Plenary's close code:
 * the provider then reports why (and whether to retry) for every document on
 * it. Falls back to closing just this document if the socket is already gone.
 */
export function closeSocket(connection: Connection, close: { code: number; reason: string }): void {
  try {
    connection.webSocket.close(close.code, close.reason);
  } catch {
    connection.close(close);
  }
}
