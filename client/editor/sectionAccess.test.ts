import { describe, expect, test } from "vitest";
import {
  type AccessSignals,
  losesWriteAccess,
  type SectionAccess,
  sectionAccess,
  sectionNotice,
} from "./sectionAccess.ts";

const open: AccessSignals = { scope: "read-write", refused: false, open: true, mayWrite: true };

describe("a section's access state", () => {
  test("is writable only when the server granted write access and the live draft agrees", () => {
    expect(sectionAccess(open)).toBe("writable");
    expect(sectionAccess({ ...open, mayWrite: false })).toBe("readOnly");
  });

  test("waits for the server: opening before it answers, confirming while it still says read-only", () => {
    expect(sectionAccess({ ...open, scope: null })).toBe("opening");
    expect(sectionAccess({ ...open, open: false })).toBe("opening");
    expect(sectionAccess({ ...open, scope: "readonly" })).toBe("confirming");
  });

  test("a refusal wins over everything else", () => {
    expect(sectionAccess({ ...open, refused: true })).toBe("refused");
    expect(sectionAccess({ ...open, refused: true, mayWrite: false })).toBe("refused");
  });

  test("the live draft locks at once, whatever the server last granted", () => {
    expect(sectionAccess({ ...open, scope: null, mayWrite: false })).toBe("readOnly");
    expect(sectionAccess({ ...open, scope: "readonly", mayWrite: false })).toBe("readOnly");
  });
});

describe("losing write access", () => {
  const all: SectionAccess[] = ["opening", "writable", "confirming", "readOnly", "refused"];

  test("happens when the live draft takes the pen away or the server withdraws its grant", () => {
    expect(losesWriteAccess("writable", "readOnly")).toBe(true);
    expect(losesWriteAccess("opening", "readOnly")).toBe(true);
    expect(losesWriteAccess("confirming", "readOnly")).toBe(true);
    expect(losesWriteAccess("writable", "confirming")).toBe(true);
  });

  test("does not happen while waiting for the server, on a refusal, or when nothing changed", () => {
    expect(losesWriteAccess("opening", "confirming")).toBe(false);
    expect(losesWriteAccess("writable", "opening")).toBe(false);
    expect(losesWriteAccess("writable", "refused")).toBe(false);
    expect(losesWriteAccess("refused", "readOnly")).toBe(false);
    for (const state of all) expect(losesWriteAccess(state, state)).toBe(false);
  });

  test("never follows a renewal that starts over, so a renewal cannot repeat itself", () => {
    // A renewal resets the server's answer: readOnly stays readOnly, confirming starts from opening.
    expect(losesWriteAccess("readOnly", "readOnly")).toBe(false);
    expect(losesWriteAccess("opening", "confirming")).toBe(false);
  });
});

describe("the lock notice", () => {
  const drafting = { status: "drafting" as const, penholders: ["u1"] };

  test("names the delegations holding the pen, or says nobody does", () => {
    expect(sectionNotice("readOnly", drafting, ["FRA", "SGP"], false)).toBe("Pen held by FRA, SGP");
    expect(sectionNotice("readOnly", drafting, [], false)).toBe("Pen held by another delegation");
    expect(sectionNotice("readOnly", { ...drafting, penholders: [] }, [], false)).toBe("No penholder assigned");
  });

  test("says frozen first, then refused, then agreed", () => {
    expect(sectionNotice("refused", { ...drafting, status: "agreed" }, [], true)).toMatch(/^Frozen/);
    expect(sectionNotice("refused", { ...drafting, status: "agreed" }, [], false)).toBe(
      "You do not have access to this section.",
    );
    expect(sectionNotice("readOnly", { ...drafting, status: "agreed" }, ["FRA"], false)).toBe("Agreed — locked");
  });

  test("says nothing while writable or opening, and that the pen is being confirmed while confirming", () => {
    expect(sectionNotice("writable", drafting, ["FRA"], false)).toBeNull();
    expect(sectionNotice("opening", drafting, ["FRA"], false)).toBeNull();
    expect(sectionNotice("confirming", drafting, ["FRA"], false)).toMatch(/confirming your pen/);
  });
});
