import { type FormEvent, useId, useState } from "react";
import { CreateSectionRequest, describeIssues } from "../../shared/schemas.ts";
import type { SectionMeta } from "../../shared/types.ts";
import { api, errorMessage } from "../api/apiClient.ts";
import { FormError } from "./FormError.tsx";

interface AddSectionFormProps {
  draftId: string;
  sections: SectionMeta[];
  /** Called with the new section's id; it appears once the draft document says so. */
  onCreated(sectionId: string): void;
}

const AT_END = "";

export function AddSectionForm({ draftId, sections, onCreated }: AddSectionFormProps) {
  const [title, setTitle] = useState("");
  const [position, setPosition] = useState(AT_END);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const titleId = useId();
  const positionId = useId();
  const errorId = useId();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const afterSectionId = afterId(position, sections);
    const parsed = CreateSectionRequest.safeParse(afterSectionId ? { title, afterSectionId } : { title });
    if (!parsed.success) {
      setError(`The ${describeIssues(parsed.error)}.`);
      return;
    }
    setPending(true);
    setError(null);
    try {
      const { id } = await api.createSection(draftId, parsed.data);
      setTitle("");
      setPosition(AT_END);
      onCreated(id);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="add-section card" onSubmit={submit} noValidate aria-labelledby={`${titleId}-heading`}>
      <h2 id={`${titleId}-heading`} className="add-section__heading">
        Add a section
      </h2>
      <div className="add-section__fields">
        <div className="field">
          <label htmlFor={titleId}>Title</label>
          <input
            id={titleId}
            type="text"
            value={title}
            maxLength={200}
            onChange={(event) => setTitle(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor={positionId}>Position</label>
          <select id={positionId} value={position} onChange={(event) => setPosition(event.target.value)}>
            <option value={AT_END}>At the end</option>
            {sections.map((section, index) => (
              <option key={section.id} value={section.id}>
                {`After ${index + 1}. ${section.title || "Untitled"}`}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? "Adding…" : "Add section"}
        </button>
      </div>
      <FormError error={error} id={errorId} />
    </form>
  );
}

/**
 * "At the end" is sent as "after the last section", so the result does not
 * depend on where the server puts a section that names no predecessor.
 */
function afterId(position: string, sections: SectionMeta[]): string | undefined {
  if (position === AT_END) return sections[sections.length - 1]?.id;
  return position;
}
