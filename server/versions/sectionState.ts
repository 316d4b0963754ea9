import { yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { resolveAnchor } from "../../shared/discussionAnchors.ts";
import { SECTION_FRAGMENT } from "../../shared/editorVersion.ts";
import { type AnchoredBracket, BRACKET_MARK } from "../../shared/export/circulatedBrackets.ts";
import { type AttributedText, attributedText } from "../../shared/text/attributedText.ts";
import type { JsonNode } from "../../shared/text/numbering.ts";

/** A section's text read from its stored Yjs state: as ProseMirror JSON and as attributed plain text. */
export interface SectionText {
  content: JsonNode;
  text: AttributedText;
}

/**
 * Reads a section's stored state. `brackets` (for export) are marked in the
 * rich text with `BRACKET_MARK`, on this scratch copy only; a bracket whose
 * passage is no longer in this state is left out.
 */
export function readSectionState(state: Uint8Array, brackets: readonly AnchoredBracket[] = []): SectionText {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
    const text = attributedText(fragment);
    for (const bracket of brackets) {
      const resolved = resolveAnchor(doc, bracket.anchor);
      if (!resolved || resolved.end <= resolved.start) continue;
      resolved.text.format(resolved.start, resolved.end - resolved.start, {
        [BRACKET_MARK]: { id: bracket.id, options: bracket.options },
      });
    }
    return { content: yXmlFragmentToProsemirrorJSON(fragment) as JsonNode, text };
  } finally {
    doc.destroy();
  }
}
