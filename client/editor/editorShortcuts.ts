import { Extension } from "@tiptap/core";

/** Ctrl/⌘+K opens the link form, as in other editors. */
export const LinkShortcut = Extension.create<{ open: () => void }>({
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
export const DocumentShortcuts = Extension.create<{ footnote: () => void }>({
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
export const TabStaysInText = Extension.create({
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
