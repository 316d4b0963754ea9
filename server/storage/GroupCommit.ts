import type { DocumentLog, UpdateAuthorship } from "./DocumentLog.ts";

interface Pending {
  document: string;
  update: Uint8Array;
  authorship: UpdateAuthorship | undefined;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Batches the appends made in one event-loop turn into one transaction (one
 * commit, and one fsync under the `power` durability level). Each caller's
 * promise settles only after its batch is committed, so "appended" always
 * means "on disk as far as the durability level promises".
 */
export class GroupCommit {
  private batch: Pending[] = [];
  private scheduled = false;

  constructor(private readonly log: DocumentLog) {}

  append(document: string, update: Uint8Array, authorship?: UpdateAuthorship): Promise<void> {
    return new Promise((resolve, reject) => {
      this.batch.push({ document, update, authorship, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate runs after the I/O callbacks of this turn: every message
        // that arrived together lands in the same batch.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits what is queued now (also used on shutdown). */
  flush(): void {
    this.scheduled = false;
    const batch = this.batch;
    this.batch = [];
    if (batch.length === 0) return;
    try {
      this.log.appendMany(batch);
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    for (const pending of batch) pending.resolve();
  }
}
