import type { Database } from "./Database.ts";

export interface AuditEntry {
  actorId: string | null;
  actorDelegation: string | null;
  groupId: string | null;
  action: string;
  target?: string;
  details?: Record<string, unknown>;
}

/** Append-only record of who changed what; triggers in the schema refuse updates and deletes. */
export class AuditLog {
  constructor(private readonly db: Database) {}

  append(entry: AuditEntry, now = Date.now()): void {
    this.db
      .prepare(
        "INSERT INTO audit_log (at, actor_id, actor_delegation, group_id, action, target, details) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        now,
        entry.actorId,
        entry.actorDelegation,
        entry.groupId,
        entry.action,
        entry.target ?? null,
        JSON.stringify(entry.details ?? {}),
      );
  }
}
