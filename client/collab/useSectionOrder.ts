import { useCallback, useEffect, useState } from "react";
import type { SectionMeta } from "../../shared/types.ts";
import { api, errorMessage } from "../api/apiClient.ts";

export interface SectionOrder {
  /** The sections in the order to show: a move shows at once, before the server confirms it. */
  sections: SectionMeta[];
  /** Moves a section to `toIndex` (0-based), through the API. */
  move(sectionId: string, toIndex: number): Promise<boolean>;
  error: string | null;
}

/**
 * The outline order with moves applied optimistically: the draft document
 * (written by the server) confirms them a moment later. A move that fails, or
 * a change of the set of sections meanwhile, falls back to the live order.
 */
export function useSectionOrder(draftId: string, live: SectionMeta[]): SectionOrder {
  const [pending, setPending] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const liveKey = live.map((section) => section.id).join(",");

  useEffect(() => {
    if (!pending) return;
    const liveIds = liveKey.split(",");
    const sameSet = liveIds.length === pending.length && pending.every((id) => liveIds.includes(id));
    if (!sameSet || liveKey === pending.join(",")) setPending(null);
  }, [liveKey, pending]);

  const shown = pending ? arrange(live, pending) : live;

  const move = useCallback(
    async (sectionId: string, toIndex: number): Promise<boolean> => {
      const ids = shown.map((section) => section.id);
      const from = ids.indexOf(sectionId);
      const to = Math.max(0, Math.min(ids.length - 1, toIndex));
      if (from < 0 || from === to) return false;
      ids.splice(from, 1);
      ids.splice(to, 0, sectionId);
      setPending(ids);
      setError(null);
      try {
        await api.reorderSections(draftId, ids);
        return true;
      } catch (caught) {
        setPending(null);
        setError(errorMessage(caught));
        return false;
      }
    },
    [draftId, shown],
  );

  return { sections: shown, move, error };
}

function arrange(sections: SectionMeta[], order: string[]): SectionMeta[] {
  const byId = new Map(sections.map((section) => [section.id, section]));
  return order.map((id) => byId.get(id)).filter((section): section is SectionMeta => section !== undefined);
}
