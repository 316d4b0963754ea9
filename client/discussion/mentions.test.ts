import { describe, expect, test } from "vitest";
import { insertMention, type Mentionable, matchMentionables, mentionedIds, mentionQueryAt } from "./mentions.ts";

const france: Mentionable = { userId: "u-fra", name: "France point of contact", delegation: "FRA" };
const ghana: Mentionable = { userId: "u-gha", name: "Ghana point of contact", delegation: "GHA" };
const au: Mentionable = { userId: "u-au", name: "African Union liaison", delegation: "AU" };

describe("mentionQueryAt", () => {
  test("reads the name being typed after an @ at the start or after a space", () => {
    expect(mentionQueryAt("@Fra", 4)).toEqual({ start: 0, query: "Fra" });
    expect(mentionQueryAt("Ask @gh", 7)).toEqual({ start: 4, query: "gh" });
    expect(mentionQueryAt("Ask @", 5)).toEqual({ start: 4, query: "" });
  });

  test("ignores an @ inside a word, such as an e-mail address, and one before a line break", () => {
    expect(mentionQueryAt("mail fra@plenary.test", 21)).toBeNull();
    expect(mentionQueryAt("@fra\nnext", 9)).toBeNull();
    expect(mentionQueryAt("no mention", 10)).toBeNull();
  });
});

describe("matchMentionables", () => {
  test("matches the delegation code or the start of any word of the name, ignoring case", () => {
    expect(matchMentionables([france, ghana, au], "fr")).toEqual([france]);
    expect(matchMentionables([france, ghana, au], "uni")).toEqual([au]);
    expect(matchMentionables([france, ghana, au], "point")).toEqual([france, ghana]);
    expect(matchMentionables([france, ghana, au], "")).toEqual([france, ghana, au]);
    expect(matchMentionables([france, ghana, au], "zz")).toEqual([]);
  });
});

describe("insertMention and mentionedIds", () => {
  test("the picked name replaces what was typed, and counts while it stays in the text", () => {
    const { text, caret } = insertMention("Please @fr review", 7, 10, france);
    expect(text).toBe("Please @France point of contact  review");
    expect(caret).toBe(32);
    expect(mentionedIds(text, [france, ghana])).toEqual(["u-fra"]);
    expect(mentionedIds("Please review", [france])).toEqual([]);
    expect(mentionedIds(`${text} @France point of contact`, [france, france])).toEqual(["u-fra"]);
  });
});
