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

export type DelegationKind = "state" | "organisation";

export class UserStore {
  constructor(private readonly db: Database) {}

  ensureDelegation(code: string, name: string, kind: DelegationKind): void {
    this.db
      .prepare("INSERT INTO delegations (code, name, kind) VALUES (?, ?, ?) ON CONFLICT(code) DO NOTHING")
      .run(code, name, kind);
  }

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

  delegationExists(code: string): boolean {
    return this.db.prepare("SELECT 1 FROM delegations WHERE code = ?").get(code) !== undefined;
  }

  listDelegations(): { code: string; name: string; kind: DelegationKind }[] {
    return this.db.prepare("SELECT code, name, kind FROM delegations ORDER BY kind DESC, code").all() as {
      code: string;
      name: string;
      kind: DelegationKind;
    }[];
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
