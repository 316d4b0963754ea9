import { describe, expect, test } from "vitest";
import {
  type Action,
  Actions,
  type Actor,
  can,
  canAssignRole,
  canHoldPen,
  DISCUSSING_ROLES,
  type DocumentAccess,
  effectiveRole,
  type SectionTarget,
  sectionAccess,
} from "./permissions.ts";
import type { Role, SectionStatus } from "./roles.ts";

const ME = "user-me-0001";
const SOMEONE_ELSE = "user-other-01";

const actors = {
  lead: { userId: ME, isAdmin: false, role: "lead" },
  member: { userId: ME, isAdmin: false, role: "member" },
  observer: { userId: ME, isAdmin: false, role: "observer" },
  "non-member": { userId: ME, isAdmin: false, role: null },
  // The secretariat administers every group, whether or not it is a member of it.
  admin: { userId: ME, isAdmin: true, role: null },
} as const satisfies Record<string, Actor>;
type ActorKind = keyof typeof actors;

type GroupAction = Exclude<Action, typeof Actions.editSection | typeof Actions.bracketText>;

/** Every action but section.edit (which needs a target), for every kind of actor. */
const expected: Record<GroupAction, Record<ActorKind, boolean>> = {
  [Actions.viewGroup]: { lead: true, member: true, observer: true, "non-member": false, admin: true },
  [Actions.viewDraft]: { lead: true, member: true, observer: true, "non-member": false, admin: true },
  [Actions.readSection]: { lead: true, member: true, observer: true, "non-member": false, admin: true },
  [Actions.discuss]: { lead: true, member: true, observer: false, "non-member": false, admin: true },
  [Actions.negotiate]: { lead: true, member: true, observer: false, "non-member": false, admin: true },
  [Actions.breakSilence]: { lead: true, member: true, observer: false, "non-member": false, admin: true },
  [Actions.circulate]: { lead: true, member: false, observer: false, "non-member": false, admin: true },
  [Actions.manageMembers]: { lead: true, member: false, observer: false, "non-member": false, admin: true },
  [Actions.createDraft]: { lead: true, member: false, observer: false, "non-member": false, admin: true },
  [Actions.createSection]: { lead: true, member: false, observer: false, "non-member": false, admin: true },
  [Actions.updateSection]: { lead: true, member: false, observer: false, "non-member": false, admin: true },
  [Actions.assignPenholders]: { lead: true, member: false, observer: false, "non-member": false, admin: true },
  [Actions.setSectionStatus]: { lead: true, member: false, observer: false, "non-member": false, admin: true },
  [Actions.manageVersions]: { lead: true, member: false, observer: false, "non-member": false, admin: true },
  [Actions.updateDraft]: { lead: true, member: false, observer: false, "non-member": false, admin: true },
  [Actions.viewAudit]: { lead: true, member: false, observer: false, "non-member": false, admin: true },
  [Actions.administer]: { lead: false, member: false, observer: false, "non-member": false, admin: true },
};

function section(penholders: string[], status: SectionStatus = "drafting"): SectionTarget {
  return { penholders, status };
}

describe("can", () => {
  test("the table below covers every action there is", () => {
    const covered = [...Object.keys(expected), Actions.editSection, Actions.bracketText].sort();
    expect(covered).toEqual(Object.values(Actions).sort());
  });

  const rows = Object.entries(expected).flatMap(([action, byActor]) =>
    Object.entries(byActor).map(([kind, allowed]) => ({
      action: action as GroupAction,
      kind: kind as ActorKind,
      allowed,
    })),
  );
  for (const { action, kind, allowed } of rows)
    test(`${kind}: ${action} is allowed: ${allowed}`, () => {
      expect(can(actors[kind], action)).toBe(allowed);
    });

  const editCases: { who: string; actor: Actor; target: SectionTarget; allowed: boolean }[] = [
    { who: "a member who holds the pen", actor: actors.member, target: section([ME]), allowed: true },
    { who: "a member who shares the pen", actor: actors.member, target: section([SOMEONE_ELSE, ME]), allowed: true },
    {
      who: "a penholder while the section is in review",
      actor: actors.member,
      target: section([ME], "review"),
      allowed: true,
    },
    {
      who: "a member who does not hold the pen",
      actor: actors.member,
      target: section([SOMEONE_ELSE]),
      allowed: false,
    },
    { who: "a member of a section with no penholder", actor: actors.member, target: section([]), allowed: false },
    {
      who: "a penholder once the section is agreed",
      actor: actors.member,
      target: section([ME], "agreed"),
      allowed: false,
    },
    { who: "a lead who does not hold the pen", actor: actors.lead, target: section([SOMEONE_ELSE]), allowed: true },
    { who: "a lead of a section with no penholder", actor: actors.lead, target: section([]), allowed: true },
    { who: "a lead once the section is agreed", actor: actors.lead, target: section([ME], "agreed"), allowed: false },
    { who: "an observer listed as penholder", actor: actors.observer, target: section([ME]), allowed: false },
    { who: "an observer of a section with no penholder", actor: actors.observer, target: section([]), allowed: false },
    { who: "a non-member listed as penholder", actor: actors["non-member"], target: section([ME]), allowed: false },
    {
      who: "the site admin, not a member of the group",
      actor: actors.admin,
      target: section([SOMEONE_ELSE]),
      allowed: true,
    },
    {
      who: "the site admin once the section is agreed",
      actor: actors.admin,
      target: section([], "agreed"),
      allowed: false,
    },
    {
      who: "an admin whose membership says observer",
      actor: { userId: ME, isAdmin: true, role: "observer" },
      target: section([]),
      allowed: true,
    },
  ];
  for (const { actor, target, allowed, who } of editCases)
    test(`section.edit by ${who} is allowed: ${allowed}`, () => {
      expect(can(actor, Actions.editSection, target)).toBe(allowed);
    });

  for (const { actor, target, allowed, who } of editCases)
    test(`text.bracket by ${who} is allowed: ${allowed}`, () => {
      expect(can(actor, Actions.bracketText, target)).toBe(allowed);
    });

  const frozen = (target: SectionTarget): SectionTarget => ({ ...target, frozen: true });
  for (const { actor, target, who } of editCases)
    test(`under silence, section.edit and text.bracket by ${who} are refused`, () => {
      expect(can(actor, Actions.editSection, frozen(target))).toBe(false);
      expect(can(actor, Actions.bracketText, frozen(target))).toBe(false);
    });

  test("section.edit without a target is refused rather than assumed", () => {
    const unchecked = can as (actor: Actor, action: Action, target?: SectionTarget) => boolean;
    expect(unchecked(actors.lead, Actions.editSection)).toBe(false);
  });

  test("an action that does not exist is an error, not a silent yes or no", () => {
    const unchecked = can as (actor: Actor, action: string) => boolean;
    expect(() => unchecked(actors.lead, "section.delete")).toThrow(/Unknown action/);
  });
});

describe("sectionAccess", () => {
  const cases: { who: string; actor: Actor; target: SectionTarget; access: DocumentAccess }[] = [
    {
      who: "a non-member, even listed as penholder",
      actor: actors["non-member"],
      target: section([ME]),
      access: "none",
    },
    { who: "an observer", actor: actors.observer, target: section([]), access: "read" },
    { who: "an observer listed as penholder", actor: actors.observer, target: section([ME]), access: "read" },
    { who: "a member without the pen", actor: actors.member, target: section([SOMEONE_ELSE]), access: "read" },
    { who: "the penholder", actor: actors.member, target: section([ME]), access: "write" },
    {
      who: "the penholder of an agreed section",
      actor: actors.member,
      target: section([ME], "agreed"),
      access: "read",
    },
    { who: "a lead", actor: actors.lead, target: section([SOMEONE_ELSE]), access: "write" },
    { who: "a lead of an agreed section", actor: actors.lead, target: section([], "agreed"), access: "read" },
    { who: "the site admin", actor: actors.admin, target: section([]), access: "write" },
    {
      who: "the penholder under silence",
      actor: actors.member,
      target: { ...section([ME]), frozen: true },
      access: "read",
    },
    { who: "a lead under silence", actor: actors.lead, target: { ...section([]), frozen: true }, access: "read" },
  ];
  for (const { actor, target, access, who } of cases)
    test(`${who} gets ${access}`, () => {
      expect(sectionAccess(actor, target)).toBe(access);
    });
});

describe("canAssignRole", () => {
  const expectedRoles: Record<ActorKind, Record<Role, boolean>> = {
    admin: { lead: true, member: true, observer: true },
    lead: { lead: false, member: true, observer: true },
    member: { lead: false, member: false, observer: false },
    observer: { lead: false, member: false, observer: false },
    "non-member": { lead: false, member: false, observer: false },
  };
  for (const [kind, byRole] of Object.entries(expectedRoles) as [ActorKind, Record<Role, boolean>][]) {
    for (const [role, allowed] of Object.entries(byRole) as [Role, boolean][]) {
      test(`${kind} may give or take the ${role} role: ${allowed}`, () => {
        expect(canAssignRole(actors[kind], role)).toBe(allowed);
      });
    }
  }
});

describe("effectiveRole, canHoldPen and DISCUSSING_ROLES", () => {
  test("the site admin acts as a lead in every group, member or not", () => {
    expect(effectiveRole({ isAdmin: true, role: null })).toBe("lead");
    expect(effectiveRole({ isAdmin: true, role: "observer" })).toBe("lead");
    expect(effectiveRole({ isAdmin: false, role: "observer" })).toBe("observer");
    expect(effectiveRole({ isAdmin: false, role: null })).toBeNull();
  });

  test("members and leads may hold the pen; observers and outsiders may not", () => {
    expect(canHoldPen("lead")).toBe(true);
    expect(canHoldPen("member")).toBe(true);
    expect(canHoldPen("observer")).toBe(false);
    expect(canHoldPen(null)).toBe(false);
  });

  test("the roles that discuss are exactly those `can` lets discuss", () => {
    expect([...DISCUSSING_ROLES].sort()).toEqual(["lead", "member"]);
  });
});
