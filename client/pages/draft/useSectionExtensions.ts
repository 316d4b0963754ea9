import type { Extensions } from "@tiptap/core";
import { useMemo } from "react";
import type { Discussion } from "../../discussion/useDiscussion.ts";
import type { Negotiation } from "../../negotiation/useNegotiation.ts";

/**
 * The extra editor extensions of each section (discussion highlights,
 * brackets), one stable list per section: an editor reads them once, when it
 * is created.
 */
export function useSectionExtensions(
  discussion: Discussion,
  negotiation: Negotiation,
): (sectionId: string) => Extensions {
  return useMemo(() => {
    const cache = new Map<string, Extensions>();
    return (sectionId: string): Extensions => {
      let extensions = cache.get(sectionId);
      if (!extensions) {
        extensions = [...discussion.extensionsFor(sectionId), ...negotiation.extensionsFor(sectionId)];
        cache.set(sectionId, extensions);
      }
      return extensions;
    };
  }, [discussion, negotiation]);
}
