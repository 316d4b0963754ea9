import { useEffect, useState } from "react";
import type { RemovedSectionSummary } from "../../shared/types.ts";
import { api, errorMessage } from "../api/apiClient.ts";
import { formatDateTime } from "../format.ts";
import { FormError } from "./FormError.tsx";

interface RemovedSectionsProps {
  draftId: string;
  /** Changes whenever the live sections do, so the list follows removals and restorations by anyone. */
  liveKey: string;
  onRestored(sectionId: string): void;
}

/** For leads: the draft's removed sections, each with Restore (nothing is lost by a click). */
export function RemovedSections({ draftId, liveKey, onRestored }: RemovedSectionsProps) {
  const [removed, setRemoved] = useState<RemovedSectionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `liveKey` is the refresh trigger.
  useEffect(() => {
    let current = true;
    api
      .removedSections(draftId)
      .then((list) => {
        if (current) setRemoved([...list].sort((a, b) => b.removedAt - a.removedAt));
      })
      .catch(() => {
        if (current) setRemoved(null);
      });
    return () => {
      current = false;
    };
  }, [draftId, liveKey]);

  if (!removed || removed.length === 0) return null;

  const restore = async (section: RemovedSectionSummary) => {
    setRestoring(section.id);
    setError(null);
    try {
      await api.restoreSection(section.id);
      setRemoved((list) => list?.filter((item) => item.id !== section.id) ?? null);
      onRestored(section.id);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setRestoring(null);
    }
  };

  return (
    <section className="removed-sections card" aria-labelledby="removed-sections-heading">
      <h2 id="removed-sections-heading" className="removed-sections__heading">
        Removed sections
      </h2>
      <ul className="removed-sections__list" data-testid="removed-sections">
        {removed.map((section) => (
          <li key={section.id} className="removed-sections__item">
            <span>
              <span className="removed-sections__title">{section.title || "Untitled"}</span>{" "}
              <span className="muted">{`removed ${formatDateTime(section.removedAt)}`}</span>
            </span>
            <button
              type="button"
              className="button button--small"
              aria-label={`Restore “${section.title || "Untitled"}”`}
              disabled={restoring !== null}
              onClick={() => void restore(section)}
            >
              {restoring === section.id ? "Restoring…" : "Restore"}
            </button>
          </li>
        ))}
      </ul>
      <FormError error={error} />
    </section>
  );
}
