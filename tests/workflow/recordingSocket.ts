import type { HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { openSocket } from "../helpers/collabClient.ts";

export interface RecordingSocket {
  socket: HocuspocusProviderWebsocket;
  /** Close codes the server sent, in order. */
  closeCodes: number[];
  /** Milliseconds since the epoch of the first close, or null while open. */
  firstClosedAt(): number | null;
}

/**
 * A provider websocket (closed when the test ends, never reconnecting) that
 * records how the server closes it, so a test can assert the code and how
 * quickly it came.
 */
export function openRecordingSocket(wsUrl: string): RecordingSocket {
  const socket = openSocket(wsUrl);
  const closeCodes: number[] = [];
  let closedAt: number | null = null;
  socket.on("close", ({ event }: { event: { code: number } }) => {
    closedAt ??= Date.now();
    closeCodes.push(event.code);
  });
  return { socket, closeCodes, firstClosedAt: () => closedAt };
}
