import { describe, expect, test } from "vitest";
import {
  discussionDocumentName,
  draftDocumentName,
  parseDocumentName,
  parseMessageAddress,
  sectionDocumentName,
} from "./documentNames.ts";
import { isValidId } from "./ids.ts";

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

describe("message addresses", () => {
  test("are a document name, optionally with one provider session id", () => {
    expect(parseMessageAddress("section:abcdefgh12")).toEqual({ documentName: "section:abcdefgh12", session: null });
    expect(parseMessageAddress("section:abcdefgh12\0k3x9q0ab")).toEqual({
      documentName: "section:abcdefgh12",
      session: "k3x9q0ab",
    });
  });

  test("refuse anything else after a NUL", () => {
    for (const address of [
      "section:abcdefgh12\0",
      "section:abcdefgh12\0\0",
      "section:abcdefgh12\0a\0b",
      "section:abcdefgh12\0ABC",
      "section:abcdefgh12\0 1",
      "section:abcdefgh12\0abcdefghijklmnopq",
      "section:abcdefgh12\0é",
    ]) {
      expect(parseMessageAddress(address), JSON.stringify(address)).toBeNull();
    }
  });
});
