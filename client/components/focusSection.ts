/**
 * Brings a section into view and puts the keyboard in its text, where it can
 * be typed into or, read-only, read and selected with the arrows (the
 * section itself while the text is still opening). Says whether the text is
 * editable: a caller waiting for a new section to open may try again.
 */
export function focusSection(sectionId: string): boolean {
  const wrapper = document.querySelector<HTMLElement>(`[data-section-id="${CSS.escape(sectionId)}"]`);
  if (!wrapper) return false;
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  wrapper.scrollIntoView({ block: "start", behavior: reduceMotion ? "auto" : "smooth" });
  const text = wrapper.querySelector<HTMLElement>('.ProseMirror[contenteditable="true"]');
  const readOnly = wrapper.querySelector<HTMLElement>(".ProseMirror");
  (text ?? readOnly ?? wrapper).focus({ preventScroll: true });
  window.history.replaceState(window.history.state, "", `#section-${sectionId}`);
  return text !== null;
}
