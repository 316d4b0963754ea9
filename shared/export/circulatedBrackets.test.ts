import { expect, test } from "vitest";
import type { Bracket, BracketOption } from "../negotiation.ts";
import { BRACKET_MARK, bracketsOpenAt, inlinePieces } from "./circulatedBrackets.ts";
import type { ExportDocument } from "./exportModel.ts";
import { renderBodyHtml } from "./html.ts";
import { renderMarkdown } from "./markdown.ts";

const person = { userId: "u", name: "N", delegation: "SGP" };

function option(id: string, text: string, delegation: string, createdAt: number): BracketOption {
  return { id, text, delegation, supporters: [], objectors: [], proposedBy: { ...person, delegation }, createdAt };
}

function bracket(id: string, createdAt: number, options: BracketOption[], resolvedAt: number | null): Bracket {
  return {
    id,
    draftId: "d",
    sectionId: "s",
    anchor: { start: "a", end: "b" },
    quote: options[0]?.text ?? "",
    status: resolvedAt === null ? "open" : "resolved",
    options,
    createdBy: person,
    createdAt,
    resolution:
      resolvedAt === null
        ? null
        : { by: person, at: resolvedAt, outcome: "withdrawn", optionId: null, text: options[0]?.text ?? "" },
  };
}

const mark = {
  type: BRACKET_MARK,
  attrs: {
    id: "b1",
    options: [
      { text: "shall", delegation: "SGP" },
      { text: "should", delegation: "FRA" },
      { text: "may", delegation: "USA" },
    ],
  },
};

const doc: ExportDocument = {
  title: "T",
  groupName: "G",
  versionName: null,
  date: 0,
  paragraphNumbers: false,
  sections: [
    {
      number: "1",
      title: "S",
      content: {
        type: "doc",
        content: [
          {
            type: "paragraph",
            content: [
              { type: "text", text: "States " },
              { type: "text", text: "sh", marks: [mark, { type: "bold" }] },
              { type: "text", text: "all", marks: [mark] },
              { type: "text", text: " act." },
            ],
          },
        ],
      },
    },
  ],
};

test("a marked passage is one bracket piece, its formatting kept and the bracket mark removed", () => {
  const pieces = inlinePieces(doc.sections[0]?.content.content?.[0]?.content ?? []);
  expect(pieces.map((p) => p.kind)).toEqual(["node", "bracket", "node"]);
  const middle = pieces[1];
  if (middle?.kind !== "bracket") throw new Error("no bracket piece");
  expect(middle.nodes.map((n) => [n.text, n.marks?.map((m) => m.type)])).toEqual([
    ["sh", ["bold"]],
    ["all", []],
  ]);
});

test("Markdown and HTML circulate every option in order, each with its sponsoring delegation", () => {
  expect(renderMarkdown(doc)).toContain("States \\[**sh**all\\] *(SGP)* \\[should\\] *(FRA)* \\[may\\] *(USA)* act.");
  expect(renderBodyHtml(doc)).toContain(
    'States [<strong>sh</strong>all] <span class="sponsor">(SGP)</span> [should] <span class="sponsor">(FRA)</span> [may] <span class="sponsor">(USA)</span> act.',
  );
});

test("brackets open at a time, with the options they had then; now means the open ones with all options", () => {
  const brackets = [
    bracket("early", 10, [option("o1", "a", "SGP", 10), option("o2", "b", "FRA", 30)], null),
    bracket("withdrawn", 10, [option("o3", "c", "SGP", 10)], 25),
    bracket("later", 40, [option("o4", "d", "SGP", 40)], null),
  ];
  expect(bracketsOpenAt(brackets, 20).map((b) => [b.id, b.options.map((o) => o.text)])).toEqual([
    ["early", ["a"]],
    ["withdrawn", ["c"]],
  ]);
  expect(bracketsOpenAt(brackets, 30).map((b) => [b.id, b.options.map((o) => o.text)])).toEqual([
    ["early", ["a", "b"]],
  ]);
  expect(bracketsOpenAt(brackets, null).map((b) => [b.id, b.options.map((o) => o.text)])).toEqual([
    ["early", ["a", "b"]],
    ["later", ["d"]],
  ]);
});
