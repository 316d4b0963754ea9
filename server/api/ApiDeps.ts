import type * as Y from "yjs";
import type { DraftProgress } from "../../shared/negotiation.ts";
import type { LoginRateLimiter } from "../auth/LoginRateLimiter.ts";
import type { BracketCommands } from "../commands/BracketCommands.ts";
import type { SilenceCommands } from "../commands/SilenceCommands.ts";
import type { Logger } from "../logger.ts";
import type { AuditLog } from "../storage/AuditLog.ts";
import type { Database } from "../storage/Database.ts";
import type { DelegationStore } from "../storage/DelegationStore.ts";
import type { DiscussionStore } from "../storage/DiscussionStore.ts";
import type { DocumentLog } from "../storage/DocumentLog.ts";
import type { DraftStore } from "../storage/DraftStore.ts";
import type { GroupStore } from "../storage/GroupStore.ts";
import type { InvitationStore } from "../storage/InvitationStore.ts";
import type { PasswordResetStore } from "../storage/PasswordResetStore.ts";
import type { SessionStore } from "../storage/SessionStore.ts";
import type { UserStore } from "../storage/UserStore.ts";
import type { VersionStore } from "../storage/VersionStore.ts";

/**
 * What the API tells the collaboration server after a change, so open
 * documents and connections follow within the same second. The API does not
 * know Hocuspocus: anything with these methods will do.
 */
export interface CollabNotifier {
  /** Section metadata (title, order, penholders, status) of a draft changed. */
  draftChanged(draftId: string): void;
  /** A session ended: close its websockets. */
  sessionRevoked(sessionId: string): void;
  /** Memberships or roles changed: re-check every open connection. */
  reauthorizeAll(): void;
}

/**
 * Writes Yjs documents as the server (`discussion:` documents, and sections
 * when a proposal is accepted). Implemented over Hocuspocus by
 * collab/DiscussionWriter.ts; the API only needs this.
 */
export interface DocumentWriter {
  /**
   * Loads the named documents if needed, then calls `change` once with them,
   * synchronously, inside one transaction per document: no client update can
   * land between what `change` reads and what it writes. Whatever it writes
   * is durable before anyone sees it. `change` must decide (and throw, if it
   * refuses) before it writes anything: Yjs cannot roll a transaction back.
   * With `author`, the change is recorded as that user's (who wrote what).
   */
  write<T>(
    documentNames: readonly string[],
    change: (docs: Y.Doc[]) => T,
    author?: { userId: string; delegation: string },
  ): Promise<T>;
}

/** Negotiating the text: the commands, and the progress measured on the live section texts. */
export interface NegotiationDeps {
  brackets: BracketCommands;
  silence: SilenceCommands;
  /** The draft's figures now (loads sections that are not in memory). */
  measure(draftId: string): Promise<DraftProgress>;
  /** Refuses (409) a change to the draft's text or structure while it is under silence. */
  refuseIfFrozen(draftId: string): void;
  /** Refuses (409) agreeing a section that has open brackets, naming them. */
  refuseIfBracketed(sectionId: string): void;
}

export interface ApiDeps {
  db: Database;
  users: UserStore;
  sessions: SessionStore;
  groups: GroupStore;
  drafts: DraftStore;
  audit: AuditLog;
  invitations: InvitationStore;
  invitationTtlMs: number;
  delegations: DelegationStore;
  passwordResets: PasswordResetStore;
  passwordResetTtlMs: number;
  collab: CollabNotifier;
  discussions: DiscussionStore;
  documents: DocumentLog;
  versions: VersionStore;
  documentWriter: DocumentWriter;
  negotiation: NegotiationDeps;
  logger: Logger;
  loginLimiter: LoginRateLimiter;
  sessionTtlMs: number;
}
