import { describe, expect, it } from "vitest";
import { type JsonNode, jsonReader, labelsOf, numberSection, subLabel } from "./numbering.ts";

const p = (text: string): JsonNode => ({ type: "paragraph", content: text ? [{ type: "text", text }] : [] });
const item = (text: string, ...nested: JsonNode[]): JsonNode => ({ type: "listItem", content: [p(text), ...nested] });

describe("paragraph numbering", () => {
  it("numbers paragraphs and list items, not headings, tables, rules or empty paragraphs", () => {
    const blocks: JsonNode[] = [
      { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Scope" }] },
      p("First paragraph."),
      p(""),
      {
        type: "table",
        content: [{ type: "tableRow", content: [{ type: "tableCell", content: [p("cell")] }] }],
      },
      p("Second."),
      {
        type: "orderedList",
        content: [
          item("One", {
            type: "bulletList",
            content: [item("a"), item("b", { type: "orderedList", content: [item("deep")] })],
          }),
          item("Two"),
        ],
      },
      { type: "horizontalRule" },
      { type: "blockquote", content: [p("Quoted.")] },
      p("Last."),
    ];
    const labels = numberSection(blocks, "3", jsonReader).map((n) => [n.label, textOf(n.node)]);
    expect(labels).toEqual([
      ["3.1", "First paragraph."],
      ["3.2", "Second."],
      ["3.3", "One"],
      ["3.3(a)", "a"],
      ["3.3(b)", "b"],
      ["3.3(b)(i)", "deep"],
      ["3.4", "Two"],
      ["3.5", "Quoted."],
      ["3.6", "Last."],
    ]);
  });

  it("is off when the draft turns paragraph numbers off", () => {
    expect(labelsOf({ type: "doc", content: [p("x")] }, "1", false).size).toBe(0);
    expect([...labelsOf({ type: "doc", content: [p("x")] }, "1", true).values()]).toEqual(["1.1"]);
  });

  it("letters and roman numerals continue past the first few", () => {
    expect([1, 2, 26, 27].map((n) => subLabel(n, 1))).toEqual(["a", "b", "z", "aa"]);
    expect([1, 4, 9, 14].map((n) => subLabel(n, 2))).toEqual(["i", "iv", "ix", "xiv"]);
  });
});

function textOf(node: JsonNode): string {
  if (node.type === "text") return node.text ?? "";
  return (node.content ?? [])
    .filter((child) => child.type !== "bulletList" && child.type !== "orderedList")
    .map(textOf)
    .join("");
}
