import { useEffect, useMemo, useState } from "react";
import { draftDocumentName } from "../../shared/documentNames.ts";
import { readDraftDocument } from "../../shared/draftDocument.ts";
import type { DraftProgress } from "../../shared/negotiation.ts";
import { readProgress, readSilence } from "../../shared/negotiationDocument.ts";
import { SyncTracker } from "../collab/syncTracker.ts";
import { useDocumentSession } from "../collab/useDocumentSession.ts";
import { useDraftConnection } from "../collab/useDraftConnection.ts";
import { ProgressFigures } from "./ProgressFigures.tsx";

/**
 * A draft's figures on the group page, live: its `draft:` document (written by
 * the server only) carries each section's progress and the silence procedure.
 */
export function DraftProgressBadge({ draftId }: { draftId: string }) {
  const connection = useDraftConnection(draftId);
  const tracker = useMemo(() => new SyncTracker(), []);
  const { session, synced } = useDocumentSession(connection.socket, draftDocumentName(draftId), tracker);
  const doc = session?.doc ?? null;
  const [state, setState] = useState<{ progress: DraftProgress; measured: boolean; silent: boolean } | null>(null);

  useEffect(() => {
    if (!doc || !synced) return;
    const read = () => {
      const sectionIds = readDraftDocument(doc, draftId).sections.map((section) => section.id);
      const progress = readProgress(doc, sectionIds);
      setState({
        progress,
        measured: progress.sections.length === sectionIds.length && sectionIds.length > 0,
        silent: readSilence(doc)?.status === "running",
      });
    };
    read();
    doc.on("update", read);
    return () => doc.off("update", read);
  }, [doc, synced, draftId]);

  if (!state?.measured) return null;
  return (
    <span className="draft-progress-badge" data-testid="group-draft-progress">
      <ProgressFigures
        cleanShare={state.progress.cleanShare}
        openBrackets={state.progress.openBrackets}
        testId="group-progress"
      />
      {state.silent && <span className="status-badge">Under silence</span>}
    </span>
  );
}
