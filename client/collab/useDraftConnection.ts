import {
  HocuspocusProviderWebsocket,
  type onCloseParameters,
  type onStatusParameters,
  WebSocketStatus,
} from "@hocuspocus/provider";
import { useEffect, useState } from "react";
import { ApiError, api } from "../api/apiClient.ts";
import { useSession } from "../session/SessionContext.tsx";
import { type CloseOutcome, describeClose } from "./closeMessages.ts";
import { collabUrl } from "./collabUrl.ts";

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline" | "stopped";

export interface DraftConnection {
  /** One socket per draft page; every document of the draft is multiplexed on it. */
  socket: HocuspocusProviderWebsocket | null;
  state: ConnectionState;
  /** Why the server last closed the connection, when the user should know. */
  notice: CloseOutcome | null;
}

export function useDraftConnection(draftId: string): DraftConnection {
  const { sessionEnded } = useSession();
  const [socket, setSocket] = useState<HocuspocusProviderWebsocket | null>(null);
  const [status, setStatus] = useState<WebSocketStatus>(WebSocketStatus.Connecting);
  const [everConnected, setEverConnected] = useState(false);
  const [online, setOnline] = useState(() => navigator.onLine);
  const [notice, setNotice] = useState<CloseOutcome | null>(null);

  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);

  useEffect(() => {
    const created = new HocuspocusProviderWebsocket({
      url: collabUrl(),
      // Back off for a server that is down, but never wait long once it is back.
      // (The retry library refuses a `delay` below its `minDelay`, 1 s.)
      maxDelay: 10_000,
    });
    setSocket(created);
    setStatus(created.status);
    setNotice(null);

    const onStatus = ({ status: next }: onStatusParameters) => {
      setStatus(next);
      if (next === WebSocketStatus.Connected) {
        setEverConnected(true);
        // A successful reconnect clears a transient notice (server restart…).
        setNotice((current) => (current?.action === "retry" ? null : current));
      }
    };
    let stopped = false;
    let destroyed = false;
    const onClose = ({ event }: onCloseParameters) => {
      const outcome = describeClose(event.code, event.reason);
      if (!outcome) return;
      if (outcome.name === "accessRevoked") {
        confirmRevoked(outcome);
        return;
      }
      setNotice(outcome);
      if (outcome.action === "retry") return;
      // Retrying cannot help: stop before the server has to refuse us again.
      stopped = true;
      created.disconnect();
      if (outcome.action === "signIn") sessionEnded(outcome.message);
    };
    // The server closes the whole socket with "access revoked" only when the
    // draft itself is no longer ours (a removed section closes just its own
    // document, which the section's session handles). The page is left only
    // once the API confirms it: a close that raced with a change undone at
    // once (removed, then added back) reconnects instead.
    const confirmRevoked = (outcome: CloseOutcome) => {
      created.disconnect();
      api
        .draft(draftId)
        .then(() => {
          if (destroyed) return;
          void created.connect();
        })
        .catch((error: unknown) => {
          if (destroyed) return;
          if (error instanceof ApiError && (error.status === 403 || error.status === 404)) {
            stopped = true;
            setNotice(outcome);
            return;
          }
          // Cannot tell (offline, server down): keep trying as after any drop.
          void created.connect();
        });
    };
    // Back online: connect now instead of waiting out the retry back-off
    // (up to 10 s after a long time offline). Only between attempts, so an
    // attempt in flight is never doubled; never after a close that said stop.
    const onOnline = () => {
      if (!stopped && created.status === WebSocketStatus.Disconnected) void created.connect();
    };
    created.on("status", onStatus);
    created.on("close", onClose);
    window.addEventListener("online", onOnline);

    return () => {
      destroyed = true;
      window.removeEventListener("online", onOnline);
      created.off("status", onStatus);
      created.off("close", onClose);
      created.destroy();
      setSocket(null);
    };
  }, [draftId, sessionEnded]);

  return { socket, state: connectionState(status, online, everConnected, notice), notice };
}

function connectionState(
  status: WebSocketStatus,
  online: boolean,
  everConnected: boolean,
  notice: CloseOutcome | null,
): ConnectionState {
  if (notice && notice.action !== "retry") return "stopped";
  if (!online) return "offline";
  if (status === WebSocketStatus.Connected) return "connected";
  return everConnected ? "reconnecting" : "connecting";
}
