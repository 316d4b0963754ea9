import { useEffect, useRef, useState } from "react";
import type { SectionMeta } from "../../shared/types.ts";
import { api, errorMessage } from "../api/apiClient.ts";
import { FormError } from "./FormError.tsx";

interface RemoveSectionButtonProps {
  section: SectionMeta;
  number: number;
  /** The last section of a draft cannot be removed. */
  disabled: boolean;
  onRemoved(section: SectionMeta): void;
}

/** A lead's "Remove…" with an inline confirmation; removal can be undone (restored). */
export function RemoveSectionButton({ section, number, disabled, onRemoved }: RemoveSectionButtonProps) {
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const removeButton = useRef<HTMLButtonElement>(null);
  const title = section.title || "Untitled";

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const cancel = () => {
    setConfirming(false);
    setError(null);
    requestAnimationFrame(() => removeButton.current?.focus());
  };

  const remove = async () => {
    setPending(true);
    setError(null);
    try {
      await api.removeSection(section.id);
      onRemoved(section);
    } catch (caught) {
      setError(errorMessage(caught));
      setPending(false);
    }
  };

  if (!confirming) {
    return (
      <button
        ref={removeButton}
        type="button"
        className="button button--small button--quiet"
        aria-label={`Remove section ${number}`}
        disabled={disabled}
        title={disabled ? "A draft keeps at least one section." : undefined}
        onClick={() => setConfirming(true)}
      >
        Remove…
      </button>
    );
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of buttons, not a form field set.
    <div
      className="confirm"
      role="group"
      aria-label={`Confirm removal of section ${number}`}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.stopPropagation();
          cancel();
        }
      }}
    >
      <span className="confirm__question">{`Remove “${title}”? A lead can restore it later.`}</span>
      <button
        ref={confirmButton}
        type="button"
        className="button button--small button--danger"
        disabled={pending}
        onClick={() => void remove()}
      >
        {pending ? "Removing…" : "Remove section"}
      </button>
      <button type="button" className="button button--small button--quiet" disabled={pending} onClick={cancel}>
        Cancel
      </button>
      <FormError error={error} />
    </div>
  );
}
