import { nameKey } from "../../shared/displayText.ts";
import type { User } from "../../shared/types.ts";
import type { Database } from "./Database.ts";
import { newId } from "./ids.ts";

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
  constructor(private readonly db: Database) {}

  create(input: NewUser): User {
    const id = newId();
    this.db
      .prepare(
        "INSERT INTO users (id, email, name, delegation, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .run(id, input.email, input.name, input.delegation, input.passwordHash, input.isAdmin ? 1 : 0, Date.now());
    return { id, email: input.email, name: input.name, delegation: input.delegation, isAdmin: Boolean(input.isAdmin) };
  }

  findByEmail(email: string): UserWithHash | null {
    const row = this.db.prepare("SELECT * FROM users WHERE email = ?").get(email) as UserRow | undefined;
    return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
  }

  findById(id: string): User | null {
    const row = this.db.prepare("SELECT * FROM users WHERE id = ?").get(id) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  /** Everyone with an account (the admin's list). */
  list(): User[] {
    return (this.db.prepare("SELECT * FROM users ORDER BY delegation, name").all() as UserRow[]).map(toUser);
  }

  /** Whether someone other than `exceptUserId` in the delegation goes by this name (compared by nameKey). */
  nameTaken(delegation: string, name: string, exceptUserId: string | null = null): boolean {
    const key = nameKey(name);
    const rows = this.db.prepare("SELECT id, name FROM users WHERE delegation = ?").all(delegation) as {
      id: string;
      name: string;
    }[];
    return rows.some((row) => row.id !== exceptUserId && nameKey(row.name) === key);
  }

  update(userId: string, patch: { name?: string; delegation?: string }): void {
    if (patch.name !== undefined) this.db.prepare("UPDATE users SET name = ? WHERE id = ?").run(patch.name, userId);
    if (patch.delegation !== undefined) {
      this.db.prepare("UPDATE users SET delegation = ? WHERE id = ?").run(patch.delegation, userId);
    }
  }

  setPasswordHash(userId: string, passwordHash: string): void {
    this.db.prepare("UPDATE users SET password_hash = ? WHERE id = ?").run(passwordHash, userId);
  }

  count(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM users").get() as { n: number }).n;
  }
}

function toUser(row: UserRow): User {
  return { id: row.id, email: row.email, name: row.name, delegation: row.delegation, isAdmin: row.is_admin === 1 };
}
