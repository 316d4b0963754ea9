import type { Extensions } from "@tiptap/core";
import { TableKit } from "@tiptap/extension-table";
import StarterKit from "@tiptap/starter-kit";
import { Footnote } from "./footnote.ts";

/**
 * The Tiptap extensions that define what a section may hold: its node types,
 * their attributes and its marks. The client's editor, the seed and the
 * server's structure check all start from this list, so a node or mark added
 * here is accepted everywhere at once. Extensions bound to a live editor (the
 * collaboration binding, carets, decorations, shortcuts) stay in the client:
 * they add no node, attribute or mark.
 *
 * A function, not a constant: each editor gets its own extension instances.
 */
export function editorExtensions(): Extensions {
  return [
    StarterKit.configure({
      // Collaboration brings its own undo history, per section and per user.
      undoRedo: false,
      link: { openOnClick: false, autolink: true, defaultProtocol: "https" },
    }),
    // Tables and footnotes are what Word documents bring; StarterKit already has underline and strike.
    TableKit.configure({ table: { resizable: false } }),
    Footnote,
  ];
}
