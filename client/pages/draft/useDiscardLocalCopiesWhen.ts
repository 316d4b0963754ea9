import { useEffect, useRef } from "react";
import { sectionDocumentName } from "../../../shared/documentNames.ts";
import type { SectionMeta } from "../../../shared/types.ts";
import { LocalStore, localStoreName } from "../../collab/LocalStore.ts";

/**
 * Someone removed from the group can never send what their device kept for
 * this draft's sections: delete it, so it is not merged if they come back.
 */
export function useDiscardLocalCopiesWhen(removed: boolean, userId: string, sections: SectionMeta[]): void {
  const ids = useRef(sections.map((section) => section.id));
  ids.current = sections.map((section) => section.id);
  useEffect(() => {
    if (!removed) return;
    for (const id of ids.current) void LocalStore.clear(localStoreName(userId, sectionDocumentName(id)));
  }, [removed, userId]);
}
