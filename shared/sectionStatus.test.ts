import { describe, expect, test } from "vitest";
import type { SectionStatus } from "./roles.ts";
import { canTransition, nextStatuses } from "./sectionStatus.ts";

describe("section status transitions", () => {
  const cases: [SectionStatus, SectionStatus, boolean][] = [
    ["drafting", "review", true],
    ["drafting", "agreed", false],
    ["review", "agreed", true],
    ["review", "drafting", true],
    ["agreed", "review", true],
    ["agreed", "drafting", true],
    ["agreed", "agreed", true],
  ];
  test.each(cases)("%s → %s allowed: %s", (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  test("an agreed section can only be reopened, never skipped to", () => {
    expect(nextStatuses("drafting")).not.toContain("agreed");
    expect(nextStatuses("agreed")).toEqual(["review", "drafting"]);
  });
});
