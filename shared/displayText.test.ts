import { describe, expect, test } from "vitest";
import { displayText, nameKey, TextLimits } from "./displayText.ts";

const personName = displayText(TextLimits.personName);

describe("displayText", () => {
  test.each([
    ["a NUL", "Ana\u0000 Lee"],
    ["a line break", "Ana\nLee"],
    ["a tab", "Ana\tLee"],
    ["a C1 control", "Ana\u0085Lee"],
    ["a right-to-left override", "\u202eAna Lee"],
    ["a left-to-right embedding", "\u202aAna Lee"],
    ["a direction isolate", "Ana \u2067Lee\u2069"],
    ["only zero-width characters", "\u200b\u200c\u200d"],
    ["only spaces", "   "],
    ["too many characters", "a".repeat(TextLimits.personName + 1)],
  ])("refuses %s", (_what, value) => {
    expect(personName.safeParse(value).success).toBe(false);
  });

  test("normalises spacing and composition, and keeps right-to-left marks and scripts", () => {
    expect(personName.parse("  Ana   Lee ")).toBe("Ana Lee");
    expect(personName.parse("Jose\u0301")).toBe("José");
    expect(personName.parse("\u200fنقطة الاتصال")).toBe("\u200fنقطة الاتصال");
    expect(personName.parse("a".repeat(TextLimits.personName))).toHaveLength(TextLimits.personName);
  });

  test("two names that differ only by case or spacing have one key", () => {
    expect(nameKey(" United  States point of contact")).toBe(nameKey("united states POINT of contact"));
    expect(nameKey("Ana Lee")).not.toBe(nameKey("Ana Leé"));
  });
});
