import type { NegotiationPerson, SilenceProcedure, SilenceStatus } from "../../shared/negotiation.ts";
import type { SqlExecutor } from "./sql/SqlExecutor.ts";

interface SilenceRow {
  id: string;
  draft_id: string;
  until: number;
  status: SilenceStatus;
  started_by: string;
  started_by_name: string;
  started_by_delegation: string;
  started_at: number;
  ended_at: number | null;
  ended_by: string | null;
  ended_by_name: string | null;
  ended_by_delegation: string | null;
  reason: string | null;
}

const SELECT = `
  SELECT p.*, su.name AS started_by_name, eu.name AS ended_by_name
  FROM silence_procedures p
  JOIN users su ON su.id = p.started_by
  LEFT JOIN users eu ON eu.id = p.ended_by`;

/**
 * Silence procedures. A running procedure freezes its draft's text; it ends
 * once, by a conditional update, whoever (a request or the deadline) gets
 * there first.
 */
export class SilenceStore {
  constructor(private readonly db: SqlExecutor) {}

  async start(
    procedure: { id: string; draftId: string; until: number; by: { userId: string; delegation: string } },
    now: number,
  ): Promise<void> {
    await this.db.run(
      `INSERT INTO silence_procedures (id, draft_id, until, status, started_by, started_by_delegation, started_at)
         VALUES (?, ?, ?, 'running', ?, ?, ?)`,
      [procedure.id, procedure.draftId, procedure.until, procedure.by.userId, procedure.by.delegation, now],
    );
  }

  /**
   * Ends a running procedure; false if it was not running any more (it ended
   * already: nothing happens twice). `by` is null for the deadline.
   */
  async end(
    id: string,
    status: Exclude<SilenceStatus, "running">,
    by: { userId: string; delegation: string } | null,
    reason: string | null,
    now: number,
  ): Promise<boolean> {
    const result = await this.db.run(
      `UPDATE silence_procedures SET status = ?, ended_at = ?, ended_by = ?, ended_by_delegation = ?, reason = ?
         WHERE id = ? AND status = 'running'`,
      [status, now, by?.userId ?? null, by?.delegation ?? null, reason, id],
    );
    return result.changes === 1;
  }

  async get(id: string): Promise<SilenceProcedure | null> {
    const row = (await this.db.get(`${SELECT} WHERE p.id = ?`, [id])) as SilenceRow | undefined;
    return row ? toProcedure(row) : null;
  }

  /** The draft's latest procedure, or null if it never had one. */
  async latest(draftId: string): Promise<SilenceProcedure | null> {
    const row = (await this.db.get(
      `${SELECT} WHERE p.draft_id = ? ORDER BY p.started_at DESC, ${this.db.dialect.insertionOrder("p")} DESC LIMIT 1`,
      [draftId],
    )) as SilenceRow | undefined;
    return row ? toProcedure(row) : null;
  }

  /** Whether the draft is under a running procedure (its text is frozen). */
  async isRunning(draftId: string): Promise<boolean> {
    return (
      (await this.db.get("SELECT 1 FROM silence_procedures WHERE draft_id = ? AND status = 'running'", [draftId])) !==
      undefined
    );
  }

  /** Every running procedure (the scheduler arms a timer for each at start). */
  async running(): Promise<{ id: string; draftId: string; until: number }[]> {
    return (await this.db.all(
      `SELECT id, draft_id AS "draftId", until FROM silence_procedures WHERE status = 'running'`,
    )) as { id: string; draftId: string; until: number }[];
  }
}

function toProcedure(row: SilenceRow): SilenceProcedure {
  const endedBy: NegotiationPerson | null =
    row.ended_by !== null
      ? { userId: row.ended_by, name: row.ended_by_name ?? "", delegation: row.ended_by_delegation ?? "" }
      : null;
  return {
    id: row.id,
    draftId: row.draft_id,
    until: new Date(row.until).toISOString(),
    status: row.status,
    startedBy: { userId: row.started_by, name: row.started_by_name, delegation: row.started_by_delegation },
    startedAt: row.started_at,
    endedAt: row.ended_at,
    ...(row.status === "broken" && endedBy && { brokenBy: endedBy }),
    ...(row.status === "broken" && row.reason !== null && { reason: row.reason }),
    ...(row.status === "withdrawn" && endedBy && { withdrawnBy: endedBy }),
  };
}
