import { delegationColor } from "../../shared/presence.ts";
import { isColor } from "../collab/isColor.ts";

/**
 * Caret label "Name (DEL)". The server replaces everyone's presence `user`
 * with `{id, name, delegation, color}`, so the delegation is added here when
 * the name does not already carry it. Built with DOM APIs: names are text,
 * never markup.
 */
export function renderCaret(user: Record<string, unknown>): HTMLElement {
  const delegation = typeof user.delegation === "string" ? user.delegation : "";
  const color = isColor(user.color) ? user.color : delegationColor(delegation);
  const caret = document.createElement("span");
  caret.className = "collaboration-carets__caret";
  caret.style.borderColor = color;

  const label = document.createElement("span");
  label.className = "collaboration-carets__label";
  label.style.backgroundColor = color;
  label.setAttribute("aria-hidden", "true");
  label.textContent = caretLabel(user, delegation);
  caret.append(label);
  return caret;
}

export function caretLabel(user: Record<string, unknown>, delegation: string): string {
  const name = typeof user.name === "string" && user.name ? user.name : "Someone";
  if (!delegation || name.endsWith(`(${delegation})`)) return name;
  return `${name} (${delegation})`;
}
