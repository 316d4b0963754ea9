import { describe, expect, it } from "vitest";
import type { SectionMeta } from "../../shared/types.ts";
import { type RightsContext, rightsNotices } from "./rightsNotices.ts";

const DELEGATIONS: Record<string, string> = { usa: "USA", fra: "FRA", sgp: "SGP", fra2: "FRA" };
const NAMES: Record<string, string> = { USA: "United States of America", FRA: "France", SGP: "Singapore" };

function contextFor(userId: string): RightsContext {
  return {
    userId,
    delegationOf: (id) => DELEGATIONS[id] ?? null,
    delegationName: (code) => NAMES[code] ?? code,
  };
}

function section(id: string, penholders: string[], status: SectionMeta["status"] = "drafting"): SectionMeta {
  return { id, title: id, penholders, status };
}

describe("rightsNotices", () => {
  it("tells a former penholder which delegation now holds the pen, numbered by the new order", () => {
    const before = [section("a", []), section("b", []), section("c", ["sgp"])];
    const after = [section("a", []), section("b", []), section("c", ["fra"])];
    expect(rightsNotices(before, after, contextFor("sgp"))).toEqual(["France now holds the pen for section 3"]);
  });

  it("tells the viewer when they gain the pen", () => {
    const before = [section("a", []), section("b", [])];
    const after = [section("a", []), section("b", ["sgp"])];
    expect(rightsNotices(before, after, contextFor("sgp"))).toEqual(["You now hold the pen for section 2"]);
  });

  it("says when nobody takes over from the viewer", () => {
    expect(rightsNotices([section("a", ["sgp"])], [section("a", [])], contextFor("sgp"))).toEqual([
      "You no longer hold the pen for section 1",
    ]);
  });

  it("names a delegation once even when two of its people receive the pen", () => {
    const notices = rightsNotices([section("a", ["usa"])], [section("a", ["usa", "fra", "fra2"])], contextFor("sgp"));
    expect(notices).toEqual(["France now holds the pen for section 1"]);
  });

  it("announces agreement, review and reopening", () => {
    const ctx = contextFor("usa");
    expect(rightsNotices([section("a", [], "review")], [section("a", [], "agreed")], ctx)).toEqual([
      "Section 1 is agreed — locked",
    ]);
    expect(rightsNotices([section("a", [])], [section("a", [], "review")], ctx)).toEqual([
      "Section 1 is in review — comments are invited",
    ]);
    expect(rightsNotices([section("a", [], "agreed")], [section("a", [], "review")], ctx)).toEqual([
      "Section 1 is reopened for review",
    ]);
  });

  it("says nothing when only the order, a title or the set of sections changed", () => {
    const before = [section("a", ["usa"]), section("b", ["fra"])];
    const after = [{ ...section("b", ["fra"]), title: "renamed" }, section("a", ["usa"]), section("c", [])];
    expect(rightsNotices(before, after, contextFor("usa"))).toEqual([]);
  });
});
