import type { AuditRecord } from "../../shared/types.ts";
import type { SqlExecutor } from "./sql/SqlExecutor.ts";

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
  constructor(private readonly db: SqlExecutor) {}

  async append(entry: AuditEntry, now = Date.now()): Promise<void> {
    await this.db.run(
      "INSERT INTO audit_log (at, actor_id, actor_delegation, group_id, action, target, details) VALUES (?, ?, ?, ?, ?, ?, ?)",
      [
        now,
        entry.actorId,
        entry.actorDelegation,
        entry.groupId,
        entry.action,
        entry.target ?? null,
        JSON.stringify(entry.details ?? {}),
      ],
    );
  }

  /** Newest first. `groupId` null lists every group (the admin's view). */
  async list(filter: AuditFilter): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.groupId !== null) {
      where.push("a.group_id = ?");
      params.push(filter.groupId);
    }
    if (filter.action) {
      where.push("(a.action = ? OR a.action LIKE ?)");
      params.push(filter.action, `${filter.action}.%`);
    }
    if (filter.actorId) {
      where.push("a.actor_id = ?");
      params.push(filter.actorId);
    }
    if (filter.target) {
      where.push("a.target = ?");
      params.push(filter.target);
    }
    if (filter.before) {
      where.push("a.id < ?");
      params.push(filter.before);
    }
    params.push(filter.limit);
    const rows = (await this.db.all(
      `SELECT a.id, a.at, a.actor_id, a.actor_delegation, u.name AS actor_name, a.group_id, a.action, a.target, a.details
           FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
          ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
          ORDER BY a.id DESC LIMIT ?`,
      params,
    )) as {
      id: number;
      at: number;
      actor_id: string | null;
      actor_delegation: string | null;
      actor_name: string | null;
      group_id: string | null;
      action: string;
      target: string | null;
      details: string;
    }[];
    return rows.map((row) => ({
      id: row.id,
      at: row.at,
      actor: row.actor_id
        ? { id: row.actor_id, name: row.actor_name ?? "", delegation: row.actor_delegation ?? "" }
        : null,
      groupId: row.group_id,
      action: row.action,
      target: row.target,
      details: JSON.parse(row.details) as Record<string, unknown>,
    }));
  }
}

export interface AuditFilter {
  groupId: string | null;
  action?: string;
  actorId?: string;
  target?: string;
  before?: number;
  limit: number;
}
