import type { Panels } from "./usePanels.ts";

/** The buttons that open the outline or the discussion over the text on a narrow screen. */
export function PanelBar({ panels }: { panels: Panels }) {
  return (
    <nav className="panel-bar" aria-label="Panels">
      <button
        type="button"
        className="panel-bar__button"
        aria-expanded={panels.open === "outline"}
        aria-controls="draft-outline-panel"
        data-testid="outline-panel-button"
        onClick={() => panels.toggle("outline")}
      >
        Outline
      </button>
      <button
        type="button"
        className="panel-bar__button"
        aria-expanded={panels.open === "discussion"}
        aria-controls="draft-discussion-panel"
        data-testid="discussion-panel-button"
        onClick={() => panels.toggle("discussion")}
      >
        Discussion
      </button>
    </nav>
  );
}
