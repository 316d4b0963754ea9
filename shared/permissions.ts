import type { DelegationKind } from "./delegations.ts";
import { ROLE_VALUES, type Role, type SectionStatus } from "./roles.ts";

/**
 * Who is asking: the user and their role in the working group that owns the
 * target (null when they are not a member). The site admin (the secretariat)
 * administers every group and has a lead's rights in each.
 */
export interface Actor {
  userId: string;
  isAdmin: boolean;
  role: Role | null;
}

export interface SectionTarget {
  penholders: readonly string[];
  status: SectionStatus;
  /**
   * The draft is under a silence procedure: its text is frozen for everyone,
   * leads included, until the procedure ends. Absent means not frozen.
   */
  frozen?: boolean;
}

export const Actions = {
  viewGroup: "group.view",
  manageMembers: "group.manageMembers",
  createDraft: "draft.create",
  viewDraft: "draft.view",
  createSection: "section.create",
  updateSection: "section.update",
  assignPenholders: "section.assign",
  setSectionStatus: "section.setStatus",
  readSection: "section.read",
  editSection: "section.edit",
  discuss: "discussion.write",
  /** Putting a passage in square brackets, and resolving or withdrawing a bracket: the section's penholders and the leads. */
  bracketText: "text.bracket",
  /** Adding an option to a bracket and recording a delegation's stance on an option. */
  negotiate: "text.negotiate",
  /** Putting a draft under a silence procedure, and withdrawing it. */
  circulate: "draft.circulate",
  /** Breaking a running silence procedure, in one's delegation's name. */
  breakSilence: "draft.breakSilence",
  viewAudit: "group.viewAudit",
  /** Naming versions, restoring from them, and draft settings (paragraph numbers): the leads. */
  manageVersions: "draft.versions",
  updateDraft: "draft.update",
  /** Creating working groups and appointing or demoting leads: the secretariat only. */
  administer: "site.administer",
} as const;
export type Action = (typeof Actions)[keyof typeof Actions];

type SectionAction = typeof Actions.editSection | typeof Actions.bracketText;

export function can(actor: Actor, action: SectionAction, target: SectionTarget): boolean;
export function can(actor: Actor, action: Exclude<Action, SectionAction>): boolean;
/**
 * The single authority on what a user may do. The server decides with it; the
 * client calls it only to show or hide controls.
 */
export function can(actor: Actor, action: Action, target?: SectionTarget): boolean {
  if (action === Actions.administer) return actor.isAdmin;
  const effective = effectiveRole(actor);
  if (effective === null) return false;

  switch (action) {
    case Actions.viewGroup:
    case Actions.viewDraft:
    case Actions.readSection:
      return true;
    case Actions.manageMembers:
    case Actions.viewAudit:
    case Actions.createDraft:
    case Actions.createSection:
    case Actions.updateSection:
    case Actions.assignPenholders:
    case Actions.setSectionStatus:
    case Actions.manageVersions:
    case Actions.updateDraft:
      return effective === "lead";
    case Actions.circulate:
      return effective === "lead";
    case Actions.discuss:
    case Actions.negotiate:
    case Actions.breakSilence:
      return effective === "lead" || effective === "member";
    case Actions.editSection:
    case Actions.bracketText: {
      if (!target) return false;
      // An agreed section is locked for everyone until a lead reopens it; a
      // draft under silence is frozen for everyone until the procedure ends.
      if (target.status === "agreed" || target.frozen === true) return false;
      if (effective === "lead") return true;
      return effective === "member" && target.penholders.includes(actor.userId);
    }
    default: {
      const unknown: never = action;
      throw new Error(`Unknown action ${String(unknown)}`);
    }
  }
}

/** The role the actor acts with in the group: the site admin counts as a lead everywhere. */
export function effectiveRole(actor: Pick<Actor, "isAdmin" | "role">): Role | null {
  if (actor.isAdmin) return "lead";
  return actor.role;
}

/** Who may be given the pen: members and leads of the group, never observers. */
export function canHoldPen(role: Role | null): boolean {
  return role === "lead" || role === "member";
}

/** Roles whose holders take part in discussions (comment, reply, propose); observers only read. */
export const DISCUSSING_ROLES: readonly Role[] = ROLE_VALUES.filter((role) =>
  can({ userId: "", isAdmin: false, role }, Actions.discuss),
);

/** What a connection to a document may do: nothing, read, or read and write. */
export type DocumentAccess = "none" | "read" | "write";

export function sectionAccess(actor: Actor, target: SectionTarget): DocumentAccess {
  if (!can(actor, Actions.readSection)) return "none";
  return can(actor, Actions.editSection, target) ? "write" : "read";
}

/**
 * Whether the actor may give someone `role` (by invitation or role change) or
 * take it away: leads manage members and observers; only the site admin
 * appoints or removes leads.
 */
export function canAssignRole(actor: Actor, role: Role): boolean {
  if (!can(actor, Actions.manageMembers)) return false;
  return role !== "lead" || actor.isAdmin;
}

/** A delegation as the invitation rules see it. */
export interface DelegationRef {
  code: string;
  kind: DelegationKind;
}

/**
 * Whether the actor may invite someone of `delegation` into a group as `role`.
 * A lead invites members and observers of delegations already in the group;
 * the site admin invites anyone, and is the only one who brings people into
 * the secretariat. Checked when the invitation is made and again when it is
 * accepted, so an invitation dies with its inviter's right to make it.
 */
export function canInviteFor(
  actor: Actor,
  role: Role,
  delegation: DelegationRef,
  delegationsInGroup: readonly string[],
): boolean {
  if (!canAssignRole(actor, role)) return false;
  if (actor.isAdmin) return true;
  if (delegation.kind === "secretariat") return false;
  return delegationsInGroup.includes(delegation.code);
}

/**
 * Whether the actor may move a member from `from` to `to` (null: out of the
 * group). Both the role taken away and the role given must be the actor's to
 * assign.
 */
export function canChangeRole(actor: Actor, from: Role, to: Role | null): boolean {
  if (!canAssignRole(actor, from)) return false;
  return to === null || canAssignRole(actor, to);
}
