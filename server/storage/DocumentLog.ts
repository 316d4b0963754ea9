import type { Database } from "./Database.ts";

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

  constructor(private readonly db: Database) {
    this.insert = db.prepare("INSERT INTO document_updates (document, data, created_at) VALUES (?, ?, ?)");
    this.selectSnapshot = db.prepare("SELECT data FROM document_snapshots WHERE document = ?");
    this.selectUpdates = db.prepare("SELECT id, data FROM document_updates WHERE document = ? ORDER BY id");
    this.countUpdates = db.prepare("SELECT COUNT(*) AS n FROM document_updates WHERE document = ?");
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

  append(document: string, update: Uint8Array): void {
    this.insert.run(document, Buffer.from(update.buffer, update.byteOffset, update.byteLength), Date.now());
  }

  /** Appends several updates in one transaction (one commit, one fsync at most). */
  appendMany(entries: readonly { document: string; update: Uint8Array }[]): void {
    if (entries.length === 0) return;
    const now = Date.now();
    this.db.transaction(() => {
      for (const { document, update } of entries) {
        this.insert.run(document, Buffer.from(update.buffer, update.byteOffset, update.byteLength), now);
      }
    })();
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

  hasDocument(document: string): boolean {
    return this.selectSnapshot.get(document) !== undefined || (this.countUpdates.get(document) as { n: number }).n > 0;
  }
}
