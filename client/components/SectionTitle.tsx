import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { describeIssues, PatchSectionRequest } from "../../shared/schemas.ts";
import type { SectionMeta } from "../../shared/types.ts";
import { api, errorMessage } from "../api/apiClient.ts";
import { FormError } from "./FormError.tsx";

interface SectionTitleProps {
  section: SectionMeta;
  number: number;
  headingId: string;
  /** Leads rename in place: Enter saves, Escape cancels. */
  canRename: boolean;
}

/** A section's numbered heading; for leads, with a Rename button that edits it in place. */
export function SectionTitle({ section, number, headingId, canRename }: SectionTitleProps) {
  const [editing, setEditing] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);

  useEffect(() => {
    if (wasEditing.current && !editing) renameButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  if (editing) {
    return <RenameForm section={section} number={number} headingId={headingId} onDone={() => setEditing(false)} />;
  }
  return (
    <div className="section-title">
      <h2 id={headingId} className="section-header__title">
        <span className="section-header__number">{number}.</span> {section.title || "Untitled"}
      </h2>
      {canRename && (
        <button
          ref={renameButton}
          type="button"
          className="button button--small button--quiet"
          aria-label={`Rename section ${number}`}
          onClick={() => setEditing(true)}
        >
          Rename
        </button>
      )}
    </div>
  );
}

function RenameForm({
  section,
  number,
  headingId,
  onDone,
}: {
  section: SectionMeta;
  number: number;
  headingId: string;
  onDone(): void;
}) {
  const [title, setTitle] = useState(section.title);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const errorId = useId();

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    if (pending) return;
    if (title.trim() === section.title) {
      onDone();
      return;
    }
    const parsed = PatchSectionRequest.safeParse({ title });
    if (!parsed.success) {
      setError(`The ${describeIssues(parsed.error)}.`);
      return;
    }
    setPending(true);
    setError(null);
    try {
      await api.patchSection(section.id, parsed.data);
      onDone();
    } catch (caught) {
      setError(errorMessage(caught));
      setPending(false);
    }
  };

  return (
    <form className="section-title section-title--editing" onSubmit={save} noValidate>
      {/* The heading keeps naming the section (its region is labelled by it) while the title is edited. */}
      <h2 id={headingId} className="section-header__title">
        <span className="section-header__number">{number}.</span>
        <span className="visually-hidden"> {section.title || "Untitled"}</span>
      </h2>
      <input
        ref={input}
        type="text"
        className="section-title__input"
        aria-label={`Title of section ${number}`}
        value={title}
        maxLength={200}
        disabled={pending}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : `${headingId}-help`}
        onChange={(event) => setTitle(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.preventDefault();
            event.stopPropagation();
            onDone();
          }
        }}
      />
      <span id={`${headingId}-help`} className="visually-hidden">
        Enter saves, Escape cancels.
      </span>
      <button type="submit" className="button button--small button--primary" disabled={pending}>
        {pending ? "Saving…" : "Save"}
      </button>
      <button type="button" className="button button--small button--quiet" onClick={onDone} disabled={pending}>
        Cancel
      </button>
      <FormError error={error} id={errorId} />
    </form>
  );
}
