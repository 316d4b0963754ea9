import { describe, expect, it } from "vitest";
import { numberPlaceholders } from "./placeholders.ts";

describe("numberPlaceholders", () => {
  it("numbers each placeholder in order", () => {
    expect(numberPlaceholders("SELECT * FROM t WHERE a = ? AND b IN (?, ?)")).toBe(
      "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)",
    );
  });

  it("leaves question marks in strings, quoted names and comments alone", () => {
    expect(numberPlaceholders(`SELECT '?', 'it''s ?', "a?" FROM t -- why?\nWHERE x = ?`)).toBe(
      `SELECT '?', 'it''s ?', "a?" FROM t -- why?\nWHERE x = $1`,
    );
  });
});
