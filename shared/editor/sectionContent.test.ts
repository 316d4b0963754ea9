import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import { SECTION_FRAGMENT } from "../editorVersion.ts";
import { paragraphsContent, sectionStateFromJSON } from "./sectionContent.ts";

describe("section content from the editor schema", () => {
  test("builds paragraphs in the shape the editor's collaboration binding reads", () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, sectionStateFromJSON(paragraphsContent(["First.", "", "Third."])));
    expect(doc.getXmlFragment(SECTION_FRAGMENT).toString()).toBe(
      "<paragraph>First.</paragraph><paragraph></paragraph><paragraph>Third.</paragraph>",
    );
  });

  test("refuses content the schema does not allow", () => {
    expect(() => sectionStateFromJSON({ type: "doc", content: [{ type: "table" }] })).toThrow();
    expect(() => sectionStateFromJSON({ type: "doc", content: [{ type: "text", text: "bare" }] })).toThrow();
  });
});
