import type { HocuspocusProvider } from "@hocuspocus/provider";
import type { Extensions } from "@tiptap/core";
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import type { Transaction } from "@tiptap/pm/state";
import { EditorContent, useEditor } from "@tiptap/react";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { useEffect, useRef, useState } from "react";
import type * as Y from "yjs";
import { editorExtensions } from "../../shared/editor/extensions.ts";
import { SECTION_FRAGMENT } from "../../shared/editorVersion.ts";
import { renderCaret } from "./caretRender.ts";
import { EditorToolbar } from "./EditorToolbar.tsx";
import { DocumentShortcuts, LinkShortcut, TabStaysInText } from "./editorShortcuts.ts";
import { ParagraphNumbers, paragraphNumbersKey } from "./ParagraphNumbers.ts";
import { ReadOnlyNavigation } from "./ReadOnlyNavigation.ts";
import { ReadSelectionFirst } from "./ReadSelectionFirst.ts";
import { TextDirection } from "./TextDirection.ts";

interface BoundEditorProps {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  editable: boolean;
  label: string;
  /** Said to screen readers with the label when the text is read-only. */
  readOnlyReason: string;
  synced: boolean;
  extensions?: Extensions;
  onLocalEdit?: (() => void) | undefined;
  sectionNumber: string;
  paragraphNumbers: boolean;
}

/** A Tiptap editor bound to one replica of a section, with its toolbar. */
export function BoundEditor({
  doc,
  provider,
  editable,
  label,
  readOnlyReason,
  synced,
  extensions = [],
  onLocalEdit,
  sectionNumber,
  paragraphNumbers,
}: BoundEditorProps) {
  const [linkFormOpen, setLinkFormOpen] = useState(false);
  const numbering = useRef({ section: sectionNumber, enabled: paragraphNumbers });
  const openLinkForm = useRef<() => void>(() => undefined);
  openLinkForm.current = () => setLinkFormOpen(true);
  const [footnoteFormOpen, setFootnoteFormOpen] = useState(false);
  const openFootnoteForm = useRef<() => void>(() => undefined);
  openFootnoteForm.current = () => setFootnoteFormOpen(true);

  const editor = useEditor(
    {
      extensions: [
        ...editorExtensions(),
        Collaboration.configure({ document: doc, field: SECTION_FRAGMENT }),
        // No `user` here: the server replaces every presence's user with the
        // session's identity (PresenceExtension), and a caret is drawn from that.
        CollaborationCaret.configure({ provider, render: renderCaret }),
        ReadSelectionFirst.configure({ provider }),
        ReadOnlyNavigation,
        TextDirection,
        LinkShortcut.configure({ open: () => openLinkForm.current() }),
        ParagraphNumbers.configure({ source: () => numbering.current }),
        DocumentShortcuts.configure({ footnote: () => openFootnoteForm.current() }),
        TabStaysInText,
        ...extensions,
      ],
      editable: false,
      editorProps: { attributes: editorAttributes(label, false, readOnlyReason) },
      shouldRerenderOnTransaction: false,
    },
    [doc, provider],
  );

  // A reorder or the draft's setting renumbers the margin at once.
  useEffect(() => {
    const current = numbering.current;
    if (current.section === sectionNumber && current.enabled === paragraphNumbers) return;
    numbering.current = { section: sectionNumber, enabled: paragraphNumbers };
    if (!editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(paragraphNumbersKey, true));
  }, [editor, sectionNumber, paragraphNumbers]);

  const localEdit = useRef(onLocalEdit);
  localEdit.current = onLocalEdit;
  useEffect(() => {
    const onUpdate = ({ transaction }: { transaction: Transaction }) => {
      // Changes from Yjs (others' edits, the first sync) are not the person's.
      const sync = transaction.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
      if (!sync?.isChangeOrigin) localEdit.current?.();
    };
    editor.on("update", onUpdate);
    return () => {
      editor.off("update", onUpdate);
    };
  }, [editor]);

  useEffect(() => {
    if (editor.isEditable !== editable) editor.setEditable(editable, false);
    editor.setOptions({ editorProps: { attributes: editorAttributes(label, editable, readOnlyReason) } });
    if (!editable) setLinkFormOpen(false);
    if (!editable) setFootnoteFormOpen(false);
  }, [editor, editable, label, readOnlyReason]);

  return (
    <>
      <EditorToolbar
        editor={editor}
        editable={editable}
        label={`Formatting, ${label}`}
        linkFormOpen={linkFormOpen}
        onLinkFormChange={setLinkFormOpen}
        footnoteFormOpen={footnoteFormOpen}
        onFootnoteFormChange={setFootnoteFormOpen}
      />
      <EditorContent editor={editor} className={`section-text-wrap${synced ? "" : " section-text-wrap--loading"}`} />
    </>
  );
}

function editorAttributes(label: string, editable: boolean, readOnlyReason: string): Record<string, string> {
  if (editable) {
    return {
      class: "section-text",
      role: "textbox",
      "aria-multiline": "true",
      "aria-label": label,
      "aria-readonly": "false",
    };
  }
  return {
    class: "section-text section-text--readonly",
    role: "textbox",
    "aria-multiline": "true",
    "aria-label": `${label} (read-only: ${readOnlyReason})`,
    "aria-readonly": "true",
    // A tab stop of its own: the text can be read and selected with the keyboard, to comment or propose.
    tabindex: "0",
  };
}
