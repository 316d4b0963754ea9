import { useCallback, useEffect, useState } from "react";

export type DraftPanel = "outline" | "discussion";

export interface Panels {
  /** The panel open over the text on a narrow screen, if any. */
  open: DraftPanel | null;
  toggle(which: DraftPanel): void;
  close(): void;
}

/** On a narrow screen the outline and the discussion are panels over the text, one tap away; Escape closes them. */
export function usePanels(): Panels {
  const [open, setOpen] = useState<DraftPanel | null>(null);
  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(null);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [open]);
  const toggle = useCallback((which: DraftPanel) => setOpen((current) => (current === which ? null : which)), []);
  const close = useCallback(() => setOpen(null), []);
  return { open, toggle, close };
}
