/** A moment as people read it here: "27 Nov 2025, 14:05" in their own locale. */
export function formatDateTime(at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
