import { AuditLog } from "./AuditLog.ts";
import { BracketStore } from "./BracketStore.ts";
import { DelegationStore } from "./DelegationStore.ts";
import { DiscussionStore } from "./DiscussionStore.ts";
import { DocumentLog } from "./DocumentLog.ts";
import { DraftStore } from "./DraftStore.ts";
import { GroupStore } from "./GroupStore.ts";
import { InvitationStore } from "./InvitationStore.ts";
import { PasswordResetStore } from "./PasswordResetStore.ts";
import { SessionStore } from "./SessionStore.ts";
import { SilenceStore } from "./SilenceStore.ts";
import type { SqlDatabase, SqlExecutor } from "./sql/SqlExecutor.ts";
import { UserStore } from "./UserStore.ts";
import { VersionStore } from "./VersionStore.ts";

/** The public methods of a store, without its driver: what another engine has to provide. */
type Surface<T> = { [K in keyof T]: T[K] };

/**
 * Everything the write path may read and write, as interfaces. Commands and
 * queries see only this, never the driver: the same stores run on SQLite and
 * PostgreSQL.
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

export interface StoreOptions {
  sessionTtlMs: number;
}

/** Every store, running its statements on `db` (a database, or one transaction). */
export function createStores(db: SqlExecutor, options: StoreOptions): Stores {
  return {
    users: new UserStore(db),
    sessions: new SessionStore(db, options.sessionTtlMs),
    groups: new GroupStore(db),
    drafts: new DraftStore(db),
    invitations: new InvitationStore(db),
    delegations: new DelegationStore(db),
    passwordResets: new PasswordResetStore(db),
    discussions: new DiscussionStore(db),
    brackets: new BracketStore(db),
    silences: new SilenceStore(db),
    audit: new AuditLog(db),
    versions: new VersionStore(db),
    documents: new DocumentLog(db),
  };
}

/**
 * The one transaction boundary. `transaction` runs `work` with stores bound
 * to a single database transaction: everything it writes is committed
 * together, or, if it throws, nothing is. `work` must use the stores it is
 * given (not `stores`), and should not wait on anything but them: on SQLite
 * the transaction holds the one connection until it ends.
 */
export interface UnitOfWork {
  /** For reads outside any transaction (queries, checks before a command). */
  readonly stores: Stores;
  transaction<T>(work: (stores: Stores) => Promise<T>): Promise<T>;
  /** Several reads that must agree: one transaction that sees the database at one instant. */
  read<T>(work: (stores: Stores) => Promise<T>): Promise<T>;
}

/**
 * The unit of work of either engine: stores made afresh for each transaction,
 * bound to it. `within` may decorate them (a test makes one method fail).
 */
export function unitOfWork(
  db: SqlDatabase,
  options: StoreOptions,
  stores = createStores(db, options),
  within: (stores: Stores) => Stores = (bound) => bound,
): UnitOfWork {
  return {
    stores,
    transaction: (work) => db.transaction((tx) => work(within(createStores(tx, options)))),
    read: (work) => db.snapshot((tx) => work(within(createStores(tx, options)))),
  };
}
