import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import { editorSchema } from "../../shared/editor/schema.ts";
import { paragraphsContent, sectionStateFromJSON } from "../../shared/editor/sectionContent.ts";
import { SECTION_FRAGMENT } from "../../shared/editorVersion.ts";
import { checkSectionStructure } from "./sectionStructure.ts";
import { validateUpdate } from "./updateValidation.ts";

/** A live section with two paragraphs, as the server holds it. */
function liveSection(): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, sectionStateFromJSON(paragraphsContent(["First paragraph.", "Second paragraph."])));
  return doc;
}

/** The update a client sends after making `change` on its copy of `live`. */
function updateFrom(live: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(live));
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  change(doc);
  doc.destroy();
  return Y.mergeUpdates(updates);
}

function verdict(live: Y.Doc, update: Uint8Array) {
  const references = validateUpdate(live, update);
  return references.ok ? checkSectionStructure(live, update) : references;
}

function firstText(doc: Y.Doc): Y.XmlText {
  const paragraph = doc.getXmlFragment(SECTION_FRAGMENT).get(0);
  const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null;
  if (!(text instanceof Y.XmlText)) throw new Error("no text in the first paragraph");
  return text;
}

describe("section structure", () => {
  test("accepts what the editor's binding writes: rich content, typing, formatting, deleting", () => {
    const live = liveSection();
    const rich = updateFrom(live, (doc) => {
      const scratch = new Y.Doc();
      prosemirrorJSONToYXmlFragment(
        editorSchema,
        {
          type: "doc",
          content: [
            { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Title" }] },
            {
              type: "paragraph",
              content: [
                { type: "text", text: "bold", marks: [{ type: "bold" }] },
                { type: "hardBreak" },
                {
                  type: "text",
                  text: "link",
                  marks: [{ type: "link", attrs: { href: "https://example.org" } }, { type: "italic" }],
                },
              ],
            },
            {
              type: "bulletList",
              content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "i" }] }] }],
            },
            { type: "codeBlock", attrs: { language: null }, content: [{ type: "text", text: "x = 1" }] },
            { type: "blockquote", content: [{ type: "paragraph" }] },
            { type: "horizontalRule" },
          ],
        },
        scratch.getXmlFragment(SECTION_FRAGMENT),
      );
      // Moved into the section the way the binding inserts new blocks.
      const blocks = scratch
        .getXmlFragment(SECTION_FRAGMENT)
        .toArray()
        .map((node) => (node instanceof Y.XmlElement ? node.clone() : null))
        .filter((node): node is Y.XmlElement => node !== null);
      doc.getXmlFragment(SECTION_FRAGMENT).insert(1, blocks);
    });
    expect(verdict(live, rich)).toEqual({ ok: true });

    const typing = updateFrom(live, (doc) => firstText(doc).insert(5, " typed"));
    expect(verdict(live, typing)).toEqual({ ok: true });
    const formatting = updateFrom(live, (doc) => firstText(doc).format(0, 5, { bold: {} }));
    expect(verdict(live, formatting)).toEqual({ ok: true });
    const deleting = updateFrom(live, (doc) => doc.getXmlFragment(SECTION_FRAGMENT).delete(0, 1));
    expect(verdict(live, deleting)).toEqual({ ok: true });
  });

  const poisoned: [string, (doc: Y.Doc) => void][] = [
    ["a bare XmlText at the top of content", (doc) => doc.getXmlFragment(SECTION_FRAGMENT).push([new Y.XmlText("x")])],
    ["a Y.Text named content", textNamedContent],
    ["a Y.Array named content", (doc) => arrayNamedContent(doc)],
    ["a Y.Map named content", (doc) => mapNamedContent(doc)],
    ["another root type", (doc) => doc.getMap("evil").set("key", "value")],
    ["an element the schema does not know", (doc) => pushElement(doc, "marquee")],
    ["the top node as an element", (doc) => pushElement(doc, "doc")],
    ["an element named text", (doc) => pushElement(doc, "text")],
    ["a list item outside a list", (doc) => pushElement(doc, "listItem")],
    [
      "a paragraph inside a paragraph",
      (doc) => {
        const outer = doc.getXmlFragment(SECTION_FRAGMENT).get(0) as Y.XmlElement;
        outer.push([new Y.XmlElement("paragraph")]);
      },
    ],
    ["text inside a list", (doc) => pushElement(doc, "bulletList", [new Y.XmlText("loose")])],
    [
      "an attribute the node does not have",
      (doc) => (doc.getXmlFragment(SECTION_FRAGMENT).get(0) as Y.XmlElement).setAttribute("onclick", "x"),
    ],
    [
      "an attribute value that is not a plain value",
      (doc) => {
        const heading = new Y.XmlElement("heading");
        doc.getXmlFragment(SECTION_FRAGMENT).push([heading]);
        // A hostile client sends whatever it likes.
        heading.setAttribute("level", { nested: true } as unknown as string);
      },
    ],
    ["a mark the schema does not know", (doc) => firstText(doc).format(0, 3, { blink: {} })],
    ["a mark attribute the mark does not have", (doc) => firstText(doc).format(0, 3, { link: { onclick: "x" } })],
    [
      "a mark where the node allows none",
      (doc) => {
        const code = new Y.XmlElement("codeBlock");
        const text = new Y.XmlText("x = 1");
        code.insert(0, [text]);
        doc.getXmlFragment(SECTION_FRAGMENT).push([code]);
        text.format(0, 1, { bold: {} });
      },
    ],
    ["an embed inside text", (doc) => firstText(doc).insertEmbed(0, { image: "x" })],
    ["an attribute on text", (doc) => firstText(doc).setAttribute("bold", "x")],
    [
      "a hook element",
      (doc) => doc.getXmlFragment(SECTION_FRAGMENT).push([new Y.XmlHook("hook") as unknown as Y.XmlElement]),
    ],
  ];

  test.each(poisoned)("refuses %s", (_label, change) => {
    const live = liveSection();
    const result = verdict(live, updateFrom(live, change));
    expect(result.ok).toBe(false);
  });
});

function pushElement(doc: Y.Doc, name: string, children: (Y.XmlElement | Y.XmlText)[] = []): void {
  const element = new Y.XmlElement(name);
  element.insert(0, children);
  doc.getXmlFragment(SECTION_FRAGMENT).push([element]);
}

/** A client whose own document calls the root `content` a Y.Text (so its edits name that root). */
function textNamedContent(target: Y.Doc): void {
  const other = new Y.Doc();
  other.getText(SECTION_FRAGMENT).insert(0, "plain");
  Y.applyUpdate(target, Y.encodeStateAsUpdate(other));
}

function arrayNamedContent(target: Y.Doc): void {
  const other = new Y.Doc();
  other.getArray(SECTION_FRAGMENT).push(["x"]);
  Y.applyUpdate(target, Y.encodeStateAsUpdate(other));
}

function mapNamedContent(target: Y.Doc): void {
  const other = new Y.Doc();
  other.getMap(SECTION_FRAGMENT).set("x", 1);
  Y.applyUpdate(target, Y.encodeStateAsUpdate(other));
}
