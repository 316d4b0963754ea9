import { createHash, randomBytes } from "node:crypto";
import { newId } from "./ids.ts";
import type { SqlExecutor } from "./sql/SqlExecutor.ts";

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
  constructor(private readonly db: SqlExecutor) {}

  async create(
    input: { userId: string; createdBy: string; ttlMs: number },
    now = Date.now(),
  ): Promise<{ reset: PasswordReset; token: string }> {
    const token = randomBytes(32).toString("base64url");
    const reset: PasswordReset = { id: newId(), userId: input.userId, expiresAt: now + input.ttlMs };
    await this.db.run(
      "UPDATE password_resets SET revoked_at = ? WHERE user_id = ? AND used_at IS NULL AND revoked_at IS NULL",
      [now, input.userId],
    );
    await this.db.run(
      `INSERT INTO password_resets (id, token_hash, user_id, created_by, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      [reset.id, hashToken(token), input.userId, input.createdBy, now, reset.expiresAt],
    );
    return { reset, token };
  }

  /** The reset for a token if it is unused, unexpired and not retired, else null. */
  async findUsable(token: string, now = Date.now()): Promise<PasswordReset | null> {
    if (!token || token.length > 200) return null;
    const row = (await this.db.get(
      "SELECT id, user_id, expires_at, used_at, revoked_at FROM password_resets WHERE token_hash = ?",
      [hashToken(token)],
    )) as
      | { id: string; user_id: string; expires_at: number; used_at: number | null; revoked_at: number | null }
      | undefined;
    if (!row || row.used_at !== null || row.revoked_at !== null || row.expires_at <= now) return null;
    return { id: row.id, userId: row.user_id, expiresAt: row.expires_at };
  }

  /** Marks it used; false if it was used, retired or expired meanwhile (check and write in one statement). */
  async markUsed(resetId: string, now = Date.now()): Promise<boolean> {
    return (
      (
        await this.db.run(
          "UPDATE password_resets SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?",
          [now, resetId, now],
        )
      ).changes === 1
    );
  }
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
