import { effectiveRole } from "../../shared/permissions.ts";
import type { Role } from "../../shared/roles.ts";
import type { GroupMember, GroupSummary } from "../../shared/types.ts";
import { newId } from "./ids.ts";
import type { SqlExecutor } from "./sql/SqlExecutor.ts";

export interface Group {
  id: string;
  name: string;
}

export class GroupStore {
  constructor(private readonly db: SqlExecutor) {}

  async create(name: string): Promise<Group> {
    const id = newId();
    await this.db.run("INSERT INTO working_groups (id, name, created_at) VALUES (?, ?, ?)", [id, name, Date.now()]);
    return { id, name };
  }

  async get(groupId: string): Promise<Group | null> {
    return (
      ((await this.db.get("SELECT id, name FROM working_groups WHERE id = ?", [groupId])) as Group | undefined) ?? null
    );
  }

  async setMember(groupId: string, userId: string, role: Role): Promise<void> {
    await this.db.run(
      `INSERT INTO memberships (group_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(group_id, user_id) DO UPDATE SET role = excluded.role`,
      [groupId, userId, role, Date.now()],
    );
  }

  async roleOf(groupId: string, userId: string): Promise<Role | null> {
    const row = (await this.db.get("SELECT role FROM memberships WHERE group_id = ? AND user_id = ?", [
      groupId,
      userId,
    ])) as { role: Role } | undefined;
    return row?.role ?? null;
  }

  /** Groups the user belongs to, with the role they act with; the site admin sees every group. */
  async listForUser(userId: string, isAdmin: boolean): Promise<GroupSummary[]> {
    const rows = (await this.db.all(
      `SELECT g.id, g.name, m.role
           FROM working_groups g ${isAdmin ? "LEFT " : ""}JOIN memberships m ON m.group_id = g.id AND m.user_id = ?
          ORDER BY g.created_at, g.name`,
      [userId],
    )) as { id: string; name: string; role: Role | null }[];
    return rows.flatMap(({ id, name, role }) => {
      const effective = effectiveRole({ isAdmin, role });
      return effective === null ? [] : [{ id, name, role: effective }];
    });
  }

  async members(groupId: string): Promise<GroupMember[]> {
    return (await this.db.all(
      `SELECT u.id AS "userId", u.name, u.delegation, m.role
           FROM memberships m JOIN users u ON u.id = m.user_id
          WHERE m.group_id = ?
          ORDER BY CASE m.role WHEN 'lead' THEN 0 WHEN 'member' THEN 1 ELSE 2 END, u.delegation, u.name`,
      [groupId],
    )) as GroupMember[];
  }

  async removeMember(groupId: string, userId: string): Promise<void> {
    await this.db.run("DELETE FROM memberships WHERE group_id = ? AND user_id = ?", [groupId, userId]);
  }

  async countLeads(groupId: string): Promise<number> {
    return (
      (await this.db.get("SELECT COUNT(*) AS n FROM memberships WHERE group_id = ? AND role = 'lead'", [groupId])) as {
        n: number;
      }
    ).n;
  }
}
