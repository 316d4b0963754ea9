import { useCallback, useEffect, useRef, useState } from "react";
import type { SectionMeta } from "../../../shared/types.ts";
import { focusSection } from "../../components/focusSection.ts";

/** A section created here appears when the draft document says so; then go to it. */
export function useFocusWhenPresent(sections: SectionMeta[]): (sectionId: string) => void {
  const waitingFor = useRef<string | null>(null);
  const [request, setRequest] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `request` re-checks a section that is already there.
  useEffect(() => {
    const id = waitingFor.current;
    if (!id || !sections.some((section) => section.id === id)) return;
    waitingFor.current = null;
    // The new section's editor becomes editable once the server has
    // authenticated it; until then, focus lands on the section, then moves in.
    let attempts = 0;
    const tryFocus = () => {
      if (focusSection(id) || ++attempts > 20) return;
      setTimeout(tryFocus, 100);
    };
    setTimeout(tryFocus, 50);
  }, [sections, request]);
  return useCallback((sectionId: string) => {
    waitingFor.current = sectionId;
    setRequest((n) => n + 1);
  }, []);
}

/** `/drafts/<id>#section-<sectionId>` (from "My work") brings that section into view and focus. */
export function useFocusFromAddress(focusWhenPresent: (sectionId: string) => void): void {
  useEffect(() => {
    const match = /^#section-([A-Za-z0-9_-]+)$/.exec(window.location.hash);
    if (match?.[1]) focusWhenPresent(match[1]);
  }, [focusWhenPresent]);
}
