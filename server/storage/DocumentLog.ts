import * as Y from "yjs";
import type { AuthorshipRange } from "../../shared/text/authorship.ts";
import type { ClockRange } from "../../shared/text/updateRanges.ts";
import type { Database } from "./Database.ts";

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

/**
 * The durable store of Yjs documents: a snapshot per document plus the log of
 * updates appended since. An update is appended (and committed) before it is
 * acknowledged or broadcast, so a crash loses nothing anyone has seen.
 */
export class DocumentLog {
  private readonly insert;
  private readonly selectSnapshot;
  private readonly selectUpdates;
  private readonly countUpdates;
  private readonly insertAuthorship;
  private readonly selectAuthorship;

  constructor(private readonly db: Database) {
    this.insert = db.prepare("INSERT INTO document_updates (document, data, created_at) VALUES (?, ?, ?)");
    this.selectSnapshot = db.prepare("SELECT data FROM document_snapshots WHERE document = ?");
    this.selectUpdates = db.prepare("SELECT id, data FROM document_updates WHERE document = ? ORDER BY id");
    this.countUpdates = db.prepare("SELECT COUNT(*) AS n FROM document_updates WHERE document = ?");
    this.insertAuthorship = db.prepare(
      `INSERT INTO document_authorship (document, kind, client, clock_start, clock_end, user_id, delegation, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectAuthorship = db.prepare(
      `SELECT kind, client, clock_start AS start, clock_end AS "end", delegation FROM document_authorship
        WHERE document = ? ORDER BY id`,
    );
  }

  /** Snapshot first, then every later update, in order. Empty for a document never written. */
  load(document: string): Uint8Array[] {
    const parts: Uint8Array[] = [];
    const snapshot = this.selectSnapshot.get(document) as { data: Buffer } | undefined;
    if (snapshot) parts.push(new Uint8Array(snapshot.data));
    for (const row of this.selectUpdates.iterate(document) as Iterable<{ id: number; data: Buffer }>) {
      parts.push(new Uint8Array(row.data));
    }
    return parts;
  }

  append(document: string, update: Uint8Array, authorship?: UpdateAuthorship): void {
    if (!authorship) {
      this.insert.run(document, Buffer.from(update.buffer, update.byteOffset, update.byteLength), Date.now());
      return;
    }
    this.db.transaction(() => this.write({ document, update, authorship }, Date.now()))();
  }

  /**
   * Appends several updates in one transaction (one commit, one fsync at
   * most), each with who sent it: the authorship is durable exactly when the
   * update is.
   */
  appendMany(entries: readonly LogEntry[]): void {
    if (entries.length === 0) return;
    const now = Date.now();
    this.db.transaction(() => {
      for (const entry of entries) this.write(entry, now);
    })();
  }

  private write({ document, update, authorship }: LogEntry, now: number): void {
    this.insert.run(document, Buffer.from(update.buffer, update.byteOffset, update.byteLength), now);
    if (!authorship) return;
    for (const [kind, ranges] of [
      ["insert", authorship.inserts],
      ["delete", authorship.deletes],
    ] as const) {
      for (const range of ranges) {
        this.insertAuthorship.run(
          document,
          kind,
          range.client,
          range.start,
          range.end,
          authorship.userId,
          authorship.delegation,
          now,
        );
      }
    }
  }

  /** Every recorded authorship range of a document, in the order recorded. */
  authorship(document: string): AuthorshipRange[] {
    return this.selectAuthorship.all(document) as AuthorshipRange[];
  }

  /**
   * The whole document as one update. Read inside a transaction, the states
   * of several documents are of one instant: every update is in the log
   * before anyone sees it.
   */
  state(document: string): Uint8Array {
    const parts = this.load(document);
    if (parts.length === 0) return Y.encodeStateAsUpdate(new Y.Doc());
    return parts.length === 1 ? (parts[0] as Uint8Array) : Y.mergeUpdates(parts);
  }

  pendingCount(document: string): number {
    return (this.countUpdates.get(document) as { n: number }).n;
  }

  /**
   * Replaces the snapshot with `state` (the full document, which already
   * contains every logged update) and drops the log, atomically. Callers pass
   * the state of the live document, encoded in the same synchronous turn, so
   * no update can slip in between encoding and deleting.
   */
  compact(document: string, state: Uint8Array): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO document_snapshots (document, data, updated_at) VALUES (?, ?, ?)
           ON CONFLICT(document) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
        )
        .run(document, Buffer.from(state.buffer, state.byteOffset, state.byteLength), Date.now());
      this.db.prepare("DELETE FROM document_updates WHERE document = ?").run(document);
    })();
  }
}
