import type { DelegationRef } from "./permissions.ts";
import { type Actor, canHoldPen, canInviteFor } from "./permissions.ts";
import { ROLE_LABELS, type Role } from "./roles.ts";

/**
 * What a change of someone's place in a group does besides the change itself.
 * One pure plan, used by the preview the UI shows before a role change or a
 * removal, by the change itself, and by accepting an invitation, so that all
 * three say and do exactly the same thing.
 */
export interface PenSection {
  sectionId: string;
  sectionTitle: string;
  /** 1-based position among the draft's sections, as people read it ("section 4"). */
  sectionNumber: number;
  draftId: string;
  draftTitle: string;
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: Role;
  delegation: DelegationRef;
  inviter: { userId: string; isAdmin: boolean };
}

export type MembershipEffect =
  | ({ kind: "penDropped" } & PenSection)
  | { kind: "accessLost" }
  | {
      kind: "invitationInvalidated";
      invitationId: string;
      email: string;
      reason: "inviterLostRight" | "inviteeRemoved";
    };

export interface GroupMembership {
  userId: string;
  delegation: string;
  role: Role;
}

export interface MembershipChangeInput {
  /** Everyone in the group now. */
  members: readonly GroupMembership[];
  subject: { userId: string; email: string; delegation: string };
  /** null: the subject joins (by invitation). */
  from: Role | null;
  /** null: the subject leaves the group. */
  to: Role | null;
  /** Sections of this group whose pen the subject holds. */
  pens: readonly PenSection[];
  /** Pending invitations of this group. */
  invitations: readonly PendingInvitation[];
}

export type MembershipChangePlan =
  | { ok: true; effects: MembershipEffect[] }
  | { ok: false; reason: "lastLead"; message: string };

export const LAST_LEAD_MESSAGE = "A working group needs at least one lead: appoint another lead first.";

export function planMembershipChange(input: MembershipChangeInput): MembershipChangePlan {
  const { members, subject, from, to } = input;
  if (from === "lead" && to !== "lead") {
    const leads = members.filter((member) => member.role === "lead").length;
    if (leads <= 1) return { ok: false, reason: "lastLead", message: LAST_LEAD_MESSAGE };
  }
  const effects: MembershipEffect[] = [];
  if (from !== null && !canHoldPen(to)) {
    for (const pen of input.pens) effects.push({ kind: "penDropped", ...pen });
  }
  if (from !== null && to === null) effects.push({ kind: "accessLost" });

  const after = membersAfter(members, subject, to);
  for (const invitation of input.invitations) {
    if (to === null && invitation.email.toLowerCase() === subject.email.toLowerCase()) {
      effects.push({
        kind: "invitationInvalidated",
        invitationId: invitation.id,
        email: invitation.email,
        reason: "inviteeRemoved",
      });
      continue;
    }
    if (invitationValid(invitation, members) && !invitationValid(invitation, after)) {
      effects.push({
        kind: "invitationInvalidated",
        invitationId: invitation.id,
        email: invitation.email,
        reason: "inviterLostRight",
      });
    }
  }
  return { ok: true, effects };
}

/** Whether the inviter could still make this invitation, given who is in the group. */
export function invitationValid(invitation: PendingInvitation, members: readonly GroupMembership[]): boolean {
  const inviterRole = members.find((member) => member.userId === invitation.inviter.userId)?.role ?? null;
  const actor: Actor = { userId: invitation.inviter.userId, isAdmin: invitation.inviter.isAdmin, role: inviterRole };
  const delegations = [...new Set(members.map((member) => member.delegation))];
  return canInviteFor(actor, invitation.role, invitation.delegation, delegations);
}

function membersAfter(
  members: readonly GroupMembership[],
  subject: MembershipChangeInput["subject"],
  to: Role | null,
): GroupMembership[] {
  const others = members.filter((member) => member.userId !== subject.userId);
  return to === null ? others : [...others, { userId: subject.userId, delegation: subject.delegation, role: to }];
}

/**
 * A side effect in words, e.g. "INTERPOL liaison (INTERPOL) will lose the pen
 * for section 4 “Cooperation with INTERPOL” of “Doctrine — zero draft”".
 */
export function describeEffect(effect: MembershipEffect, person: string): string {
  switch (effect.kind) {
    case "penDropped":
      return `${person} will lose the pen for section ${effect.sectionNumber} “${effect.sectionTitle}” of “${effect.draftTitle}”.`;
    case "accessLost":
      return `${person} will no longer see this group or its drafts; their open pages close now.`;
    case "invitationInvalidated":
      return effect.reason === "inviteeRemoved"
        ? `The pending invitation for ${effect.email} will stop working.`
        : `The pending invitation for ${effect.email} will stop working: its inviter could no longer make it.`;
    default: {
      const unknown: never = effect;
      return String(unknown);
    }
  }
}

/** The change itself in words: "… will become an observer." */
export function describeRoleChange(person: string, from: Role, to: Role | null): string {
  if (to === null) return `${person} (${ROLE_LABELS[from].toLowerCase()}) will be removed from the group.`;
  return `${person} will become ${to === "observer" ? "an" : "a"} ${ROLE_LABELS[to].toLowerCase()} (now ${ROLE_LABELS[from].toLowerCase()}).`;
}
