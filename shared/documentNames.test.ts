import { describe, expect, test } from "vitest";
import {
  discussionDocumentName,
  draftDocumentName,
  isValidId,
  parseDocumentName,
  sectionDocumentName,
} from "./documentNames.ts";

const ID = "Ab3_xY-9kLmN";

describe("document names", () => {
  test("are <kind>:<id>, as the public protocol says", () => {
    expect(draftDocumentName(ID)).toBe(`draft:${ID}`);
    expect(sectionDocumentName(ID)).toBe(`section:${ID}`);
    expect(discussionDocumentName(ID)).toBe(`discussion:${ID}`);
  });

  test("parse back to the kind and id they were built from", () => {
    expect(parseDocumentName(draftDocumentName(ID))).toEqual({ kind: "draft", id: ID });
    expect(parseDocumentName(sectionDocumentName(ID))).toEqual({ kind: "section", id: ID });
    expect(parseDocumentName(discussionDocumentName(ID))).toEqual({ kind: "discussion", id: ID });
  });

  const odd = [
    "",
    ":",
    "draft",
    "draft:",
    `:${ID}`,
    ID,
    `Draft:${ID}`,
    `drafts:${ID}`,
    `comment:${ID}`,
    `__proto__:${ID}`,
    `constructor:${ID}`,
    `toString:${ID}`,
    "draft:short",
    `draft:${"a".repeat(65)}`,
    `draft:${ID}:${ID}`,
    `draft::${ID}`,
    ` draft:${ID}`,
    `draft:${ID} `,
    `draft:${ID}\n`,
    `draft: ${ID}`,
    `section:${ID}\0session`,
    "section:../../etc/passwd",
    "section:abcdefgh/ij",
    "section:abcdefgh%20",
    "section:abcdéfghij",
    "section:ａｂｃｄｅｆｇｈ",
    `draft:${ID}?x=1`,
  ];
  for (const name of odd) {
    test(`rejects ${JSON.stringify(name)}`, () => {
      expect(parseDocumentName(name)).toBeNull();
    });
  }
});

describe("isValidId", () => {
  test("accepts 8 to 64 letters, digits, underscores and dashes", () => {
    expect(isValidId("a".repeat(8))).toBe(true);
    expect(isValidId("Z".repeat(64))).toBe(true);
    expect(isValidId(ID)).toBe(true);
  });

  for (const id of ["", "a".repeat(7), "a".repeat(65), "abcdefg!", "abcd efgh", "abcdefgh\n", "abc.defgh"]) {
    test(`rejects ${JSON.stringify(id)}`, () => {
      expect(isValidId(id)).toBe(false);
    });
  }
});
