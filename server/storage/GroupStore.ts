import { effectiveRole } from "../../shared/permissions.ts";
import type { Role } from "../../shared/roles.ts";
import type { GroupMember, GroupSummary } from "../../shared/types.ts";
import type { Database } from "./Database.ts";
import { newId } from "./ids.ts";

export interface Group {
  id: string;
  name: string;
}

export class GroupStore {
  constructor(private readonly db: Database) {}

  create(name: string): Group {
    const id = newId();
    this.db.prepare("INSERT INTO working_groups (id, name, created_at) VALUES (?, ?, ?)").run(id, name, Date.now());
    return { id, name };
  }

  get(groupId: string): Group | null {
    return (
      (this.db.prepare("SELECT id, name FROM working_groups WHERE id = ?").get(groupId) as Group | undefined) ?? null
    );
  }

  setMember(groupId: string, userId: string, role: Role): void {
    this.db
      .prepare(
        `INSERT INTO memberships (group_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(group_id, user_id) DO UPDATE SET role = excluded.role`,
      )
      .run(groupId, userId, role, Date.now());
  }

  roleOf(groupId: string, userId: string): Role | null {
    const row = this.db
      .prepare("SELECT role FROM memberships WHERE group_id = ? AND user_id = ?")
      .get(groupId, userId) as { role: Role } | undefined;
    return row?.role ?? null;
  }

  /** Groups the user belongs to, with the role they act with; the site admin sees every group. */
  listForUser(userId: string, isAdmin: boolean): GroupSummary[] {
    const rows = this.db
      .prepare(
        `SELECT g.id, g.name, m.role
           FROM working_groups g ${isAdmin ? "LEFT " : ""}JOIN memberships m ON m.group_id = g.id AND m.user_id = ?
          ORDER BY g.created_at, g.name`,
      )
      .all(userId) as { id: string; name: string; role: Role | null }[];
    return rows.flatMap(({ id, name, role }) => {
      const effective = effectiveRole({ isAdmin, role });
      return effective === null ? [] : [{ id, name, role: effective }];
    });
  }

  members(groupId: string): GroupMember[] {
    return this.db
      .prepare(
        `SELECT u.id AS userId, u.name, u.delegation, m.role
           FROM memberships m JOIN users u ON u.id = m.user_id
          WHERE m.group_id = ?
          ORDER BY CASE m.role WHEN 'lead' THEN 0 WHEN 'member' THEN 1 ELSE 2 END, u.delegation, u.name`,
      )
      .all(groupId) as GroupMember[];
  }

  removeMember(groupId: string, userId: string): void {
    this.db.prepare("DELETE FROM memberships WHERE group_id = ? AND user_id = ?").run(groupId, userId);
  }

  countLeads(groupId: string): number {
    return (
      this.db.prepare("SELECT COUNT(*) AS n FROM memberships WHERE group_id = ? AND role = 'lead'").get(groupId) as {
        n: number;
      }
    ).n;
  }
}
