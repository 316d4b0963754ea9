import type { HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { useEffect, useRef } from "react";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import { Actions, type Actor, can } from "../../shared/permissions.ts";
import type { SectionMeta } from "../../shared/types.ts";
import { localStoreName, readCopyName } from "../collab/LocalStore.ts";
import type { SyncTracker } from "../collab/syncTracker.ts";
import { type DocumentSession, useDocumentSession } from "../collab/useDocumentSession.ts";
import { losesWriteAccess, type SectionAccess, sectionAccess } from "./sectionAccess.ts";

export interface SectionDocument {
  /** The section's replica and its provider, once open. */
  session: DocumentSession | null;
  access: SectionAccess;
  synced: boolean;
  /** When the device copy shown before the server answered was last in step with it; null when none is shown. */
  copyAt: number | null;
}

interface SectionDocumentOptions {
  socket: HocuspocusProviderWebsocket | null;
  tracker: SyncTracker;
  section: SectionMeta;
  actor: Actor;
  userId: string;
  /** The draft is under a silence procedure: nobody writes. */
  frozen: boolean;
}

/**
 * One section's collaborative document: its replica, its provider on the
 * page's socket, and the device's copies of it, with what the person may do
 * with it as one access state.
 *
 * Gaining write access needs nothing here: the server re-sends the scope on
 * the open connection when a pen, a role or a status changes. Losing it
 * replaces the replica, so edits the server will never accept are dropped,
 * on the device too.
 */
export function useSectionDocument({
  socket,
  tracker,
  section,
  actor,
  userId,
  frozen,
}: SectionDocumentOptions): SectionDocument {
  const mayWrite = can(actor, Actions.editSection, { ...section, frozen });
  const documentName = sectionDocumentName(section.id);
  const { session, scope, refused, synced, copyAt, renew } = useDocumentSession(socket, documentName, tracker, {
    storeName: localStoreName(userId, documentName),
    readName: readCopyName(userId, documentName),
    keep: mayWrite,
  });
  const access = sectionAccess({ scope, refused: refused !== null, open: session !== null, mayWrite });

  const previous = useRef(access);
  useEffect(() => {
    const before = previous.current;
    previous.current = access;
    if (losesWriteAccess(before, access)) renew({ discard: true });
  }, [access, renew]);

  return { session, access, synced, copyAt };
}
