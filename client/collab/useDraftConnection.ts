import {
  HocuspocusProviderWebsocket,
  type onCloseParameters,
  type onStatusParameters,
  WebSocketStatus,
} from "@hocuspocus/provider";
import { useEffect, useState } from "react";
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

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new draft gets a new socket.
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
    const onClose = ({ event }: onCloseParameters) => {
      const outcome = describeClose(event.code, event.reason);
      if (!outcome) return;
      setNotice(outcome);
      if (outcome.action === "retry") return;
      // Retrying cannot help: stop before the server has to refuse us again.
      created.disconnect();
      if (outcome.action === "signIn") sessionEnded(outcome.message);
    };
    created.on("status", onStatus);
    created.on("close", onClose);

    return () => {
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
