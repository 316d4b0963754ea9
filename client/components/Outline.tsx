import { type DragEvent, type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { STATUS_LABELS } from "../../shared/roles.ts";
import type { SectionMeta } from "../../shared/types.ts";
import { DelegationChip } from "./DelegationChip.tsx";
import { FormError } from "./FormError.tsx";
import { focusSection } from "./focusSection.ts";
import { Icon } from "./Icon.tsx";

interface OutlineProps {
  sections: SectionMeta[];
  delegationsOf(section: SectionMeta): string[];
  /** For leads: moves a section to a 0-based position (through the API). */
  onMove?(sectionId: string, toIndex: number): Promise<boolean>;
  /** Says something to screen reader users (the page's live region). */
  announce?(message: string): void;
  error?: string | null;
  /** More to show about a section under its title (the discussion's counts). */
  badgesOf?(section: SectionMeta): ReactNode;
}

const DRAG_TYPE = "application/x-plenary-section";

/**
 * The draft's sections in order; choosing one moves to its text. Leads
 * reorder here: Alt+Arrow keys on an item, the Move buttons, or drag and drop.
 */
export function Outline({ sections, delegationsOf, onMove, announce, error, badgesOf }: OutlineProps) {
  const [dragging, setDragging] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<{ id: string; after: boolean } | null>(null);
  const refocus = useRef<string | null>(null);
  const canReorder = onMove !== undefined;

  // A moved item may be re-inserted in the DOM, which drops its focus: put it back.
  const order = sections.map((section) => section.id).join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the order changes, which `order` stands for.
  useEffect(() => {
    const id = refocus.current;
    if (!id) return;
    refocus.current = null;
    const link = document.querySelector<HTMLElement>(`[data-outline-id="${CSS.escape(id)}"] .outline__item`);
    if (link && document.activeElement !== link) link.focus();
  }, [order]);

  const move = async (section: SectionMeta, toIndex: number, keepFocus: boolean) => {
    if (!onMove) return;
    const title = section.title || "Untitled";
    const target = Math.max(0, Math.min(sections.length - 1, toIndex));
    if (keepFocus) refocus.current = section.id;
    const moved = await onMove(section.id, target);
    if (moved) announce?.(`Moved “${title}” to position ${target + 1} of ${sections.length}.`);
  };

  const onKeyDown = (event: KeyboardEvent, section: SectionMeta, index: number) => {
    if (!canReorder || !event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
    event.preventDefault();
    void move(section, event.key === "ArrowUp" ? index - 1 : index + 1, true);
  };

  const onDragOver = (event: DragEvent<HTMLLIElement>, id: string) => {
    if (!dragging || !event.dataTransfer.types.includes(DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    const box = event.currentTarget.getBoundingClientRect();
    const after = event.clientY > box.top + box.height / 2;
    if (dropTarget?.id !== id || dropTarget.after !== after) setDropTarget({ id, after });
  };

  const onDrop = (event: DragEvent<HTMLLIElement>, target: SectionMeta) => {
    event.preventDefault();
    const draggedId = event.dataTransfer.getData(DRAG_TYPE) || dragging;
    const dragged = sections.find((section) => section.id === draggedId);
    const after = dropTarget?.id === target.id ? dropTarget.after : false;
    setDragging(null);
    setDropTarget(null);
    if (!dragged || dragged.id === target.id) return;
    const rest = sections.filter((section) => section.id !== dragged.id);
    const toIndex = rest.findIndex((section) => section.id === target.id) + (after ? 1 : 0);
    void move(dragged, toIndex, false);
  };

  return (
    <nav aria-label="Outline" className="outline" data-testid="outline">
      <h2 className="outline__heading">Outline</h2>
      {canReorder && sections.length > 1 && (
        <p className="outline__hint muted" id="outline-hint">
          Drag a section, or press Alt+↑/↓ on it, to reorder.
        </p>
      )}
      <FormError error={error} />
      {sections.length === 0 ? (
        <p className="muted">No sections yet.</p>
      ) : (
        <ol className="outline__list">
          {sections.map((section, index) => {
            const delegations = delegationsOf(section);
            const title = section.title || "Untitled";
            const dropClass =
              dropTarget?.id === section.id && dragging !== section.id
                ? ` outline__entry--drop-${dropTarget.after ? "after" : "before"}`
                : "";
            return (
              <li
                key={section.id}
                data-outline-id={section.id}
                className={`outline__entry${dragging === section.id ? " outline__entry--dragging" : ""}${dropClass}`}
                draggable={canReorder}
                onDragStart={(event) => {
                  if (!canReorder) return;
                  event.dataTransfer.setData(DRAG_TYPE, section.id);
                  event.dataTransfer.setData("text/plain", title);
                  event.dataTransfer.effectAllowed = "move";
                  setDragging(section.id);
                }}
                onDragEnd={() => {
                  setDragging(null);
                  setDropTarget(null);
                }}
                onDragOver={(event) => onDragOver(event, section.id)}
                onDragLeave={(event) => {
                  if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropTarget(null);
                }}
                onDrop={(event) => onDrop(event, section)}
              >
                <a
                  href={`#section-${section.id}`}
                  className="outline__item"
                  aria-describedby={canReorder && sections.length > 1 ? "outline-hint" : undefined}
                  onClick={(event) => {
                    event.preventDefault();
                    focusSection(section.id);
                  }}
                  onKeyDown={(event) => onKeyDown(event, section, index)}
                >
                  <span className="outline__title">
                    <span className="outline__number">{index + 1}.</span> {title}
                  </span>
                  <span className="outline__meta">
                    {delegations.length === 0 ? (
                      <span className="muted">No pen</span>
                    ) : (
                      delegations.map((delegation) => <DelegationChip key={delegation} delegation={delegation} />)
                    )}
                    <span className={`status-badge status-badge--${section.status}`}>
                      {STATUS_LABELS[section.status]}
                    </span>
                    {badgesOf?.(section)}
                  </span>
                </a>
                {canReorder && sections.length > 1 && (
                  <span className="outline__move">
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Move “${title}” up`}
                      title="Move up"
                      disabled={index === 0}
                      onClick={() => void move(section, index - 1, false)}
                    >
                      <Icon name="arrowUp" />
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Move “${title}” down`}
                      title="Move down"
                      disabled={index === sections.length - 1}
                      onClick={() => void move(section, index + 1, false)}
                    >
                      <Icon name="arrowDown" />
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </nav>
  );
}
