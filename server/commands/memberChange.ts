import {
  type MembershipChangePlan,
  type MembershipEffect,
  planMembershipChange,
} from "../../shared/membershipChange.ts";
import type { Role } from "../../shared/roles.ts";
import type { User } from "../../shared/types.ts";
import type { Stores } from "../storage/UnitOfWork.ts";
import { auditBy } from "./audit.ts";

export type MemberChangeStores = Pick<Stores, "groups" | "drafts" | "invitations" | "audit">;

export interface MemberChangeSubject {
  userId: string;
  email: string;
  delegation: string;
}

/** What changing `subject` from `from` to `to` would do, from what the database says now. */
export async function planMemberChange(
  stores: MemberChangeStores,
  groupId: string,
  subject: MemberChangeSubject,
  from: Role | null,
  to: Role | null,
): Promise<MembershipChangePlan> {
  return planMembershipChange({
    members: await stores.groups.members(groupId),
    subject,
    from,
    to,
    pens: from === null ? [] : await stores.drafts.penSectionsInGroup(groupId, subject.userId),
    invitations: await stores.invitations.pendingForGroup(groupId),
  });
}

/**
 * Writes a planned change and its side effects, and the one audit entry that
 * names them all. Call inside the transaction the plan was made in. Returns
 * the drafts whose penholders changed.
 */
export async function applyMemberChange(
  stores: MemberChangeStores,
  input: {
    by: User;
    groupId: string;
    subject: MemberChangeSubject;
    from: Role | null;
    to: Role | null;
    effects: readonly MembershipEffect[];
    action: "member.role" | "member.remove" | "member.join";
    details?: Record<string, unknown>;
  },
): Promise<{ touchedDrafts: string[] }> {
  const { groupId, subject, to, effects } = input;
  const dropsPen = effects.some((effect) => effect.kind === "penDropped") || to === null;
  const touchedDrafts = dropsPen ? await stores.drafts.dropPenholder(groupId, subject.userId) : [];
  if (to === null) await stores.groups.removeMember(groupId, subject.userId);
  else await stores.groups.setMember(groupId, subject.userId, to);
  for (const effect of effects) {
    if (effect.kind === "invitationInvalidated")
      await stores.invitations.invalidate(effect.invitationId, effect.reason);
  }
  await stores.audit.append(
    auditBy(input.by, groupId, input.action, subject.userId, {
      ...(input.action === "member.remove" ? { role: input.from } : input.from !== null && { from: input.from, to }),
      ...input.details,
      ...(touchedDrafts.length > 0 && { penholderRemovedFromDrafts: touchedDrafts }),
      effects,
    }),
  );
  return { touchedDrafts };
}
