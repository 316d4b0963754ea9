import type { NegotiationStore } from "./NegotiationStore.ts";
import { ProgressFigures } from "./ProgressFigures.tsx";
import { useNegotiationSnapshot } from "./useNegotiation.ts";

/** One section's figures in the outline, once the server has measured it. */
export function SectionProgressBadge({ store, sectionId }: { store: NegotiationStore; sectionId: string }) {
  const { progress } = useNegotiationSnapshot(store);
  const figures = progress[sectionId];
  if (!figures) return null;
  return (
    <ProgressFigures
      cleanShare={figures.cleanShare}
      openBrackets={figures.openBrackets}
      compact
      testId="section-progress"
    />
  );
}
