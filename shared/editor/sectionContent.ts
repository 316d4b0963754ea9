import type { JSONContent } from "@tiptap/core";
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { SECTION_FRAGMENT } from "../editorVersion.ts";
import { editorSchema } from "./schema.ts";

/**
 * The Yjs state of a section holding this ProseMirror document, built through
 * the editor schema and the same binding the editor uses, so it is exactly
 * what the editor itself would have written.
 */
export function sectionStateFromJSON(content: JSONContent): Uint8Array {
  const doc = new Y.Doc();
  // Throws on anything the schema does not allow, before it can be stored.
  editorSchema.nodeFromJSON(content).check();
  prosemirrorJSONToYXmlFragment(editorSchema, content, doc.getXmlFragment(SECTION_FRAGMENT));
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

/** A section document of plain paragraphs. */
export function paragraphsContent(paragraphs: readonly string[]): JSONContent {
  return {
    type: "doc",
    content: paragraphs.map((text) =>
      text === "" ? { type: "paragraph" } : { type: "paragraph", content: [{ type: "text", text }] },
    ),
  };
}
