import type { HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import type { Extensions } from "@tiptap/core";
import { useEffect, useMemo, useSyncExternalStore } from "react";
import { readDiscussion } from "../../shared/discussion.ts";
import { discussionDocumentName } from "../../shared/documentNames.ts";
import { localStoreName, readCopyName } from "../collab/LocalStore.ts";
import { SyncTracker } from "../collab/syncTracker.ts";
import { useDocumentSession } from "../collab/useDocumentSession.ts";
import { perSection } from "../editor/perSection.ts";
import { DiscussionEditors } from "./DiscussionEditors.ts";
import { DiscussionHighlights } from "./DiscussionHighlights.ts";
import { type DiscussionSnapshot, DiscussionStore } from "./DiscussionStore.ts";

export interface Discussion {
  store: DiscussionStore;
  /** The store's bridge to the section editors: highlights, places, selection, scrolling. */
  editors: DiscussionEditors;
  /** The editor extensions that show the discussion in one section's text. */
  extensionsFor(sectionId: string): Extensions;
}

/**
 * The draft's discussion, live: `discussion:<draftId>` opened on the page's
 * shared socket. The server alone writes that document (every change goes
 * through the API), so it is only read here; the device keeps a read copy of
 * it so that an offline reload still shows the threads.
 */
export function useDiscussion(socket: HocuspocusProviderWebsocket | null, draftId: string, userId: string): Discussion {
  // Read-only: its own tracker, so it never counts in the page's "Saving…".
  const tracker = useMemo(() => new SyncTracker(), []);
  const store = useMemo(() => new DiscussionStore(), []);
  const editors = useMemo(() => new DiscussionEditors(store), [store]);
  const name = discussionDocumentName(draftId);
  const local = useMemo(
    () => ({ storeName: localStoreName(userId, name), readName: readCopyName(userId, name), keep: false }),
    [userId, name],
  );
  const { session, synced, copyAt } = useDocumentSession(socket, name, tracker, local);
  const doc = session?.doc ?? null;

  useEffect(() => {
    if (!doc) return;
    const fromCopy = synced ? null : copyAt;
    const read = () => store.setThreads(readDiscussion(doc), synced || fromCopy !== null, fromCopy);
    read();
    doc.on("update", read);
    return () => doc.off("update", read);
  }, [doc, synced, copyAt, store]);

  return useMemo(
    () => ({
      store,
      editors,
      extensionsFor: perSection((sectionId): Extensions => [DiscussionHighlights.configure({ sectionId, editors })]),
    }),
    [store, editors],
  );
}

export function useDiscussionSnapshot(store: DiscussionStore): DiscussionSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
