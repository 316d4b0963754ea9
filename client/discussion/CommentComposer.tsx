import { type FormEvent, type KeyboardEvent, useId, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { MAX_COMMENT_CHARS } from "../../shared/discussionSchemas.ts";
import { DelegationChip } from "../components/DelegationChip.tsx";
import { failureMessage } from "./discussionApi.ts";
import { insertMention, type Mentionable, matchMentionables, mentionedIds, mentionQueryAt } from "./mentions.ts";

interface CommentComposerProps {
  /** The accessible name of the text box ("Comment", "Reply to Singapore…"). */
  label: string;
  people: readonly Mentionable[];
  submitLabel: string;
  /** Sends the comment; a rejection's message is shown under the box. */
  onSubmit(body: string, mentions: string[]): Promise<void>;
  onCancel?(): void;
  initialText?: string;
  autoFocus?: boolean;
  placeholder?: string;
  inputTestId?: string;
  submitTestId?: string;
}

/**
 * A plain-text comment box. Typing "@" suggests the group's members (name and
 * delegation); arrow keys choose, Enter or Tab picks, Escape closes the list.
 * Ctrl+Enter sends. The people picked and still named in the text are sent as
 * the comment's mentions.
 */
export function CommentComposer({
  label,
  people,
  submitLabel,
  onSubmit,
  onCancel,
  initialText = "",
  autoFocus = false,
  placeholder,
  inputTestId,
  submitTestId,
}: CommentComposerProps) {
  const [text, setText] = useState(initialText);
  const [query, setQuery] = useState<{ start: number; query: string } | null>(null);
  const [highlighted, setHighlighted] = useState(0);
  const [picked, setPicked] = useState<Mentionable[]>([]);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const errorId = useId();

  const suggestions = query ? matchMentionables(people, query.query) : [];
  const listOpen = query !== null && suggestions.length > 0;
  const activeIndex = Math.min(highlighted, Math.max(0, suggestions.length - 1));

  const readQuery = (value: string, caret: number) => {
    const next = mentionQueryAt(value, caret);
    setQuery(next);
    if (next?.query !== query?.query) setHighlighted(0);
  };

  const pick = (person: Mentionable) => {
    if (!query) return;
    const caret = box.current?.selectionStart ?? text.length;
    const next = insertMention(text, query.start, caret, person);
    // The caret goes after the name before this handler returns: placed a
    // frame later, it would pull back a key typed meanwhile.
    flushSync(() => {
      setText(next.text);
      setPicked((current) => (current.some((p) => p.userId === person.userId) ? current : [...current, person]));
      setQuery(null);
    });
    box.current?.focus();
    box.current?.setSelectionRange(next.caret, next.caret);
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (sending) return;
    if (text.trim() === "") {
      setError("Write something first.");
      return;
    }
    setSending(true);
    setError(null);
    try {
      await onSubmit(text, mentionedIds(text, picked));
      setText("");
      setPicked([]);
    } catch (caught) {
      setError(failureMessage(caught));
    } finally {
      setSending(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (listOpen) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        setHighlighted((activeIndex + step + suggestions.length) % suggestions.length);
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        const person = suggestions[activeIndex];
        if (person) {
          event.preventDefault();
          pick(person);
          return;
        }
      }
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        setQuery(null);
        return;
      }
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
      return;
    }
    if (event.key === "Escape" && onCancel) {
      event.preventDefault();
      onCancel();
    }
  };

  const optionId = (index: number) => `${listId}-option-${index}`;

  return (
    <form className="comment-composer" onSubmit={(event) => void submit(event)}>
      <div className="comment-composer__field">
        <textarea
          ref={box}
          className="comment-composer__input"
          aria-label={label}
          placeholder={placeholder}
          value={text}
          rows={2}
          maxLength={MAX_COMMENT_CHARS}
          // biome-ignore lint/a11y/noAutofocus: the composer opens because the person asked to write.
          autoFocus={autoFocus}
          data-testid={inputTestId}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={listOpen}
          aria-controls={listOpen ? listId : undefined}
          aria-activedescendant={listOpen ? optionId(activeIndex) : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            setText(event.target.value);
            readQuery(event.target.value, event.target.selectionStart);
          }}
          onSelect={(event) => readQuery(event.currentTarget.value, event.currentTarget.selectionStart)}
          onBlur={() => setQuery(null)}
          onKeyDown={onKeyDown}
        />
        {listOpen && (
          <div className="mention-list" id={listId} role="listbox" aria-label="Mention a member">
            {suggestions.map((person, index) => (
              <div
                key={person.userId}
                id={optionId(index)}
                role="option"
                tabIndex={-1}
                aria-selected={index === activeIndex}
                className={`mention-list__option${index === activeIndex ? " mention-list__option--active" : ""}`}
                // Keep the focus (and the caret) in the text box.
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(person);
                }}
              >
                <span>{person.name}</span> <DelegationChip delegation={person.delegation} />
              </div>
            ))}
          </div>
        )}
      </div>
      {error && (
        <p className="form-error" id={errorId} role="alert">
          {error}
        </p>
      )}
      <div className="comment-composer__actions">
        {onCancel && (
          <button type="button" className="button button--small button--quiet" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button
          type="submit"
          className="button button--small button--primary"
          disabled={sending}
          data-testid={submitTestId}
        >
          {sending ? "Sending…" : submitLabel}
        </button>
      </div>
    </form>
  );
}
