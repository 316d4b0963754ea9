import type { Editor } from "@tiptap/core";
import { useEffect, useId, useRef, useState } from "react";
import { FormError } from "../components/FormError.tsx";

/** Asks for a footnote's text and inserts it at the selection. */
export function FootnoteForm({ editor, onClose }: { editor: Editor; onClose(): void }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const errorId = useId();

  useEffect(() => input.current?.focus(), []);

  const close = () => {
    onClose();
    editor.commands.focus();
  };

  const apply = () => {
    if (text.trim() === "") {
      setError("Write the footnote's text first.");
      return;
    }
    editor.chain().focus().insertFootnote(text).run();
    onClose();
  };

  return (
    <div className="link-form">
      <label htmlFor={inputId}>Footnote text</label>
      <input
        ref={input}
        id={inputId}
        type="text"
        value={text}
        maxLength={2000}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => {
          setText(event.target.value);
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
        Insert footnote
      </button>
      <button type="button" className="button button--small button--quiet" onClick={close}>
        Cancel
      </button>
      <FormError error={error} id={errorId} />
    </div>
  );
}
