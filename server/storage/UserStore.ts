import { nameKey } from "../../shared/displayText.ts";
import type { User } from "../../shared/types.ts";
import { newId } from "./ids.ts";
import type { SqlExecutor } from "./sql/SqlExecutor.ts";

interface UserRow {
  id: string;
  email: string;
  name: string;
  delegation: string;
  password_hash: string;
  is_admin: number;
}

export interface UserWithHash {
  user: User;
  passwordHash: string;
}

export interface NewUser {
  email: string;
  name: string;
  delegation: string;
  passwordHash: string;
  isAdmin?: boolean;
}

export class UserStore {
  constructor(private readonly db: SqlExecutor) {}

  async create(input: NewUser): Promise<User> {
    const id = newId();
    await this.db.run(
      "INSERT INTO users (id, email, name, delegation, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      [id, input.email, input.name, input.delegation, input.passwordHash, input.isAdmin ? 1 : 0, Date.now()],
    );
    return { id, email: input.email, name: input.name, delegation: input.delegation, isAdmin: Boolean(input.isAdmin) };
  }

  async findByEmail(email: string): Promise<UserWithHash | null> {
    const row = (await this.db.get("SELECT * FROM users WHERE lower(email) = lower(?)", [email])) as
      | UserRow
      | undefined;
    return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
  }

  async findById(id: string): Promise<User | null> {
    const row = (await this.db.get("SELECT * FROM users WHERE id = ?", [id])) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  /** Everyone with an account (the admin's list). */
  async list(): Promise<User[]> {
    return ((await this.db.all("SELECT * FROM users ORDER BY delegation, name")) as UserRow[]).map(toUser);
  }

  /** Whether someone other than `exceptUserId` in the delegation goes by this name (compared by nameKey). */
  async nameTaken(delegation: string, name: string, exceptUserId: string | null = null): Promise<boolean> {
    const key = nameKey(name);
    const rows = (await this.db.all("SELECT id, name FROM users WHERE delegation = ?", [delegation])) as {
      id: string;
      name: string;
    }[];
    return rows.some((row) => row.id !== exceptUserId && nameKey(row.name) === key);
  }

  async update(userId: string, patch: { name?: string; delegation?: string }): Promise<void> {
    if (patch.name !== undefined) await this.db.run("UPDATE users SET name = ? WHERE id = ?", [patch.name, userId]);
    if (patch.delegation !== undefined) {
      await this.db.run("UPDATE users SET delegation = ? WHERE id = ?", [patch.delegation, userId]);
    }
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.db.run("UPDATE users SET password_hash = ? WHERE id = ?", [passwordHash, userId]);
  }

  async count(): Promise<number> {
    return ((await this.db.get("SELECT COUNT(*) AS n FROM users")) as { n: number }).n;
  }
}

function toUser(row: UserRow): User {
  return { id: row.id, email: row.email, name: row.name, delegation: row.delegation, isAdmin: row.is_admin === 1 };
}
