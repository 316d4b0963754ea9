import { yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { SECTION_FRAGMENT } from "../../shared/editorVersion.ts";
import { type AttributedText, attributedText } from "../../shared/text/attributedText.ts";
import type { JsonNode } from "../../shared/text/numbering.ts";

/** A section's text read from its stored Yjs state: as ProseMirror JSON and as attributed plain text. */
export interface SectionText {
  content: JsonNode;
  text: AttributedText;
}

export function readSectionState(state: Uint8Array): SectionText {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
    return { content: yXmlFragmentToProsemirrorJSON(fragment) as JsonNode, text: attributedText(fragment) };
  } finally {
    doc.destroy();
  }
}
