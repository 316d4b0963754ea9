import { createHash, randomBytes } from "node:crypto";
import type { User } from "../../shared/types.ts";
import { newId } from "./ids.ts";
import type { SqlExecutor } from "./sql/SqlExecutor.ts";

export interface Session {
  id: string;
  userId: string;
  expiresAt: number;
}

export interface AuthenticatedSession {
  session: Session;
  user: User;
}

/**
 * Opaque session tokens: 256 random bits handed to the client once; only a
 * SHA-256 of the token is stored, so a leaked database cannot be replayed.
 * (A slow KDF is unnecessary for tokens with this much entropy.)
 */
export class SessionStore {
  constructor(
    private readonly db: SqlExecutor,
    private readonly ttlMs: number,
  ) {}

  async create(userId: string, now = Date.now()): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString("base64url");
    const session: Session = { id: newId(), userId, expiresAt: now + this.ttlMs };
    await this.db.run("INSERT INTO sessions (id, token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)", [
      session.id,
      hashToken(token),
      userId,
      now,
      session.expiresAt,
    ]);
    return { token, session };
  }

  /** The live session for a token, or null if unknown, revoked or expired. */
  async authenticate(token: string, now = Date.now()): Promise<AuthenticatedSession | null> {
    if (!token || token.length > 200) return null;
    const row = (await this.db.get(
      `SELECT s.id AS session_id, s.user_id, s.expires_at, s.revoked_at,
                u.email, u.name, u.delegation, u.is_admin
           FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.token_hash = ?`,
      [hashToken(token)],
    )) as
      | {
          session_id: string;
          user_id: string;
          expires_at: number;
          revoked_at: number | null;
          email: string;
          name: string;
          delegation: string;
          is_admin: number;
        }
      | undefined;
    if (!row || row.revoked_at !== null || row.expires_at <= now) return null;
    return {
      session: { id: row.session_id, userId: row.user_id, expiresAt: row.expires_at },
      user: {
        id: row.user_id,
        email: row.email,
        name: row.name,
        delegation: row.delegation,
        isAdmin: row.is_admin === 1,
      },
    };
  }

  /** Whether a session is still live (not revoked, not expired). */
  async isLive(sessionId: string, now = Date.now()): Promise<boolean> {
    const row = (await this.db.get("SELECT expires_at, revoked_at FROM sessions WHERE id = ?", [sessionId])) as
      | { expires_at: number; revoked_at: number | null }
      | undefined;
    return Boolean(row && row.revoked_at === null && row.expires_at > now);
  }

  /** Revokes every live session of a user except `keep`; returns the ids revoked. */
  async revokeAllForUser(userId: string, keep: string | null, now = Date.now()): Promise<string[]> {
    const rows = await this.db.all<{ id: string }>(
      "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND id IS DISTINCT FROM ? RETURNING id",
      [now, userId, keep],
    );
    return rows.map((row) => row.id);
  }

  async revoke(sessionId: string, now = Date.now()): Promise<void> {
    await this.db.run("UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [now, sessionId]);
  }
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
