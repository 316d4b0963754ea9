import { describe, expect, test } from "vitest";
import {
  insertMention,
  type Mentionable,
  matchMentionables,
  mentionedIds,
  mentionQueryAt,
  mentionsAfterEdit,
  splitMentions,
} from "./mentions.ts";

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

describe("splitMentions", () => {
  const ana: Mentionable = { userId: "u-ana", name: "Ana", delegation: "FRA" };
  const anaMaria: Mentionable = { userId: "u-am", name: "Ana Maria", delegation: "ESP" };

  test("marks each mentioned person's @Name, keeping the text around it", () => {
    expect(splitMentions("Thanks @Ana, and @Ghana point of contact too", [ana, ghana])).toEqual([
      { text: "Thanks ", mention: false },
      { text: "@Ana", mention: true },
      { text: ", and ", mention: false },
      { text: "@Ghana point of contact", mention: true },
      { text: " too", mention: false },
    ]);
  });

  test("prefers the longest name where two start at the same place", () => {
    expect(splitMentions("@Ana Maria agrees", [ana, anaMaria])).toEqual([
      { text: "@Ana Maria", mention: true },
      { text: " agrees", mention: false },
    ]);
  });

  test("leaves the text alone when nobody is mentioned, or the name is not in it", () => {
    expect(splitMentions("@Ana said so", [])).toEqual([{ text: "@Ana said so", mention: false }]);
    expect(splitMentions("nobody here", [ana])).toEqual([{ text: "nobody here", mention: false }]);
  });
});

describe("mentionsAfterEdit", () => {
  test("keeps earlier mentions whose name is still written, adds those picked again, each once", () => {
    const people = [france, ghana, au];
    expect(mentionsAfterEdit("Ask @France point of contact", ["u-fra", "u-gha"], people, ["u-au", "u-fra"])).toEqual([
      "u-fra",
      "u-au",
    ]);
  });

  test("drops an earlier mention of someone no longer in the group", () => {
    expect(mentionsAfterEdit("@Gone Person", ["u-gone"], [france], [])).toEqual([]);
  });
});
