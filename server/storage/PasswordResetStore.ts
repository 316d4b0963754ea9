import { createHash, randomBytes } from "node:crypto";
import type { Database } from "./Database.ts";
import { newId } from "./ids.ts";

export interface PasswordReset {
  id: string;
  userId: string;
  expiresAt: number;
}

/**
 * Single-use, expiring password reset links made by the site admin. Like
 * sessions and invitations, only a hash of the token is stored; a new link
 * for a user retires the older ones.
 */
export class PasswordResetStore {
  constructor(private readonly db: Database) {}

  create(
    input: { userId: string; createdBy: string; ttlMs: number },
    now = Date.now(),
  ): { reset: PasswordReset; token: string } {
    const token = randomBytes(32).toString("base64url");
    const reset: PasswordReset = { id: newId(), userId: input.userId, expiresAt: now + input.ttlMs };
    this.db
      .prepare("UPDATE password_resets SET revoked_at = ? WHERE user_id = ? AND used_at IS NULL AND revoked_at IS NULL")
      .run(now, input.userId);
    this.db
      .prepare(
        `INSERT INTO password_resets (id, token_hash, user_id, created_by, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(reset.id, hashToken(token), input.userId, input.createdBy, now, reset.expiresAt);
    return { reset, token };
  }

  /** The reset for a token if it is unused, unexpired and not retired, else null. */
  findUsable(token: string, now = Date.now()): PasswordReset | null {
    if (!token || token.length > 200) return null;
    const row = this.db
      .prepare("SELECT id, user_id, expires_at, used_at, revoked_at FROM password_resets WHERE token_hash = ?")
      .get(hashToken(token)) as
      | { id: string; user_id: string; expires_at: number; used_at: number | null; revoked_at: number | null }
      | undefined;
    if (!row || row.used_at !== null || row.revoked_at !== null || row.expires_at <= now) return null;
    return { id: row.id, userId: row.user_id, expiresAt: row.expires_at };
  }

  /** Marks it used; false if it was used, retired or expired meanwhile (check and write in one statement). */
  markUsed(resetId: string, now = Date.now()): boolean {
    return (
      this.db
        .prepare(
          "UPDATE password_resets SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?",
        )
        .run(now, resetId, now).changes === 1
    );
  }
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
