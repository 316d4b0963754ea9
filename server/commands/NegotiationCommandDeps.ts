import type { AuditLog } from "../storage/AuditLog.ts";
import type { BracketStore } from "../storage/BracketStore.ts";
import type { Database } from "../storage/Database.ts";
import type { DraftStore } from "../storage/DraftStore.ts";
import type { GroupStore } from "../storage/GroupStore.ts";
import type { SilenceStore } from "../storage/SilenceStore.ts";
import type { DocumentWriter } from "./liveDocuments.ts";
import type { NegotiationEvent } from "./negotiationEvents.ts";

/**
 * Records a named version of a draft (the versions store). The silence
 * procedure calls it when it starts and when the text is adopted, inside the
 * command's transaction; the adoption's version is named for the lead who
 * circulated the text.
 */
export interface SilenceVersionHook {
  record(input: { draftId: string; name: string; byUserId: string; at: number }): void;
}

export interface NegotiationCommandDeps {
  db: Database;
  drafts: DraftStore;
  groups: GroupStore;
  brackets: BracketStore;
  silences: SilenceStore;
  audit: AuditLog;
  sectionWriter: DocumentWriter;
  /** Delivers the events of a committed command. */
  publish(events: readonly NegotiationEvent[]): void;
  versions: SilenceVersionHook | null;
}
