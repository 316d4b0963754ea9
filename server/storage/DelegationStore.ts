import type { DelegationKind } from "../../shared/delegations.ts";
import type { DelegationInfo } from "../../shared/types.ts";
import type { SqlExecutor } from "./sql/SqlExecutor.ts";

/** The delegations people belong to; the site admin manages them. */
export class DelegationStore {
  constructor(private readonly db: SqlExecutor) {}

  async list(): Promise<DelegationInfo[]> {
    return (await this.db.all(`SELECT code, name, kind FROM delegations
          ORDER BY CASE kind WHEN 'secretariat' THEN 0 WHEN 'organisation' THEN 1 ELSE 2 END, name`)) as DelegationInfo[];
  }

  async get(code: string): Promise<DelegationInfo | null> {
    return (
      ((await this.db.get("SELECT code, name, kind FROM delegations WHERE code = ?", [code])) as
        | DelegationInfo
        | undefined) ?? null
    );
  }

  /** Adds a delegation; false if the code is taken. */
  async create(delegation: DelegationInfo, now = Date.now()): Promise<boolean> {
    return (
      (
        await this.db.run(
          "INSERT INTO delegations (code, name, kind, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(code) DO NOTHING",
          [delegation.code, delegation.name, delegation.kind, now],
        )
      ).changes === 1
    );
  }

  /** Adds it unless the code exists (the demo seed). */
  async ensure(code: string, name: string, kind: DelegationKind): Promise<void> {
    await this.create({ code, name, kind });
  }

  async update(code: string, patch: { name?: string; kind?: DelegationKind }): Promise<void> {
    if (patch.name !== undefined)
      await this.db.run("UPDATE delegations SET name = ? WHERE code = ?", [patch.name, code]);
    if (patch.kind !== undefined)
      await this.db.run("UPDATE delegations SET kind = ? WHERE code = ?", [patch.kind, code]);
  }
}
