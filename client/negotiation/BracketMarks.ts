import { Extension } from "@tiptap/core";
import { type EditorState, Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import type { Bracket, BracketOption } from "../../shared/negotiation.ts";
import { delegationColor } from "../../shared/presence.ts";
import { anchorRange } from "../discussion/anchors.ts";
import { decorationsField } from "../editor/decorationsField.ts";
import { BRACKET_REDRAW_META, type NegotiationStore } from "./NegotiationStore.ts";

export interface BracketMarksOptions {
  sectionId: string;
  store: NegotiationStore | null;
}

const bracketsKey = new PluginKey<DecorationSet>("bracketMarks");

/** Options are named A, B, C… in the text and in the panel. */
export function optionLetter(index: number): string {
  return index < 26 ? String.fromCharCode(65 + index) : `${index + 1}`;
}

/**
 * Draws each open bracket in a section's text as it would be circulated:
 * `[current wording]` then `[option B]`, `[option C]`…, each option labelled
 * with its letter, its delegation, and the delegations that support (✓) and
 * object (✗). Decorations only: nothing is written into the text, so readers
 * and observers see the same as penholders. Clicking a bracket opens its card.
 */
export const BracketMarks = Extension.create<BracketMarksOptions>({
  name: "bracketMarks",

  addOptions() {
    return { sectionId: "", store: null };
  },

  addProseMirrorPlugins() {
    const { sectionId, store } = this.options;
    if (!store) return [];
    const draw = (state: EditorState) => decorations(state, store, sectionId);
    return [
      new Plugin<DecorationSet>({
        key: bracketsKey,
        state: decorationsField(BRACKET_REDRAW_META, draw),
        props: {
          decorations: (state) => bracketsKey.getState(state),
          handleDOMEvents: {
            click: (view, event) => {
              const target = event.target instanceof Element ? event.target : null;
              const marked = target?.closest<HTMLElement>("[data-bracket-id]");
              const bracketId = marked?.dataset.bracketId;
              if (!bracketId || !view.dom.contains(marked)) return false;
              store.activate(bracketId, { revealCard: true });
              return false;
            },
          },
        },
        view(view) {
          const detach = store.attachView(sectionId, view);
          return { destroy: detach };
        },
      }),
    ];
  },
});

function decorations(state: EditorState, store: NegotiationStore, sectionId: string): DecorationSet {
  const { activeBracketId } = store.getSnapshot();
  const found: Decoration[] = [];
  for (const bracket of store.openBracketsOf(sectionId)) {
    const range = anchorRange(state, bracket.anchor);
    if (!range) continue;
    const active = bracket.id === activeBracketId;
    const key = `${bracket.id}:${active ? 1 : 0}:${JSON.stringify(bracket.options)}`;
    found.push(
      Decoration.widget(range.from, () => mark("[", bracket.id, "open"), {
        key: `open:${bracket.id}`,
        side: -1,
        marks: [],
        ignoreSelection: true,
      }),
    );
    if (range.from < range.to) {
      found.push(
        Decoration.inline(range.from, range.to, {
          class: `bracket-passage${active ? " bracket-passage--active" : ""}`,
          "data-bracket-id": bracket.id,
        }),
      );
    }
    found.push(
      Decoration.widget(range.to, () => closing(bracket, active), { key, side: 1, marks: [], ignoreSelection: true }),
    );
  }
  return found.length === 0 ? DecorationSet.empty : DecorationSet.create(state.doc, found);
}

function mark(text: string, bracketId: string, which: "open" | "close"): HTMLElement {
  const span = document.createElement("span");
  span.className = `bracket-mark bracket-mark--${which}`;
  span.dataset.bracketId = bracketId;
  span.dataset.testid = `bracket-${which}`;
  span.textContent = text;
  return span;
}

/** `]`, the current wording's label, then every other option in its own brackets. */
function closing(bracket: Bracket, active: boolean): HTMLElement {
  const widget = document.createElement("span");
  widget.className = `bracket-tail${active ? " bracket-tail--active" : ""}`;
  widget.dataset.bracketId = bracket.id;
  widget.dataset.testid = "bracket";
  widget.append(mark("]", bracket.id, "close"));
  bracket.options.forEach((option, index) => {
    if (index > 0) {
      const alternative = document.createElement("span");
      alternative.className = "bracket-option";
      alternative.dataset.testid = "bracket-option";
      alternative.append(mark("[", bracket.id, "open"));
      const words = document.createElement("span");
      words.className = "bracket-option__text";
      // Text, never markup: an option is plain text from another delegation.
      words.textContent = option.text === "" ? "(delete)" : option.text;
      alternative.append(words, mark("]", bracket.id, "close"));
      widget.append(" ", alternative);
    }
    widget.append(label(option, index));
  });
  return widget;
}

function label(option: BracketOption, index: number): HTMLElement {
  const badge = document.createElement("span");
  badge.className = "bracket-label";
  badge.dataset.testid = "bracket-label";
  badge.style.setProperty("--delegation-color", delegationColor(option.delegation));
  const parts = [`${optionLetter(index)} · ${option.delegation}`];
  if (option.supporters.length > 0) parts.push(`✓ ${option.supporters.join(" ")}`);
  if (option.objectors.length > 0) parts.push(`✗ ${option.objectors.join(" ")}`);
  badge.textContent = parts.join(" · ");
  badge.title = [
    `Option ${optionLetter(index)}${index === 0 ? " (the current wording)" : ""}, put forward by ${option.delegation}`,
    option.supporters.length > 0 ? `supported by ${option.supporters.join(", ")}` : "",
    option.objectors.length > 0 ? `opposed by ${option.objectors.join(", ")}` : "",
  ]
    .filter(Boolean)
    .join("; ");
  return badge;
}
