import type { DraftProgress } from "../../shared/negotiation.ts";
import type { Commands } from "../commands/index.ts";
import type { DocumentWriter } from "../commands/liveDocuments.ts";
import type { Logger } from "../logger.ts";
import type { Queries } from "../queries/index.ts";
import type { Database } from "../storage/Database.ts";
import type { DocumentLog } from "../storage/DocumentLog.ts";
import type { Stores } from "../storage/UnitOfWork.ts";
import type { VersionStore } from "../storage/VersionStore.ts";

export type { DocumentWriter } from "../commands/liveDocuments.ts";

/** What negotiation needs beyond its commands and queries: progress measured on the live section texts. */
export interface NegotiationDeps {
  /** The draft's figures now (loads sections that are not in memory). */
  measure(draftId: string): Promise<DraftProgress>;
  /** Refuses (409) a change to the draft's text or structure while it is under silence (version restore). */
  refuseIfFrozen(draftId: string): void;
}

/**
 * What routes not yet converted to commands tell collab. Commands announce
 * changes with change events instead; this shrinks as routes move over.
 */
export interface CollabNotifier {
  /** A draft's metadata changed: rewrite its projection and re-check its documents' connections. */
  draftChanged(draftId: string): void;
  /** A session ended: close its websockets. */
  sessionRevoked(sessionId: string): void;
  /** Something many people see changed (a delegation's name): re-check every open connection. */
  reauthorizeAll(): void;
}

/** What the routes are built with: the write path (commands), reads (queries), and request plumbing. */
export interface ApiDeps {
  commands: Commands;
  queries: Queries;
  logger: Logger;
  sessionTtlMs: number;
  // For the routes not yet converted to commands (discussion, versions):
  // direct storage access and their collab calls.
  db: Database;
  stores: Stores;
  /** Section texts only (version restore). */
  sectionWriter: DocumentWriter;
  collab: CollabNotifier;
  documents: DocumentLog;
  versions: VersionStore;
  negotiation: NegotiationDeps;
}
