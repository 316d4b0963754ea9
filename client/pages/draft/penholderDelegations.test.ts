import { describe, expect, test } from "vitest";
import type { GroupMember, SectionMeta } from "../../../shared/types.ts";
import { penholderDelegations, penholderNames } from "./penholderDelegations.ts";

const members = new Map<string, GroupMember>([
  ["u1", { userId: "u1", name: "Ana", delegation: "FRA", role: "member" }],
  ["u2", { userId: "u2", name: "Ben", delegation: "FRA", role: "member" }],
  ["u3", { userId: "u3", name: "Chen", delegation: "SGP", role: "lead" }],
]);

function section(penholders: string[]): SectionMeta {
  return { id: "s1", title: "Scope", penholders, status: "drafting" };
}

describe("who holds a section's pen", () => {
  test("each delegation is named once, in the order its first pen was given", () => {
    expect(penholderDelegations(section(["u3", "u1", "u2"]), members)).toEqual(["SGP", "FRA"]);
  });

  test("a penholder who left the group is not shown", () => {
    expect(penholderDelegations(section(["gone", "u1"]), members)).toEqual(["FRA"]);
    expect(penholderNames(section(["gone", "u1"]), members)).toEqual(["Ana (FRA)"]);
  });

  test("a section without pens has no delegation and no names", () => {
    expect(penholderDelegations(section([]), members)).toEqual([]);
    expect(penholderNames(section([]), members)).toEqual([]);
  });
});
