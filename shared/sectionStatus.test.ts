import { describe, expect, test } from "vitest";
import { Actions, type Actor, can, type DocumentAccess, sectionAccess } from "./permissions.ts";
import { SECTION_STATUS_VALUES, type SectionStatus } from "./roles.ts";
import { canTransition, nextStatuses } from "./sectionStatus.ts";

describe("section status transitions", () => {
  const cases: [SectionStatus, SectionStatus, boolean][] = [
    ["drafting", "drafting", true],
    ["drafting", "review", true],
    ["drafting", "agreed", false],
    ["review", "drafting", true],
    ["review", "review", true],
    ["review", "agreed", true],
    ["agreed", "drafting", true],
    ["agreed", "review", true],
    ["agreed", "agreed", true],
  ];
  test("the table below covers every pair of statuses", () => {
    expect(cases).toHaveLength(SECTION_STATUS_VALUES.length ** 2);
  });

  test.each(cases)("%s → %s allowed: %s", (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  test("an agreed section can only be reopened, never skipped to", () => {
    expect(nextStatuses("drafting")).not.toContain("agreed");
    expect(nextStatuses("agreed")).toEqual(["review", "drafting"]);
  });

  test("nextStatuses offers exactly the allowed moves to another status", () => {
    for (const from of SECTION_STATUS_VALUES) {
      const allowed = SECTION_STATUS_VALUES.filter((to) => to !== from && canTransition(from, to));
      expect([...nextStatuses(from)].sort(), from).toEqual(allowed.sort());
    }
  });
});

const ME = "user-me-0001";
const OTHER = "user-other-01";

/** Who asks, about a section whose penholder is `ME` when they are "the penholder". */
const people = {
  "the admin": { userId: ME, isAdmin: true, role: null },
  "a lead": { userId: ME, isAdmin: false, role: "lead" },
  "the penholder": { userId: ME, isAdmin: false, role: "member" },
  "a member without the pen": { userId: OTHER, isAdmin: false, role: "member" },
  "an observer": { userId: OTHER, isAdmin: false, role: "observer" },
  "a non-member": { userId: OTHER, isAdmin: false, role: null },
} as const satisfies Record<string, Actor>;
type Person = keyof typeof people;

describe("who moves a section between statuses", () => {
  const mayMove: Record<Person, boolean> = {
    "the admin": true,
    "a lead": true,
    "the penholder": false,
    "a member without the pen": false,
    "an observer": false,
    "a non-member": false,
  };
  for (const [person, allowed] of Object.entries(mayMove) as [Person, boolean][])
    test(`${person} may change a section's status: ${allowed}`, () => {
      expect(can(people[person], Actions.setSectionStatus)).toBe(allowed);
    });
});

describe("who writes a section in each status", () => {
  // Agreed locks the text for everyone, the admin and the penholder included.
  const access: Record<Person, Record<SectionStatus, DocumentAccess>> = {
    "the admin": { drafting: "write", review: "write", agreed: "read" },
    "a lead": { drafting: "write", review: "write", agreed: "read" },
    "the penholder": { drafting: "write", review: "write", agreed: "read" },
    "a member without the pen": { drafting: "read", review: "read", agreed: "read" },
    "an observer": { drafting: "read", review: "read", agreed: "read" },
    "a non-member": { drafting: "none", review: "none", agreed: "none" },
  };
  for (const [person, byStatus] of Object.entries(access) as [Person, Record<SectionStatus, DocumentAccess>][])
    for (const status of SECTION_STATUS_VALUES)
      test(`${person} gets ${byStatus[status]} access to a section in ${status}`, () => {
        expect(sectionAccess(people[person], { penholders: [ME], status })).toBe(byStatus[status]);
      });
});
