import { createHash, randomBytes } from "node:crypto";
import type { DelegationKind } from "../../shared/delegations.ts";
import type { PendingInvitation } from "../../shared/membershipChange.ts";
import type { Role } from "../../shared/roles.ts";
import type { InvitationStatus, InvitationSummary } from "../../shared/types.ts";
import { newId } from "./ids.ts";
import type { SqlExecutor } from "./sql/SqlExecutor.ts";

export interface Invitation {
  id: string;
  groupId: string;
  email: string;
  role: Role;
  /** Set by the inviter; null only for an existing account invited without naming it. */
  delegation: string | null;
  invitedBy: string;
  expiresAt: number;
  usedAt: number | null;
}

export type InvalidationReason = "inviterLostRight" | "inviteeRemoved";

interface InvitationRow {
  id: string;
  group_id: string;
  email: string;
  role: Role;
  delegation: string | null;
  invited_by: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  revoked_at: number | null;
  invalidated_at: number | null;
}

const COLUMNS =
  "i.id, i.group_id, i.email, i.role, i.delegation, i.invited_by, i.created_at, i.expires_at, i.used_at, i.revoked_at, i.invalidated_at";

/**
 * Single-use, expiring, revocable invitations; like sessions, only a hash of
 * the token is stored.
 */
export class InvitationStore {
  constructor(private readonly db: SqlExecutor) {}

  async create(
    input: { groupId: string; email: string; role: Role; delegation: string | null; invitedBy: string; ttlMs: number },
    now = Date.now(),
  ): Promise<{ invitation: Invitation; token: string }> {
    const token = randomBytes(32).toString("base64url");
    const invitation: Invitation = {
      id: newId(),
      groupId: input.groupId,
      email: input.email,
      role: input.role,
      delegation: input.delegation,
      invitedBy: input.invitedBy,
      expiresAt: now + input.ttlMs,
      usedAt: null,
    };
    await this.db.run(
      `INSERT INTO invitations (id, token_hash, group_id, email, role, delegation, invited_by, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        invitation.id,
        hashToken(token),
        invitation.groupId,
        invitation.email,
        invitation.role,
        invitation.delegation,
        invitation.invitedBy,
        now,
        invitation.expiresAt,
      ],
    );
    return { invitation, token };
  }

  /** The invitation for a token if it is still pending (unused, unexpired, not revoked or invalidated), else null. */
  async findUsable(token: string, now = Date.now()): Promise<Invitation | null> {
    if (!token || token.length > 200) return null;
    const row = (await this.db.get(`SELECT ${COLUMNS} FROM invitations i WHERE i.token_hash = ?`, [
      hashToken(token),
    ])) as InvitationRow | undefined;
    if (!row || statusOf(row, now) !== "pending") return null;
    return toInvitation(row);
  }

  async get(invitationId: string): Promise<(Invitation & { status: InvitationStatus }) | null> {
    const row = (await this.db.get(`SELECT ${COLUMNS} FROM invitations i WHERE i.id = ?`, [invitationId])) as
      | InvitationRow
      | undefined;
    return row ? { ...toInvitation(row), status: statusOf(row, Date.now()) } : null;
  }

  /** Every invitation of a group, newest first, with its state. */
  async listForGroup(groupId: string, now = Date.now()): Promise<InvitationSummary[]> {
    const rows = (await this.db.all(
      `SELECT ${COLUMNS}, u.name AS inviter_name, u.delegation AS inviter_delegation
           FROM invitations i JOIN users u ON u.id = i.invited_by
          WHERE i.group_id = ? ORDER BY i.created_at DESC, i.id`,
      [groupId],
    )) as (InvitationRow & { inviter_name: string; inviter_delegation: string })[];
    return rows.map((row) => ({
      id: row.id,
      email: row.email,
      role: row.role,
      delegation: row.delegation,
      invitedBy: { userId: row.invited_by, name: row.inviter_name, delegation: row.inviter_delegation },
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      status: statusOf(row, now),
    }));
  }

  /**
   * Pending invitations of a group as the membership rules see them: with the
   * inviter's admin flag and the invited delegation's kind. An invitation of
   * an existing account without a delegation is judged by that account's.
   */
  async pendingForGroup(groupId: string, now = Date.now()): Promise<PendingInvitation[]> {
    const rows = (await this.db.all(
      `SELECT i.id, i.email, i.role, inviter.id AS inviter_id, inviter.is_admin AS inviter_admin,
                d.code AS delegation_code, d.kind AS delegation_kind
           FROM invitations i
           JOIN users inviter ON inviter.id = i.invited_by
           LEFT JOIN users invitee ON lower(invitee.email) = lower(i.email)
           LEFT JOIN delegations d ON d.code = COALESCE(i.delegation, invitee.delegation)
          WHERE i.group_id = ? AND i.used_at IS NULL AND i.revoked_at IS NULL AND i.invalidated_at IS NULL
            AND i.expires_at > ?`,
      [groupId, now],
    )) as {
      id: string;
      email: string;
      role: Role;
      inviter_id: string;
      inviter_admin: number;
      delegation_code: string | null;
      delegation_kind: DelegationKind | null;
    }[];
    return rows.map((row) => ({
      id: row.id,
      email: row.email,
      role: row.role,
      // No delegation at all cannot be judged: treat it as the secretariat, which only the admin may invite.
      delegation: { code: row.delegation_code ?? "", kind: row.delegation_kind ?? "secretariat" },
      inviter: { userId: row.inviter_id, isAdmin: row.inviter_admin === 1 },
    }));
  }

  /** Marks it used; false if it stopped being pending first (the check and the write are one statement). */
  async markUsed(invitationId: string, userId: string, now = Date.now()): Promise<boolean> {
    return (
      (
        await this.db.run(
          `UPDATE invitations SET used_at = ?, used_by = ?
            WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL AND invalidated_at IS NULL AND expires_at > ?`,
          [now, userId, invitationId, now],
        )
      ).changes === 1
    );
  }

  /** Revokes a pending invitation; false if it was no longer pending. */
  async revoke(invitationId: string, userId: string, now = Date.now()): Promise<boolean> {
    return (
      (
        await this.db.run(
          `UPDATE invitations SET revoked_at = ?, revoked_by = ?
            WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL AND invalidated_at IS NULL`,
          [now, userId, invitationId],
        )
      ).changes === 1
    );
  }

  async invalidate(invitationId: string, reason: InvalidationReason, now = Date.now()): Promise<void> {
    await this.db.run(
      `UPDATE invitations SET invalidated_at = ?, invalidated_reason = ?
          WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL AND invalidated_at IS NULL`,
      [now, reason, invitationId],
    );
  }
}

function statusOf(row: InvitationRow, now: number): InvitationStatus {
  if (row.used_at !== null) return "used";
  if (row.revoked_at !== null) return "revoked";
  if (row.invalidated_at !== null) return "invalidated";
  if (row.expires_at <= now) return "expired";
  return "pending";
}

function toInvitation(row: InvitationRow): Invitation {
  return {
    id: row.id,
    groupId: row.group_id,
    email: row.email,
    role: row.role,
    delegation: row.delegation,
    invitedBy: row.invited_by,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
  };
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
