import * as Y from "yjs";
import type { AuthorshipRange } from "../../shared/text/authorship.ts";
import type { ClockRange } from "../../shared/text/updateRanges.ts";
import type { SqlExecutor, TransactionExecutor } from "./sql/SqlExecutor.ts";

/** Who sent an update, and which clock ranges it created and deleted. */
export interface UpdateAuthorship {
  userId: string | null;
  delegation: string;
  inserts: readonly ClockRange[];
  deletes: readonly ClockRange[];
}

export interface LogEntry {
  document: string;
  update: Uint8Array;
  authorship?: UpdateAuthorship | undefined;
}

/** What a compaction folded: the log entries up to `coversId`, into a snapshot of `bytes`. */
export interface Compaction {
  coversId: number;
  bytes: number;
}

/** The advisory lock of one document: appends hold it shared, compaction exclusively. */
const lockOf = (document: string) => `document:${document}`;

/**
 * Snapshot (if any) first, then the log entries it does not cover, in order,
 * in one statement: a compaction committing meanwhile cannot make it miss
 * entries (it would see the old snapshot with the old entries, or the new
 * snapshot with the later ones).
 */
const LOAD = `
  SELECT 0 AS part, covers_id AS id, data FROM document_snapshots WHERE document = ?
  UNION ALL
  SELECT 1 AS part, u.id, u.data FROM document_updates u
   WHERE u.document = ? AND u.id > COALESCE((SELECT s.covers_id FROM document_snapshots s WHERE s.document = ?), 0)
  ORDER BY part, id`;

/**
 * The durable store of Yjs documents: a snapshot per document plus the log of
 * updates appended since. An update is appended (and committed) before it is
 * acknowledged or broadcast, so a crash loses nothing anyone has seen. The
 * log is the truth: several servers may append to and compact the same
 * document, and compaction folds only entries it has read from the database.
 */
export class DocumentLog {
  constructor(private readonly db: SqlExecutor) {}

  /** Snapshot first, then every later update, in order. Empty for a document never written. */
  async load(document: string): Promise<Uint8Array[]> {
    return (await this.rows(this.db, document)).map((row) => new Uint8Array(row.data));
  }

  async append(document: string, update: Uint8Array, authorship?: UpdateAuthorship): Promise<void> {
    await this.appendMany([{ document, update, authorship }]);
  }

  /**
   * Appends several updates in one transaction (one commit, one fsync at
   * most), each with who sent it: the authorship is durable exactly when the
   * update is. Each document's lock is held shared, so no compaction of it
   * runs between an entry's id being taken and its commit.
   */
  async appendMany(entries: readonly LogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const now = Date.now();
    await this.db.transaction(async (tx) => {
      // One order for everyone: two batches never wait on each other in a cycle.
      for (const document of [...new Set(entries.map((entry) => entry.document))].sort()) {
        await tx.lock(lockOf(document), "shared");
      }
      for (const entry of entries) await write(tx, entry, now);
    });
  }

  /** Every recorded authorship range of a document, in the order recorded. */
  async authorship(document: string): Promise<AuthorshipRange[]> {
    return this.db.all<AuthorshipRange>(
      `SELECT kind, client, clock_start AS start, clock_end AS "end", delegation FROM document_authorship
        WHERE document = ? ORDER BY id`,
      [document],
    );
  }

  /**
   * The whole document as one update. Every update is in the log before
   * anyone sees it, so this holds everything anyone has seen.
   */
  async state(document: string): Promise<Uint8Array> {
    return stateOf(await this.load(document));
  }

  /**
   * The states of several documents at one instant, read in one statement: on
   * PostgreSQL each statement of a transaction sees its own snapshot, so one
   * read per document could take them at different moments (a named version
   * must not hold section 1 before an edit and section 2 after it).
   */
  async statesAtOnce(documents: readonly string[]): Promise<Map<string, Uint8Array>> {
    const parts = new Map<string, Uint8Array[]>(documents.map((name) => [name, []]));
    if (documents.length > 0) {
      const names = documents.map(() => "?").join(", ");
      const rows = await this.db.all<{ document: string; data: Buffer }>(
        `SELECT document, part, id, data FROM (
           SELECT s.document, 0 AS part, s.covers_id AS id, s.data FROM document_snapshots s
            WHERE s.document IN (${names})
           UNION ALL
           SELECT u.document, 1 AS part, u.id, u.data FROM document_updates u
             LEFT JOIN document_snapshots s ON s.document = u.document
            WHERE u.document IN (${names}) AND u.id > COALESCE(s.covers_id, 0)
         ) parts ORDER BY document, part, id`,
        [...documents, ...documents],
      );
      for (const row of rows) parts.get(row.document)?.push(new Uint8Array(row.data));
    }
    const states = new Map<string, Uint8Array>();
    for (const [name, stored] of parts) states.set(name, stateOf(stored));
    return states;
  }

  /** Log entries the snapshot does not cover yet. */
  async pendingCount(document: string): Promise<number> {
    const row = await this.db.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM document_updates u
        WHERE u.document = ? AND u.id > COALESCE((SELECT s.covers_id FROM document_snapshots s WHERE s.document = ?), 0)`,
      [document, document],
    );
    return row?.n ?? 0;
  }

  /**
   * Folds the snapshot and the log entries after it, as stored, into a new
   * snapshot that records the last entry it covers and its state vector, then
   * deletes exactly the entries it covers. It holds the document's lock, so
   * two compactions (on one server or two) run one after the other, and
   * entries still being appended are either committed before it reads or get
   * later ids. A snapshot is only ever replaced by one that covers more.
   * Returns null when there was nothing to fold.
   */
  async compact(document: string): Promise<Compaction | null> {
    return this.db.transaction(async (tx) => {
      await tx.lock(lockOf(document), "exclusive");
      const rows = await this.rows(tx, document);
      const last = rows.at(-1);
      if (!last || last.part === 0) return null;
      const doc = replay(rows.map((row) => new Uint8Array(row.data)));
      const state = Y.encodeStateAsUpdate(doc);
      await tx.run(
        `INSERT INTO document_snapshots (document, data, updated_at, covers_id, state_vector) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(document) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at,
           covers_id = excluded.covers_id, state_vector = excluded.state_vector
         WHERE document_snapshots.covers_id < excluded.covers_id`,
        [document, state, Date.now(), last.id, Y.encodeStateVector(doc)],
      );
      await tx.run("DELETE FROM document_updates WHERE document = ? AND id <= ?", [document, last.id]);
      return { coversId: last.id, bytes: state.byteLength };
    });
  }

  /** The snapshot's state vector and the last entry it covers, or null if there is none. */
  async snapshotInfo(document: string): Promise<{ coversId: number; stateVector: Uint8Array | null } | null> {
    const row = await this.db.get<{ covers_id: number; state_vector: Buffer | null }>(
      "SELECT covers_id, state_vector FROM document_snapshots WHERE document = ?",
      [document],
    );
    if (!row) return null;
    return { coversId: row.covers_id, stateVector: row.state_vector ? new Uint8Array(row.state_vector) : null };
  }

  private rows(on: SqlExecutor, document: string): Promise<{ part: number; id: number; data: Buffer }[]> {
    return on.all(LOAD, [document, document, document]);
  }
}

/** One update holding the whole document its stored parts make. */
function stateOf(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 0) return Y.encodeStateAsUpdate(new Y.Doc());
  return parts.length === 1 ? (parts[0] as Uint8Array) : Y.encodeStateAsUpdate(replay(parts));
}

/**
 * A document rebuilt from its stored parts, one transaction per part, as it
 * was applied live: Yjs collects deleted content when a transaction ends, and
 * an item placed next to content that was already collected is dropped.
 * Replaying every part in one transaction would keep such an item that the
 * live document had dropped.
 */
export function replay(parts: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const part of parts) Y.applyUpdate(doc, part);
  return doc;
}

async function write(tx: TransactionExecutor, { document, update, authorship }: LogEntry, now: number): Promise<void> {
  await tx.run("INSERT INTO document_updates (document, data, created_at) VALUES (?, ?, ?)", [document, update, now]);
  if (!authorship) return;
  for (const [kind, ranges] of [
    ["insert", authorship.inserts],
    ["delete", authorship.deletes],
  ] as const) {
    for (const range of ranges) {
      await tx.run(
        `INSERT INTO document_authorship (document, kind, client, clock_start, clock_end, user_id, delegation, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [document, kind, range.client, range.start, range.end, authorship.userId, authorship.delegation, now],
      );
    }
  }
}
