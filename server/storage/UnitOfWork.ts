import type { AuditLog } from "./AuditLog.ts";
import type { BracketStore } from "./BracketStore.ts";
import type { Database } from "./Database.ts";
import type { DelegationStore } from "./DelegationStore.ts";
import type { DiscussionStore } from "./DiscussionStore.ts";
import type { DocumentLog } from "./DocumentLog.ts";
import type { DraftStore } from "./DraftStore.ts";
import type { GroupStore } from "./GroupStore.ts";
import type { InvitationStore } from "./InvitationStore.ts";
import type { PasswordResetStore } from "./PasswordResetStore.ts";
import type { SessionStore } from "./SessionStore.ts";
import type { SilenceStore } from "./SilenceStore.ts";
import type { UserStore } from "./UserStore.ts";
import type { VersionStore } from "./VersionStore.ts";

/** The public methods of a store, without its driver: what another engine has to provide. */
type Surface<T> = { [K in keyof T]: T[K] };

/**
 * Everything the write path may read and write, as interfaces. Commands and
 * queries see only this, never the SQLite driver, so another engine can stand
 * behind the same names.
 */
export interface Stores {
  readonly users: Surface<UserStore>;
  readonly sessions: Surface<SessionStore>;
  readonly groups: Surface<GroupStore>;
  readonly drafts: Surface<DraftStore>;
  readonly invitations: Surface<InvitationStore>;
  readonly delegations: Surface<DelegationStore>;
  readonly passwordResets: Surface<PasswordResetStore>;
  readonly discussions: Surface<DiscussionStore>;
  readonly brackets: Surface<BracketStore>;
  readonly silences: Surface<SilenceStore>;
  readonly audit: Surface<AuditLog>;
  /** Named versions: a command that records one does so inside its own transaction. */
  readonly versions: Surface<VersionStore>;
  /**
   * The durable Yjs log. Commands append to it only for documents nobody has
   * open yet (an imported draft), or for updates they apply to the live
   * documents after their transaction commits (a restore).
   */
  readonly documents: Surface<DocumentLog>;
}

/**
 * The one transaction boundary. `transaction` runs `work` with the stores
 * inside a single database transaction: everything it writes is committed
 * together, or, if it throws, nothing is. `work` must be synchronous (no
 * awaiting inside a transaction: other requests would interleave).
 */
export interface UnitOfWork {
  /** For reads outside any transaction (queries, checks before a command). */
  readonly stores: Stores;
  transaction<T>(work: (stores: Stores) => T): T;
}

/** The SQLite unit of work: better-sqlite3 transactions (nested calls become savepoints). */
export function sqliteUnitOfWork(db: Database, stores: Stores): UnitOfWork {
  return {
    stores,
    transaction: <T>(work: (stores: Stores) => T): T => db.transaction(() => work(stores))(),
  };
}
