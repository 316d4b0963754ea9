import {
  type AuthorizedScope,
  HocuspocusProvider,
  type HocuspocusProviderWebsocket,
  type onAuthenticatedParameters,
  type onAuthenticationFailedParameters,
  type onCloseParameters,
  WebSocketStatus,
} from "@hocuspocus/provider";
import { useCallback, useEffect, useState } from "react";
import * as Y from "yjs";
import type { SyncTracker } from "./syncTracker.ts";

/** One collaborative document: its local replica and the provider syncing it. */
export interface DocumentSession {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  generation: number;
}

export interface DocumentSessionState {
  session: DocumentSession | null;
  /** What the server granted at the last authentication; null until it answered. */
  scope: AuthorizedScope | null;
  /** Why the server refused the document, if it did. */
  refused: string | null;
  synced: boolean;
  /**
   * Throws the local replica away and starts over from the server's state:
   * unsynced local edits are discarded, and the server authenticates afresh.
   */
  renew(): void;
}

interface Status {
  generation: number;
  scope: AuthorizedScope | null;
  refused: string | null;
  synced: boolean;
}

/** Opens `name` on the page's shared socket for as long as the component lives. */
export function useDocumentSession(
  socket: HocuspocusProviderWebsocket | null,
  name: string,
  tracker: SyncTracker,
): DocumentSessionState {
  const [generation, setGeneration] = useState(0);
  const [session, setSession] = useState<DocumentSession | null>(null);
  const [status, setStatus] = useState<Status>({ generation: 0, scope: null, refused: null, synced: false });

  const renew = useCallback(() => setGeneration((n) => n + 1), []);

  useEffect(() => {
    if (!socket) return;
    const doc = new Y.Doc();
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name,
      document: doc,
      // An empty token asks the server to authenticate us with the session cookie.
      token: "",
      // Each provider instance gets its own routing key, so a renewed session
      // never collides with the one it replaces while the server closes it.
      sessionAwareness: true,
    });
    const patch = (change: Partial<Status>) =>
      setStatus((current) => (current.generation === generation ? { ...current, ...change } : current));
    setStatus({ generation, scope: null, refused: null, synced: false });

    let renewTimer: ReturnType<typeof setTimeout> | undefined;
    provider.on("authenticated", ({ scope }: onAuthenticatedParameters) => patch({ scope, refused: null }));
    provider.on("authenticationFailed", ({ reason }: onAuthenticationFailedParameters) =>
      patch({ refused: reason || "permission-denied", scope: null }),
    );
    provider.on("synced", () => patch({ synced: true }));
    provider.on("close", (_event: onCloseParameters) => {
      // A close while the socket stays open is the server closing this one
      // document (e.g. "Reset Connection"). The provider does not authenticate
      // again by itself, so start a fresh session for it.
      if (socket.status !== WebSocketStatus.Connected) return;
      clearTimeout(renewTimer);
      renewTimer = setTimeout(renew, 500);
    });

    const untrack = tracker.register(provider);
    provider.attach();
    setSession({ doc, provider, generation });

    return () => {
      clearTimeout(renewTimer);
      untrack();
      provider.destroy();
      // The editor bound to this document is torn down in the same commit;
      // destroying the document after it avoids a binding on a dead document.
      setTimeout(() => doc.destroy(), 0);
    };
  }, [socket, name, generation, tracker, renew]);

  const current = session?.generation === generation ? session : null;
  const currentStatus = status.generation === generation ? status : { scope: null, refused: null, synced: false };
  return {
    session: current,
    scope: currentStatus.scope,
    refused: currentStatus.refused,
    synced: currentStatus.synced,
    renew,
  };
}
