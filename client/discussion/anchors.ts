import type { EditorState } from "@tiptap/pm/state";
import {
  absolutePositionToRelativePosition,
  type ProsemirrorBinding,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { type Anchor, encodeRelativePosition, resolveAnchor } from "../../shared/discussionAnchors.ts";

/**
 * Between ProseMirror positions in a section's editor and the anchors of
 * threads (Yjs relative positions into the section's text, see
 * shared/discussionAnchors.ts). Both directions go through the binding that
 * y-tiptap's sync plugin keeps between the editor and the section's Y.Doc.
 */

interface SyncState {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: ProsemirrorBinding;
}

/** The sync plugin's state, once it is bound to a document with content. */
export function syncStateOf(state: EditorState): SyncState | null {
  const ystate: unknown = ySyncPluginKey.getState(state);
  if (typeof ystate !== "object" || ystate === null) return null;
  const { doc, type, binding } = ystate as Partial<SyncState>;
  if (!(doc instanceof Y.Doc) || !(type instanceof Y.XmlFragment) || !binding) return null;
  return { doc, type, binding };
}

export type SelectionAnchor =
  | { ok: true; anchor: Anchor; quote: string; from: number; to: number }
  | { ok: false; reason: string };

/**
 * The anchor of a selection (from..to, or an insertion point when from === to).
 * The selection must lie within one run of text: a paragraph, heading or list
 * item, not across a line break; the server checks the same and normalises
 * the ends.
 */
export function selectionAnchor(state: EditorState, from: number, to: number): SelectionAnchor {
  const sync = syncStateOf(state);
  if (!sync || sync.binding.mapping.size === 0) return { ok: false, reason: "The text is still loading." };
  const $from = state.doc.resolve(from);
  const $to = state.doc.resolve(to);
  if (!$from.parent.isTextblock || !$from.sameParent($to)) {
    return { ok: false, reason: "Select text within a single paragraph." };
  }
  let inlineNode = false;
  state.doc.nodesBetween(from, to, (node) => {
    if (node.isInline && !node.isText) inlineNode = true;
    return !inlineNode;
  });
  if (inlineNode) return { ok: false, reason: "Select text within a single line." };
  const start = absolutePositionToRelativePosition(from, sync.type, sync.binding.mapping) as Y.RelativePosition;
  const end =
    from === to
      ? start
      : (absolutePositionToRelativePosition(to, sync.type, sync.binding.mapping) as Y.RelativePosition);
  return {
    ok: true,
    anchor: { start: encodeRelativePosition(start), end: encodeRelativePosition(end) },
    quote: state.doc.textBetween(from, to),
    from,
    to,
  };
}

/**
 * Where an anchor is in the editor now; null while the text is loading, or
 * when the anchored text was deleted (the thread is detached).
 */
export function anchorRange(state: EditorState, anchor: Anchor): { from: number; to: number } | null {
  const sync = syncStateOf(state);
  if (!sync || sync.binding.mapping.size === 0) return null;
  const resolved = resolveAnchor(sync.doc, anchor);
  if (!resolved) return null;
  // Associated to the left: y-tiptap takes a position that names a character
  // and lands at the very start of the document for a misresolved one (a
  // drag-and-drop guard), so the start of the first paragraph must name none.
  const at = (index: number) =>
    relativePositionToAbsolutePosition(
      sync.doc,
      sync.type,
      Y.createRelativePositionFromTypeIndex(resolved.text, index, -1),
      sync.binding.mapping,
    );
  const from = at(resolved.start);
  const to = resolved.end === resolved.start ? from : at(resolved.end);
  if (from === null || to === null) return null;
  const size = state.doc.content.size;
  if (from < 0 || to > size || from > to) return null;
  return { from, to };
}
