import { Extension } from "@tiptap/core";
import { type EditorState, Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import type { ProposalThread } from "../../shared/discussion.ts";
import { delegationColor } from "../../shared/presence.ts";
import { decorationsField } from "../editor/decorationsField.ts";
import { anchorRange } from "./anchors.ts";
import { type DiscussionEditors, REDRAW_META } from "./DiscussionEditors.ts";
import type { DiscussionStore } from "./DiscussionStore.ts";

export interface DiscussionHighlightsOptions {
  sectionId: string;
  editors: DiscussionEditors | null;
}

const highlightsKey = new PluginKey<DecorationSet>("discussionHighlights");

/**
 * Draws the discussion onto a section's text: commented words highlighted,
 * open proposals as suggestions (the words they replace struck through, the
 * proposed words beside them in the proposing delegation's colour, "proposed
 * by SGP"). Decorations only: nothing is written into the document, so this
 * works the same in read-only editors, and commenting needs no write access.
 *
 * Clicking highlighted text makes its thread the active one in the sidebar.
 */
export const DiscussionHighlights = Extension.create<DiscussionHighlightsOptions>({
  name: "discussionHighlights",

  addOptions() {
    return { sectionId: "", editors: null };
  },

  addProseMirrorPlugins() {
    const { sectionId, editors } = this.options;
    if (!editors) return [];
    const { store } = editors;
    const draw = (state: EditorState) => decorations(state, store, sectionId);
    return [
      new Plugin<DecorationSet>({
        key: highlightsKey,
        state: decorationsField(REDRAW_META, draw),
        props: {
          decorations: (state) => highlightsKey.getState(state),
          handleDOMEvents: {
            // A plain click (not the end of a drag-selection) on discussed text opens its thread.
            click: (view, event) => {
              const target = event.target instanceof Element ? event.target : null;
              const marked = target?.closest<HTMLElement>("[data-thread-id]");
              const threadId = marked?.dataset.threadId;
              if (!threadId || !view.dom.contains(marked)) return false;
              if (!view.state.selection.empty && !marked.classList.contains("discussion-suggestion")) return false;
              editors.activate(threadId, { revealCard: true });
              return false;
            },
          },
        },
        view(view) {
          const detach = editors.attachView(sectionId, view);
          return {
            update(updated, previous) {
              if (updated.state.selection.eq(previous.selection) && updated.state.doc === previous.doc) return;
              editors.reportSelection(sectionId, updated);
            },
            destroy: detach,
          };
        },
      }),
    ];
  },
});

function decorations(state: EditorState, store: DiscussionStore, sectionId: string): DecorationSet {
  const { activeThreadId, pending } = store.getSnapshot();
  const found: Decoration[] = [];
  for (const thread of store.threadsOf(sectionId)) {
    const active = thread.id === activeThreadId;
    // Settled threads are marked only while shown and chosen.
    if (thread.status !== "open" && !(active && store.isShown(thread))) continue;
    const range = anchorRange(state, thread.anchor);
    if (!range) continue;
    if (thread.kind === "proposal" && thread.status === "open") {
      found.push(...suggestion(thread, range, active));
    } else if (range.from < range.to) {
      found.push(
        Decoration.inline(range.from, range.to, {
          class: `discussion-highlight${active ? " discussion-highlight--active" : ""}`,
          "data-thread-id": thread.id,
        }),
      );
    }
  }
  if (pending?.sectionId === sectionId) {
    const range = anchorRange(state, pending.anchor);
    if (range && range.from < range.to) {
      found.push(
        Decoration.inline(range.from, range.to, { class: "discussion-highlight discussion-highlight--pending" }),
      );
    } else if (range) {
      found.push(Decoration.widget(range.from, pendingPoint, { side: 1, key: "pending", ignoreSelection: true }));
    }
  }
  return found.length === 0 ? DecorationSet.empty : DecorationSet.create(state.doc, found);
}

/** An open proposal shown inline: what it replaces struck through, then what it proposes. */
function suggestion(thread: ProposalThread, range: { from: number; to: number }, active: boolean): Decoration[] {
  const shown: Decoration[] = [];
  const color = delegationColor(thread.author.delegation);
  if (range.from < range.to) {
    shown.push(
      Decoration.inline(range.from, range.to, {
        class: `discussion-suggestion-deleted${active ? " discussion-suggestion-deleted--active" : ""}`,
        "data-thread-id": thread.id,
        style: `--delegation-color: ${color}`,
      }),
    );
  }
  const key = `suggestion:${thread.id}:${active ? 1 : 0}:${thread.replacement}`;
  shown.push(
    Decoration.widget(range.to, () => suggestionWidget(thread, color, active), {
      key,
      side: 1,
      marks: [],
      ignoreSelection: true,
    }),
  );
  return shown;
}

function suggestionWidget(thread: ProposalThread, color: string, active: boolean): HTMLElement {
  const delegation = thread.author.delegation;
  const widget = document.createElement("span");
  widget.className = `discussion-suggestion${active ? " discussion-suggestion--active" : ""}`;
  widget.dataset.testid = "suggestion";
  widget.dataset.threadId = thread.id;
  widget.style.setProperty("--delegation-color", color);
  widget.title = thread.replacement
    ? `Proposed by ${delegation} (${thread.author.name}): “${thread.replacement}”`
    : `Deletion proposed by ${delegation} (${thread.author.name})`;
  if (thread.replacement) {
    const inserted = document.createElement("ins");
    inserted.className = "discussion-suggestion__text";
    // Text, never markup: the proposal is plain text from another person.
    inserted.textContent = thread.replacement;
    widget.append(inserted);
  }
  const label = document.createElement("span");
  label.className = "discussion-suggestion__label";
  label.textContent = thread.replacement ? `proposed by ${delegation}` : `deletion proposed by ${delegation}`;
  widget.append(label);
  return widget;
}

function pendingPoint(): HTMLElement {
  const point = document.createElement("span");
  point.className = "discussion-pending-point";
  point.setAttribute("aria-hidden", "true");
  return point;
}
