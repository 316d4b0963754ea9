import { describe, expect, test } from "vitest";
import { perSection } from "./perSection.ts";

describe("perSection", () => {
  test("makes a section's value once and gives the same one back", () => {
    let made = 0;
    const extensionsFor = perSection((sectionId) => {
      made += 1;
      return [sectionId];
    });
    const first = extensionsFor("s1");
    expect(extensionsFor("s1")).toBe(first);
    expect(extensionsFor("s2")).toEqual(["s2"]);
    expect(made).toBe(2);
  });
});
