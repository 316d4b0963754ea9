import type { Extensions } from "@tiptap/core";
import { useMemo } from "react";
import type { Discussion } from "../../discussion/useDiscussion.ts";
import { perSection } from "../../editor/perSection.ts";
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
  return useMemo(
    () =>
      perSection(
        (sectionId): Extensions => [...discussion.extensionsFor(sectionId), ...negotiation.extensionsFor(sectionId)],
      ),
    [discussion, negotiation],
  );
}
