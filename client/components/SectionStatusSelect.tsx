import { useId, useRef, useState } from "react";
import { SECTION_STATUS_VALUES, type SectionStatus, STATUS_LABELS } from "../../shared/roles.ts";
import { canTransition } from "../../shared/sectionStatus.ts";
import type { SectionMeta } from "../../shared/types.ts";
import { api, errorMessage } from "../api/apiClient.ts";
import { FormError } from "./FormError.tsx";

/**
 * A lead's control for a section's status; the draft document shows the
 * result. Moving an agreed section back asks first, naming the section:
 * agreed text unlocks for its penholders.
 */
export function SectionStatusSelect({
  section,
  sectionLabel,
  number,
}: {
  section: SectionMeta;
  sectionLabel: string;
  number: number;
}) {
  const [pending, setPending] = useState<SectionStatus | null>(null);
  const [confirming, setConfirming] = useState<SectionStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const selectId = useId();
  const errorId = useId();
  const confirmId = useId();
  const selectRef = useRef<HTMLSelectElement>(null);

  const change = async (status: SectionStatus) => {
    setPending(status);
    setError(null);
    try {
      await api.patchSection(section.id, { status });
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(null);
    }
  };

  return (
    <div className="status-select">
      <label htmlFor={selectId} className="visually-hidden">
        {`Status, ${sectionLabel}`}
      </label>
      <select
        id={selectId}
        value={pending ?? section.status}
        disabled={pending !== null || confirming !== null}
        aria-describedby={error ? errorId : undefined}
        ref={selectRef}
        onChange={(event) => {
          const value = SECTION_STATUS_VALUES.find((status) => status === event.target.value);
          if (!value || value === section.status) return;
          if (section.status === "agreed") setConfirming(value);
          else void change(value);
        }}
      >
        {SECTION_STATUS_VALUES.map((status) => (
          // Steps the workflow does not allow (drafting straight to agreed)
          // stay visible but disabled, so the path is clear.
          <option key={status} value={status} disabled={!canTransition(section.status, status)}>
            {STATUS_LABELS[status]}
          </option>
        ))}
      </select>
      {confirming && (
        <div className="status-confirm" role="alertdialog" aria-labelledby={confirmId} data-testid="reopen-confirm">
          <p id={confirmId}>
            Reopen section {number} “{section.title || "Untitled"}”? It is agreed; as{" "}
            {STATUS_LABELS[confirming].toLowerCase()} its text can be changed again.
          </p>
          <div className="status-confirm__actions">
            <button
              type="button"
              className="button button--small"
              // biome-ignore lint/a11y/noAutofocus: the question opens because the person changed the status; the safe answer takes the focus.
              autoFocus
              onClick={() => {
                setConfirming(null);
                selectRef.current?.focus();
              }}
            >
              Keep it agreed
            </button>
            <button
              type="button"
              className="button button--small button--danger"
              data-testid="confirm-reopen"
              onClick={() => {
                const status = confirming;
                setConfirming(null);
                void change(status).then(() => selectRef.current?.focus());
              }}
            >
              Reopen as {STATUS_LABELS[confirming].toLowerCase()}
            </button>
          </div>
        </div>
      )}
      <FormError error={error} id={errorId} />
    </div>
  );
}
