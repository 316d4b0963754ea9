import { useId, useState } from "react";
import { SECTION_STATUS_VALUES, type SectionStatus, STATUS_LABELS } from "../../shared/roles.ts";
import { canTransition } from "../../shared/sectionStatus.ts";
import type { SectionMeta } from "../../shared/types.ts";
import { api, errorMessage } from "../api/apiClient.ts";
import { FormError } from "./FormError.tsx";

/** A lead's control for a section's status; the draft document shows the result. */
export function SectionStatusSelect({ section, sectionLabel }: { section: SectionMeta; sectionLabel: string }) {
  const [pending, setPending] = useState<SectionStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const selectId = useId();
  const errorId = useId();

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
        disabled={pending !== null}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => {
          const value = SECTION_STATUS_VALUES.find((status) => status === event.target.value);
          if (value && value !== section.status) void change(value);
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
      <FormError error={error} id={errorId} />
    </div>
  );
}
