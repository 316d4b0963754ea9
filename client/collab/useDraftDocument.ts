import { useEffect, useState } from "react";
import type * as Y from "yjs";
import { readDraftDocument } from "../../shared/draftDocument.ts";
import type { DraftDetail } from "../../shared/types.ts";

/**
 * The draft's title and outline, live from the server-written `draft:` document.
 * Until that document has synced, the HTTP snapshot stands in for it, so the
 * page shows the outline at once instead of an empty one.
 */
export function useDraftDocument(doc: Y.Doc | null, synced: boolean, snapshot: DraftDetail): DraftDetail {
  const [live, setLive] = useState<DraftDetail | null>(null);

  useEffect(() => {
    setLive(null);
    if (!doc || !synced) return;
    const read = () => setLive(readDraftDocument(doc, snapshot.id));
    read();
    doc.on("update", read);
    return () => doc.off("update", read);
  }, [doc, synced, snapshot.id]);

  if (!live) return snapshot;
  // The groupId never changes; an older server may not write it into the document.
  return live.groupId ? live : { ...live, groupId: snapshot.groupId };
}
