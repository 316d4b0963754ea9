import type { DelegationKind } from "../../shared/delegations.ts";
import type { DelegationInfo } from "../../shared/types.ts";
import type { Database } from "./Database.ts";

/** The delegations people belong to; the site admin manages them. */
export class DelegationStore {
  constructor(private readonly db: Database) {}

  list(): DelegationInfo[] {
    return this.db
      .prepare(
        `SELECT code, name, kind FROM delegations
          ORDER BY CASE kind WHEN 'secretariat' THEN 0 WHEN 'organisation' THEN 1 ELSE 2 END, name`,
      )
      .all() as DelegationInfo[];
  }

  get(code: string): DelegationInfo | null {
    return (
      (this.db.prepare("SELECT code, name, kind FROM delegations WHERE code = ?").get(code) as
        | DelegationInfo
        | undefined) ?? null
    );
  }

  /** Adds a delegation; false if the code is taken. */
  create(delegation: DelegationInfo, now = Date.now()): boolean {
    return (
      this.db
        .prepare(
          "INSERT INTO delegations (code, name, kind, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(code) DO NOTHING",
        )
        .run(delegation.code, delegation.name, delegation.kind, now).changes === 1
    );
  }

  /** Adds it unless the code exists (the demo seed). */
  ensure(code: string, name: string, kind: DelegationKind): void {
    this.create({ code, name, kind });
  }

  update(code: string, patch: { name?: string; kind?: DelegationKind }): void {
    if (patch.name !== undefined)
      this.db.prepare("UPDATE delegations SET name = ? WHERE code = ?").run(patch.name, code);
    if (patch.kind !== undefined)
      this.db.prepare("UPDATE delegations SET kind = ? WHERE code = ?").run(patch.kind, code);
  }
}
