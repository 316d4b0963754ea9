import {
  type AuthorizedScope,
  HocuspocusProvider,
  type HocuspocusProviderWebsocket,
  type onAuthenticatedParameters,
  type onAuthenticationFailedParameters,
  type onCloseParameters,
  type onUnsyncedChangesParameters,
  WebSocketStatus,
} from "@hocuspocus/provider";
import { useCallback, useEffect, useRef, useState } from "react";
import * as Y from "yjs";
import { LocalStore } from "./LocalStore.ts";
import type { SyncTracker } from "./syncTracker.ts";

/** One collaborative document: its local replica and the provider syncing it. */
export interface DocumentSession {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  generation: number;
}

/**
 * Copies of the document on this device (IndexedDB). A writable copy carries
 * the user's offline edits while they may write the document; a read copy
 * keeps the server's text of a document they may only read, so that an
 * offline reload still shows it.
 */
export interface LocalCopy {
  /** The writable copy's IndexedDB database, per user and document (see `localStoreName`). */
  storeName: string;
  /** The read copy's database (see `readCopyName`); null to keep none. */
  readName: string | null;
  /** Whether the user may write the document now; when this turns false the writable copy is deleted. */
  keep: boolean;
}

export interface RenewOptions {
  /**
   * Also delete the device's copy, unsynced edits included: the user lost
   * write access, so those edits must never reach the server later.
   */
  discard?: boolean;
}

export interface DocumentSessionState {
  session: DocumentSession | null;
  /**
   * What the server granted at the last authentication; null until it
   * answered. Before it answers, a copy the server last let us write counts as
   * "read-write", so an offline reload can keep editing (the server decides
   * again on reconnect, and a refusal discards the copy).
   */
  scope: AuthorizedScope | null;
  /** Why the server refused the document, if it did. */
  refused: string | null;
  synced: boolean;
  /**
   * When the device copy shown before the server answered was last in step
   * with the server (ms since the epoch); null when nothing came from the device.
   */
  copyAt: number | null;
  /**
   * Throws the local replica away and starts over from the server's state:
   * unsynced local edits are discarded, and the server authenticates afresh.
   */
  renew(options?: RenewOptions): void;
}

interface Status {
  generation: number;
  scope: AuthorizedScope | null;
  refused: string | null;
  synced: boolean;
  copyAt: number | null;
}

/** Opens `name` on the page's shared socket for as long as the component lives. */
export function useDocumentSession(
  socket: HocuspocusProviderWebsocket | null,
  name: string,
  tracker: SyncTracker,
  local: LocalCopy | null = null,
): DocumentSessionState {
  const [generation, setGeneration] = useState(0);
  const [session, setSession] = useState<DocumentSession | null>(null);
  const [status, setStatus] = useState<Status>({
    generation: 0,
    scope: null,
    refused: null,
    synced: false,
    copyAt: null,
  });
  const discardNext = useRef(false);
  const keep = useRef(local?.keep ?? false);
  keep.current = local?.keep ?? false;
  const storeName = local?.storeName ?? null;
  const readName = local?.readName ?? null;
  /** The current session's device copy, which follows `keep` while the session lives. */
  const copy = useRef<DeviceCopy | null>(null);

  const renew = useCallback((options: RenewOptions = {}) => {
    if (options.discard) discardNext.current = true;
    setGeneration((n) => n + 1);
  }, []);

  useEffect(() => {
    if (!socket) return;
    const doc = new Y.Doc();
    let cancelled = false;
    let provider: HocuspocusProvider | null = null;
    let renewTimer: ReturnType<typeof setTimeout> | undefined;
    const patch = (change: Partial<Status>) =>
      setStatus((current) => (current.generation === generation ? { ...current, ...change } : current));
    setStatus({ generation, scope: null, refused: null, synced: false, copyAt: null });
    const deviceCopy = new DeviceCopy(doc, storeName, readName, tracker, () => keep.current);
    let markedAt = 0;
    const markSynced = () => {
      markedAt = Date.now();
      deviceCopy.current?.markSynced(markedAt);
    };
    copy.current = deviceCopy;

    // Edits made here (not received from the server, not replayed from the
    // device) are on the device until the server acknowledges them.
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      // What the server sends keeps the copy's time current (not on every keystroke of others).
      if (origin === provider && provider?.synced && Date.now() - markedAt > COPY_TIME_EVERY_MS) markSynced();
      const store = deviceCopy.store;
      if (store && origin !== provider && origin !== store.origin && !deviceCopy.isOwnOrigin(origin)) {
        store.markPending();
      }
    };
    doc.on("update", onUpdate);

    const start = () => {
      if (cancelled) return;
      if (deviceCopy.store?.writable) patch({ scope: "read-write" });
      const copyAt = deviceCopy.current?.syncedAt ?? null;
      if (copyAt !== null) patch({ copyAt });
      const created = new HocuspocusProvider({
        websocketProvider: socket,
        name,
        document: doc,
        // An empty token asks the server to authenticate us with the session cookie.
        token: "",
        // Each provider instance gets its own routing key, so a renewed session
        // never collides with the one it replaces while the server closes it.
        sessionAwareness: true,
      });
      provider = created;
      created.on("authenticated", ({ scope }: onAuthenticatedParameters) => {
        patch({ scope, refused: null });
        deviceCopy.store?.setWritable(scope === "read-write");
      });
      created.on("authenticationFailed", ({ reason }: onAuthenticationFailedParameters) =>
        patch({ refused: reason || "permission-denied", scope: null }),
      );
      created.on("synced", () => {
        patch({ synced: true });
        markSynced();
      });
      created.on("unsyncedChanges", ({ number }: onUnsyncedChangesParameters) => {
        // The server acknowledged all we sent, including the first sync's
        // answer, which carries the edits restored from the device.
        if (number === 0 && created.isAuthenticated) deviceCopy.store?.markSaved();
      });
      created.on("close", (_event: onCloseParameters) => {
        // A close while the socket stays open is the server closing just this
        // document: it does so when a section is removed while its draft stays
        // readable ("Access revoked"). The provider does not authenticate again
        // by itself, so start a fresh session: refused if the section is still
        // gone, open again if it was restored meanwhile.
        if (socket.status !== WebSocketStatus.Connected) return;
        clearTimeout(renewTimer);
        renewTimer = setTimeout(() => renew(), 500);
      });

      untrackProvider = tracker.register(created);
      created.attach();
      setSession({ doc, provider: created, generation });
      // `keep` may have turned true while the copy was opening.
      deviceCopy.follow();
    };
    let untrackProvider: () => void = () => undefined;

    // The device's copy is applied before the provider exists, so the first
    // sync with the server carries the offline edits.
    const discard = discardNext.current;
    discardNext.current = false;
    deviceCopy
      .open(discard)
      .catch(() => undefined)
      .then(start);

    return () => {
      cancelled = true;
      clearTimeout(renewTimer);
      doc.off("update", onUpdate);
      untrackProvider();
      provider?.destroy();
      if (copy.current === deviceCopy) copy.current = null;
      // What is stored stays for the next visit, unless the next session is
      // told to delete it.
      deviceCopy.close();
      // The editor bound to this document is torn down in the same commit;
      // destroying the document after it avoids a binding on a dead document.
      setTimeout(() => doc.destroy(), 0);
    };
  }, [socket, name, storeName, readName, generation, tracker, renew]);

  // Losing write access deletes the copy at once (the caller also renews the
  // replica); gaining it starts keeping one for the same document.
  const keepNow = local?.keep ?? false;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` stands for the session whose copy follows.
  useEffect(() => {
    copy.current?.follow();
  }, [keepNow, generation]);

  const current = session?.generation === generation ? session : null;
  const currentStatus =
    status.generation === generation ? status : { scope: null, refused: null, synced: false, copyAt: null };
  return {
    session: current,
    scope: currentStatus.scope,
    refused: currentStatus.refused,
    synced: currentStatus.synced,
    copyAt: currentStatus.copyAt,
    renew,
  };
}

/** How often, at most, the copy's "in step with the server" time is written while updates arrive. */
const COPY_TIME_EVERY_MS = 5_000;

/** The device copies of one session's document, opened, attached and discarded as `keep` says. */
class DeviceCopy {
  /** The writable copy, while the user may write. */
  store: LocalStore | null = null;
  /** The read copy, when the session started without write access. */
  private readStore: LocalStore | null = null;
  private untrack: () => void = () => undefined;
  private closed = false;
  private opening = false;

  constructor(
    private readonly doc: Y.Doc,
    private readonly storeName: string | null,
    private readonly readName: string | null,
    private readonly tracker: SyncTracker,
    private readonly keep: () => boolean,
  ) {}

  /** The copy attached now, writable or read. */
  get current(): LocalStore | null {
    return this.store ?? this.readStore;
  }

  /** Whether an update came from one of the copies (replayed from the device). */
  isOwnOrigin(origin: unknown): boolean {
    return origin !== undefined && origin !== null && origin === this.readStore?.origin;
  }

  /**
   * At the start of a session: reads the writable copy back if the user may
   * still write, deletes it otherwise; without write access, reads the read
   * copy back instead (it only ever holds what the server sent).
   */
  async open(discard: boolean): Promise<void> {
    if (!this.storeName) return;
    // A writable copy may only be read back by someone who may still write:
    // anything else (pen lost, section agreed, role changed) deletes it unread.
    if (discard || !this.keep()) await LocalStore.clear(this.storeName);
    if (this.keep()) await this.attach();
    else await this.attachRead();
  }

  /**
   * Brings the copies in line with `keep` during the session. The read copy is
   * only ever attached at the start of a session: attached to a replica that
   * held the user's edits, it would keep edits the server never accepted.
   */
  follow(): void {
    if (this.closed || !this.storeName) return;
    if (this.keep()) {
      // From now on the user may type: the read copy stops recording (what it holds stays).
      const read = this.readStore;
      this.readStore = null;
      void read?.close();
      if (!this.store) void this.attach();
      return;
    }
    // (A copy still opening checks `keep` itself once open.)
    const store = this.store;
    this.detach();
    void store?.discard();
  }

  close(): void {
    this.closed = true;
    const store = this.store;
    this.detach();
    void store?.close();
    const read = this.readStore;
    this.readStore = null;
    void read?.close();
  }

  private async attachRead(): Promise<void> {
    if (!this.readName) return;
    const opened = await LocalStore.open(this.readName, this.doc);
    if (this.closed || this.keep()) {
      await opened.close();
      return;
    }
    this.readStore = opened;
  }

  private async attach(): Promise<void> {
    if (!this.storeName || this.opening || this.store) return;
    this.opening = true;
    try {
      const opened = await LocalStore.open(this.storeName, this.doc);
      if (this.closed || !this.keep()) {
        await (this.closed ? opened.close() : opened.discard());
        return;
      }
      this.store = opened;
      this.untrack = this.tracker.registerStore(opened);
    } finally {
      this.opening = false;
    }
  }

  private detach(): void {
    this.untrack();
    this.untrack = () => undefined;
    this.store = null;
  }
}
