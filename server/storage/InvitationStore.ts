import { createHash, randomBytes } from "node:crypto";
import type { Role } from "../../shared/roles.ts";
import type { Database } from "./Database.ts";
import { newId } from "./ids.ts";

export interface Invitation {
  id: string;
  groupId: string;
  email: string;
  role: Role;
  invitedBy: string;
  expiresAt: number;
  usedAt: number | null;
}

/** Single-use, expiring invitations; like sessions, only a hash of the token is stored. */
export class InvitationStore {
  constructor(private readonly db: Database) {}

  create(
    input: { groupId: string; email: string; role: Role; invitedBy: string; ttlMs: number },
    now = Date.now(),
  ): { invitation: Invitation; token: string } {
    const token = randomBytes(32).toString("base64url");
    const invitation: Invitation = {
      id: newId(),
      groupId: input.groupId,
      email: input.email,
      role: input.role,
      invitedBy: input.invitedBy,
      expiresAt: now + input.ttlMs,
      usedAt: null,
    };
    this.db
      .prepare(
        `INSERT INTO invitations (id, token_hash, group_id, email, role, invited_by, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        invitation.id,
        hashToken(token),
        invitation.groupId,
        invitation.email,
        invitation.role,
        invitation.invitedBy,
        now,
        invitation.expiresAt,
      );
    return { invitation, token };
  }

  /** The invitation for a token if it is unused and unexpired, else null. */
  findUsable(token: string, now = Date.now()): Invitation | null {
    if (!token || token.length > 200) return null;
    const row = this.db
      .prepare(
        `SELECT id, group_id, email, role, invited_by, expires_at, used_at FROM invitations WHERE token_hash = ?`,
      )
      .get(hashToken(token)) as
      | {
          id: string;
          group_id: string;
          email: string;
          role: Role;
          invited_by: string;
          expires_at: number;
          used_at: number | null;
        }
      | undefined;
    if (!row || row.used_at !== null || row.expires_at <= now) return null;
    return {
      id: row.id,
      groupId: row.group_id,
      email: row.email,
      role: row.role,
      invitedBy: row.invited_by,
      expiresAt: row.expires_at,
      usedAt: row.used_at,
    };
  }

  /** Marks it used; false if someone used it first (the check and the write are one statement). */
  markUsed(invitationId: string, userId: string, now = Date.now()): boolean {
    return (
      this.db
        .prepare("UPDATE invitations SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?")
        .run(now, userId, invitationId, now).changes === 1
    );
  }
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
