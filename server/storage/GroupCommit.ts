import type { DocumentLog, UpdateAuthorship } from "./DocumentLog.ts";

interface Pending {
  document: string;
  update: Uint8Array;
  authorship: UpdateAuthorship | undefined;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Batches appends into one transaction (one commit, and one fsync under the
 * `power` durability level): what arrives in one event-loop turn, and what
 * arrives while the previous batch commits, goes in the next batch. Each
 * caller's promise settles only after its batch is committed, so "appended"
 * always means "stored as far as the durability level promises".
 */
export class GroupCommit {
  private batch: Pending[] = [];
  private scheduled = false;
  private committing: Promise<void> | null = null;

  constructor(private readonly log: Pick<DocumentLog, "appendMany">) {}

  append(document: string, update: Uint8Array, authorship?: UpdateAuthorship): Promise<void> {
    return new Promise((resolve, reject) => {
      this.batch.push({ document, update, authorship, resolve, reject });
      this.schedule();
    });
  }

  /** Commits what is queued now and waits for every batch in flight (also used on shutdown). */
  async flush(): Promise<void> {
    this.scheduled = false;
    while (this.committing || this.batch.length > 0) {
      if (this.committing) await this.committing;
      else this.commitNext();
    }
  }

  private schedule(): void {
    if (this.scheduled || this.committing) return;
    this.scheduled = true;
    // setImmediate runs after the I/O callbacks of this turn: every message
    // that arrived together lands in the same batch.
    setImmediate(() => {
      if (!this.scheduled) return;
      this.scheduled = false;
      this.commitNext();
    });
  }

  private commitNext(): void {
    if (this.committing) return;
    const batch = this.batch;
    this.batch = [];
    if (batch.length === 0) return;
    this.committing = this.log.appendMany(batch).then(
      () => {
        for (const pending of batch) pending.resolve();
      },
      (error: unknown) => {
        for (const pending of batch) pending.reject(error);
      },
    );
    void this.committing.finally(() => {
      this.committing = null;
      if (this.batch.length > 0) this.schedule();
    });
  }
}
