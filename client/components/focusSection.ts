/**
 * Brings a section into view and puts the keyboard in it: into its text when
 * it is editable, otherwise on the section itself so reading can start there.
 */
export function focusSection(sectionId: string): boolean {
  const wrapper = document.querySelector<HTMLElement>(`[data-section-id="${CSS.escape(sectionId)}"]`);
  if (!wrapper) return false;
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  wrapper.scrollIntoView({ block: "start", behavior: reduceMotion ? "auto" : "smooth" });
  const text = wrapper.querySelector<HTMLElement>('.ProseMirror[contenteditable="true"]');
  (text ?? wrapper).focus({ preventScroll: true });
  window.history.replaceState(window.history.state, "", `#section-${sectionId}`);
  return text !== null;
}
