import type { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { Extension, type Extensions } from "@tiptap/core";
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import type { Transaction } from "@tiptap/pm/state";
import { EditorContent, useEditor } from "@tiptap/react";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { useEffect, useRef, useState } from "react";
import type * as Y from "yjs";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import { editorExtensions } from "../../shared/editor/extensions.ts";
import { SECTION_FRAGMENT } from "../../shared/editorVersion.ts";
import { Actions, type Actor, can } from "../../shared/permissions.ts";
import { delegationColor } from "../../shared/presence.ts";
import type { SectionMeta, User } from "../../shared/types.ts";
import { localStoreName, readCopyName } from "../collab/LocalStore.ts";
import type { SyncTracker } from "../collab/syncTracker.ts";
import { type RenewOptions, useDocumentSession } from "../collab/useDocumentSession.ts";
import { Icon } from "../components/Icon.tsx";
import { OfflineCopyMark } from "../components/OfflineCopyMark.tsx";
import { renderCaret } from "./caretRender.ts";
import { EditorToolbar } from "./EditorToolbar.tsx";
import { ParagraphNumbers, paragraphNumbersKey } from "./ParagraphNumbers.ts";
import "./documentText.css";
import { ReadOnlyNavigation } from "./ReadOnlyNavigation.ts";
import { ReadSelectionFirst } from "./ReadSelectionFirst.ts";
import { TextDirection } from "./TextDirection.ts";

interface SectionEditorProps {
  socket: HocuspocusProviderWebsocket | null;
  tracker: SyncTracker;
  section: SectionMeta;
  number: number;
  actor: Actor;
  user: User;
  /** Delegations of the section's penholders, for the read-only notice. */
  penholderDelegations: string[];
  /** More editor extensions (the discussion's highlights), read when the editor is created. */
  extensions?: Extensions;
  /** Called when the person changes the text here (not when others do). */
  onLocalEdit?: () => void;
  /** The draft is under a silence procedure: nobody edits until it ends. */
  frozen?: boolean;
  /** The draft's setting: paragraphs numbered 3.1, 3.2 in the margin. */
  paragraphNumbers?: boolean;
}

/** How many times to reconnect when we may edit but the server still says read-only. */
const MAX_SCOPE_RETRIES = 4;

/**
 * The collaborative text of one section. Whether it is editable follows both
 * the server's grant and the live draft document, so an agreed section or a
 * removed pen locks at once, and a new pen unlocks without a reload.
 */
export function SectionEditor({
  socket,
  tracker,
  section,
  number,
  actor,
  user,
  penholderDelegations,
  extensions,
  onLocalEdit,
  frozen = false,
  paragraphNumbers = true,
}: SectionEditorProps) {
  const allowed = can(actor, Actions.editSection, { ...section, frozen });
  const documentName = sectionDocumentName(section.id);
  const { session, scope, refused, synced, copyAt, renew } = useDocumentSession(socket, documentName, tracker, {
    storeName: localStoreName(user.id, documentName),
    readName: readCopyName(user.id, documentName),
    keep: allowed,
  });
  useRenewOnAccessChange(allowed, scope, renew);

  const editable = allowed && scope === "read-write" && session !== null && refused === null;
  const notice = frozen
    ? "Frozen — the draft is under silence procedure"
    : sectionNotice(section, allowed, scope, refused, penholderDelegations);
  const label = `Section ${number}: ${section.title || "Untitled"}`;

  return (
    <div className="section-editor" aria-busy={synced ? undefined : true}>
      {!synced && copyAt !== null && <OfflineCopyMark at={copyAt} />}
      {notice && (
        <p className="section-notice" data-testid="section-notice" role="note">
          <Icon name="lock" className="icon section-notice__icon" />
          {notice}
        </p>
      )}
      {session ? (
        <BoundEditor
          key={session.generation}
          doc={session.doc}
          provider={session.provider}
          editable={editable}
          label={label}
          readOnlyReason={readOnlyReason(notice, section)}
          user={user}
          synced={synced}
          extensions={extensions}
          onLocalEdit={onLocalEdit}
          sectionNumber={String(number)}
          paragraphNumbers={paragraphNumbers}
        />
      ) : (
        <div className="section-text section-text--placeholder">Opening…</div>
      )}
    </div>
  );
}

function sectionNotice(
  section: SectionMeta,
  allowed: boolean,
  scope: string | null,
  refused: string | null,
  penholderDelegations: string[],
): string | null {
  if (refused) return "You do not have access to this section.";
  if (section.status === "agreed") return "Agreed — locked";
  if (!allowed) {
    if (section.penholders.length === 0) return "No penholder assigned";
    const holders = penholderDelegations.length > 0 ? penholderDelegations.join(", ") : "another delegation";
    return `Pen held by ${holders}`;
  }
  if (scope === "readonly") return "Read-only for now: confirming your pen with the server…";
  return null;
}

/**
 * Losing write access replaces the section's replica: local edits the server
 * will never accept are discarded, on the device too, and the text re-syncs
 * from the server.
 * Gaining it needs nothing: the server re-sends the scope on the open
 * connection, and a fresh authentication is only the fallback below.
 */
function useRenewOnAccessChange(allowed: boolean, scope: string | null, renew: (options?: RenewOptions) => void): void {
  const previousAllowed = useRef(allowed);
  useEffect(() => {
    const before = previousAllowed.current;
    previousAllowed.current = allowed;
    if (before && !allowed) renew({ discard: true });
  }, [allowed, renew]);

  const previousScope = useRef(scope);
  useEffect(() => {
    const before = previousScope.current;
    previousScope.current = scope;
    if (before === "read-write" && scope === "readonly") renew({ discard: true });
  }, [scope, renew]);

  // If the draft document announces a new pen but the server's new scope does
  // not follow, authenticate afresh a few times, backing off.
  const retries = useRef(0);
  useEffect(() => {
    if (scope === "read-write" || !allowed) retries.current = 0;
    if (!allowed || scope !== "readonly" || retries.current >= MAX_SCOPE_RETRIES) return;
    const timer = setTimeout(
      () => {
        retries.current += 1;
        renew();
      },
      1500 * 2 ** retries.current,
    );
    return () => clearTimeout(timer);
  }, [allowed, scope, renew]);
}

interface BoundEditorProps {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  editable: boolean;
  label: string;
  /** Said to screen readers with the label when the text is read-only. */
  readOnlyReason: string;
  user: User;
  synced: boolean;
  extensions?: Extensions;
  onLocalEdit?: (() => void) | undefined;
  sectionNumber: string;
  paragraphNumbers: boolean;
}

function BoundEditor({
  doc,
  provider,
  editable,
  label,
  readOnlyReason,
  user,
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
        CollaborationCaret.configure({
          provider,
          user: { name: `${user.name} (${user.delegation})`, color: delegationColor(user.delegation) },
          render: renderCaret,
        }),
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

/** Why the section cannot be typed into, in words for the editor's label. */
function readOnlyReason(notice: string | null, section: SectionMeta): string {
  if (notice) return notice;
  if (section.status === "agreed") return "agreed — locked";
  return "opening";
}

/** Ctrl/⌘+K opens the link form, as in other editors. */
const LinkShortcut = Extension.create<{ open: () => void }>({
  name: "linkShortcut",
  addOptions() {
    return { open: () => undefined };
  },
  addKeyboardShortcuts() {
    return {
      "Mod-k": () => {
        if (!this.editor.isEditable) return false;
        this.options.open();
        return true;
      },
    };
  },
});

/** Ctrl/⌘+Alt+F asks for a footnote, Ctrl/⌘+Alt+T inserts a table. */
const DocumentShortcuts = Extension.create<{ footnote: () => void }>({
  name: "documentShortcuts",
  addOptions() {
    return { footnote: () => undefined };
  },
  addKeyboardShortcuts() {
    return {
      "Mod-Alt-f": () => {
        if (!this.editor.isEditable) return false;
        this.options.footnote();
        return true;
      },
      "Mod-Alt-t": () => {
        if (!this.editor.isEditable || this.editor.isActive("table")) return false;
        return this.editor.commands.insertTable({ rows: 3, cols: 3, withHeaderRow: true });
      },
    };
  },
});

/**
 * Tab in the text never sends the next keystrokes elsewhere (into the next
 * form on the page): in a list it indents (the list extension runs first), in
 * a paragraph it does nothing. Escape hands the keyboard to the section, from
 * where Tab moves on.
 */
const TabStaysInText = Extension.create({
  name: "tabStaysInText",
  addKeyboardShortcuts() {
    return {
      Tab: () => this.editor.isEditable,
      "Shift-Tab": () => this.editor.isEditable,
      Escape: () => {
        const section = this.editor.view.dom.closest<HTMLElement>("section[data-section-id]");
        if (!section) return false;
        section.focus();
        return true;
      },
    };
  },
});
