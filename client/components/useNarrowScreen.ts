import { useSyncExternalStore } from "react";

/** The width below which the draft page shows one column, with the outline and the discussion as panels. */
export const NARROW_QUERY = "(max-width: 56rem)";

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(NARROW_QUERY);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/** Whether the screen is narrow (a phone, a small tablet), following rotations and resizes. */
export function useNarrowScreen(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(NARROW_QUERY).matches);
}
