import type { Editor } from "@tiptap/core";
import { useEditorState } from "@tiptap/react";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import { FormError } from "../components/FormError.tsx";
import { Icon } from "../components/Icon.tsx";
import { FootnoteForm } from "./FootnoteForm.tsx";

interface ToolbarProps {
  editor: Editor;
  editable: boolean;
  label: string;
  linkFormOpen: boolean;
  onLinkFormChange(open: boolean): void;
  footnoteFormOpen: boolean;
  onFootnoteFormChange(open: boolean): void;
}

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? "⌘" : "Ctrl+";

/** Formatting controls for one section; each button also has its keyboard shortcut. */
export function EditorToolbar({
  editor,
  editable,
  label,
  linkFormOpen,
  onLinkFormChange,
  footnoteFormOpen,
  onFootnoteFormChange,
}: ToolbarProps) {
  const state = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      bold: current.isActive("bold"),
      italic: current.isActive("italic"),
      underline: current.isActive("underline"),
      strike: current.isActive("strike"),
      table: current.isActive("table"),
      h2: current.isActive("heading", { level: 2 }),
      h3: current.isActive("heading", { level: 3 }),
      bulletList: current.isActive("bulletList"),
      orderedList: current.isActive("orderedList"),
      link: current.isActive("link"),
      canUndo: current.can().undo(),
      canRedo: current.can().redo(),
    }),
  });

  const chain = () => editor.chain().focus();

  return (
    <div className="editor-toolbar-wrap">
      <div className="editor-toolbar" role="toolbar" aria-label={label} aria-disabled={editable ? undefined : true}>
        <ToolbarButton
          label="Bold"
          shortcut={`${MOD}B`}
          pressed={state.bold}
          disabled={!editable}
          onClick={() => chain().toggleBold().run()}
        >
          <b>B</b>
        </ToolbarButton>
        <ToolbarButton
          label="Italic"
          shortcut={`${MOD}I`}
          pressed={state.italic}
          disabled={!editable}
          onClick={() => chain().toggleItalic().run()}
        >
          <i>I</i>
        </ToolbarButton>
        <ToolbarButton
          label="Underline"
          shortcut={`${MOD}U`}
          pressed={state.underline}
          disabled={!editable}
          onClick={() => chain().toggleUnderline().run()}
        >
          <u>U</u>
        </ToolbarButton>
        <ToolbarButton
          label="Strikethrough"
          shortcut={`${MOD}Shift+S`}
          pressed={state.strike}
          disabled={!editable}
          onClick={() => chain().toggleStrike().run()}
        >
          <s>S</s>
        </ToolbarButton>
        <span className="editor-toolbar__separator" aria-hidden="true" />
        <ToolbarButton
          label="Heading 2"
          shortcut={isMac ? "⌘⌥2" : "Ctrl+Alt+2"}
          pressed={state.h2}
          disabled={!editable}
          onClick={() => chain().toggleHeading({ level: 2 }).run()}
        >
          H2
        </ToolbarButton>
        <ToolbarButton
          label="Heading 3"
          shortcut={isMac ? "⌘⌥3" : "Ctrl+Alt+3"}
          pressed={state.h3}
          disabled={!editable}
          onClick={() => chain().toggleHeading({ level: 3 }).run()}
        >
          H3
        </ToolbarButton>
        <span className="editor-toolbar__separator" aria-hidden="true" />
        <ToolbarButton
          label="Bulleted list"
          shortcut={`${MOD}Shift+8`}
          pressed={state.bulletList}
          disabled={!editable}
          onClick={() => chain().toggleBulletList().run()}
        >
          <Icon name="bulletList" />
        </ToolbarButton>
        <ToolbarButton
          label="Numbered list"
          shortcut={`${MOD}Shift+7`}
          pressed={state.orderedList}
          disabled={!editable}
          onClick={() => chain().toggleOrderedList().run()}
        >
          <Icon name="orderedList" />
        </ToolbarButton>
        <ToolbarButton
          label="Link"
          shortcut={`${MOD}K`}
          pressed={state.link}
          disabled={!editable}
          expanded={linkFormOpen}
          onClick={() => onLinkFormChange(!linkFormOpen)}
        >
          <Icon name="link" />
        </ToolbarButton>
        <ToolbarButton
          label="Footnote"
          shortcut={isMac ? "⌘⌥F" : "Ctrl+Alt+F"}
          disabled={!editable}
          expanded={footnoteFormOpen}
          onClick={() => onFootnoteFormChange(!footnoteFormOpen)}
        >
          <sup>1</sup>
        </ToolbarButton>
        <ToolbarButton
          label="Insert table"
          shortcut={isMac ? "⌘⌥T" : "Ctrl+Alt+T"}
          pressed={state.table}
          disabled={!editable || state.table}
          onClick={() => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()}
        >
          ▦
        </ToolbarButton>
        <span className="editor-toolbar__separator" aria-hidden="true" />
        <ToolbarButton
          label="Undo"
          shortcut={`${MOD}Z`}
          disabled={!editable || !state.canUndo}
          onClick={() => chain().undo().run()}
        >
          <Icon name="undo" />
        </ToolbarButton>
        <ToolbarButton
          label="Redo"
          shortcut={isMac ? "⌘⇧Z" : "Ctrl+Y"}
          disabled={!editable || !state.canRedo}
          onClick={() => chain().redo().run()}
        >
          <Icon name="redo" />
        </ToolbarButton>
      </div>
      {state.table && editable && <TableControls editor={editor} />}
      {linkFormOpen && editable && <LinkForm editor={editor} onClose={() => onLinkFormChange(false)} />}
      {footnoteFormOpen && editable && <FootnoteForm editor={editor} onClose={() => onFootnoteFormChange(false)} />}
    </div>
  );
}

interface ToolbarButtonProps {
  label: string;
  shortcut: string;
  pressed?: boolean;
  expanded?: boolean;
  disabled: boolean;
  onClick(): void;
  children: ReactNode;
}

function ToolbarButton({ label, shortcut, pressed, expanded, disabled, onClick, children }: ToolbarButtonProps) {
  return (
    <button
      type="button"
      className="toolbar-button"
      aria-label={label}
      aria-pressed={pressed}
      aria-expanded={expanded}
      aria-keyshortcuts={shortcut.replace("⌘", "Meta+").replace("⌥", "Alt+").replace("⇧", "Shift+")}
      title={`${label} (${shortcut})`}
      disabled={disabled}
      // Keep the editor's selection: a mouse press on a toolbar button must not blur the text.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
    >
      <span aria-hidden="true">{children}</span>
    </button>
  );
}

function LinkForm({ editor, onClose }: { editor: Editor; onClose(): void }) {
  const [href, setHref] = useState(() => String(editor.getAttributes("link").href ?? ""));
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const errorId = useId();

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  const close = () => {
    onClose();
    editor.commands.focus();
  };

  const apply = () => {
    const trimmed = href.trim();
    if (!trimmed) {
      editor.chain().focus().extendMarkRange("link").unsetLink().run();
      onClose();
      return;
    }
    const normalized = normalizeUrl(trimmed);
    if (!normalized) {
      setError("Enter a web address (https://…) or an email address.");
      return;
    }
    const { empty } = editor.state.selection;
    const chain = editor.chain().focus().extendMarkRange("link");
    // With nothing selected, insert the address itself as the link text.
    if (empty && !editor.isActive("link")) {
      chain
        .insertContent({ type: "text", text: trimmed, marks: [{ type: "link", attrs: { href: normalized } }] })
        .run();
    } else {
      chain.setLink({ href: normalized }).run();
    }
    onClose();
  };

  return (
    <div className="link-form">
      <label htmlFor={inputId}>Link address</label>
      <input
        ref={input}
        id={inputId}
        type="url"
        inputMode="url"
        placeholder="https://…"
        value={href}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => {
          setHref(event.target.value);
          setError(null);
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            apply();
          }
          if (event.key === "Escape") {
            event.preventDefault();
            close();
          }
        }}
      />
      <button type="button" className="button button--small button--primary" onClick={apply}>
        Apply
      </button>
      {editor.isActive("link") && (
        <button
          type="button"
          className="button button--small"
          onClick={() => {
            editor.chain().focus().extendMarkRange("link").unsetLink().run();
            onClose();
          }}
        >
          Remove link
        </button>
      )}
      <button type="button" className="button button--small button--quiet" onClick={close}>
        Cancel
      </button>
      <FormError error={error} id={errorId} />
    </div>
  );
}

/** Accepts web and mail addresses only: never `javascript:` or other schemes. */
function normalizeUrl(value: string): string | null {
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(value)
    ? value
    : value.includes("@") && !value.includes("/")
      ? `mailto:${value}`
      : `https://${value}`;
  try {
    const url = new URL(candidate);
    return ["http:", "https:", "mailto:"].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** Rows and columns of the table the selection is in. */
function TableControls({ editor }: { editor: Editor }) {
  const run = (command: (chain: ReturnType<Editor["chain"]>) => ReturnType<Editor["chain"]>) =>
    command(editor.chain().focus()).run();
  return (
    <fieldset className="link-form">
      <legend className="visually-hidden">Table</legend>
      <button type="button" className="button button--small" onClick={() => run((c) => c.addRowAfter())}>
        Add row
      </button>
      <button type="button" className="button button--small" onClick={() => run((c) => c.addColumnAfter())}>
        Add column
      </button>
      <button type="button" className="button button--small" onClick={() => run((c) => c.deleteRow())}>
        Delete row
      </button>
      <button type="button" className="button button--small" onClick={() => run((c) => c.deleteColumn())}>
        Delete column
      </button>
      <button type="button" className="button button--small button--quiet" onClick={() => run((c) => c.deleteTable())}>
        Delete table
      </button>
    </fieldset>
  );
}
