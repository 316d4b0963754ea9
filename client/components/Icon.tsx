/**
 * The few icons the interface needs, as inline SVG: emoji fonts are missing on
 * many workstations, and the strict CSP rules out icon fonts from elsewhere.
 */
const PATHS = {
  lock: "M7 10V7a5 5 0 0 1 10 0v3h1a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1h1Zm2 0h6V7a3 3 0 0 0-6 0v3Z",
  link: "M10.6 13.4a1 1 0 0 1 0-1.4l3.5-3.5a1 1 0 1 1 1.4 1.4L12 13.4a1 1 0 0 1-1.4 0ZM8.5 20a4.5 4.5 0 0 1-3.2-7.7l2.1-2.1a1 1 0 0 1 1.4 1.4l-2.1 2.1a2.5 2.5 0 0 0 3.5 3.5l2.1-2.1a1 1 0 0 1 1.4 1.4l-2.1 2.1A4.5 4.5 0 0 1 8.5 20Zm7.5-5.8a1 1 0 0 1-.7-1.7l2.1-2.1a2.5 2.5 0 0 0-3.5-3.5l-2.1 2.1a1 1 0 0 1-1.4-1.4l2.1-2.1a4.5 4.5 0 0 1 6.4 6.4l-2.1 2.1a1 1 0 0 1-.8.2Z",
  undo: "M9 7H5V3a1 1 0 0 0-2 0v6a1 1 0 0 0 1 1h6a1 1 0 0 0 0-2H6.7A7 7 0 1 1 5 14a1 1 0 1 0-2 .3A9 9 0 1 0 9 7Z",
  redo: "M15 7h4V3a1 1 0 1 1 2 0v6a1 1 0 0 1-1 1h-6a1 1 0 1 1 0-2h3.3A7 7 0 1 0 19 14a1 1 0 1 1 2 .3A9 9 0 1 1 15 7Z",
  bulletList:
    "M4 7a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3Zm4-2.5h12a1 1 0 1 1 0 2H8a1 1 0 0 1 0-2ZM4 13.5a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3ZM8 11h12a1 1 0 1 1 0 2H8a1 1 0 1 1 0-2Zm-4 9a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3Zm4-2.5h12a1 1 0 1 1 0 2H8a1 1 0 1 1 0-2Z",
  orderedList:
    "M3 4h2v5H4V5.2H3V4Zm0 8.5c0-.8.7-1.5 1.5-1.5S6 11.7 6 12.5c0 .5-.3.9-.6 1.2L4.6 15H6v1H3v-.9l1.7-2c.2-.2.3-.4.3-.6 0-.3-.2-.5-.5-.5s-.5.2-.5.5H3ZM9 5h11a1 1 0 1 1 0 2H9a1 1 0 0 1 0-2Zm0 6h11a1 1 0 1 1 0 2H9a1 1 0 1 1 0-2Zm0 6h11a1 1 0 1 1 0 2H9a1 1 0 1 1 0-2Z",
  arrowUp:
    "M12 5a1 1 0 0 1 .7.3l6 6a1 1 0 0 1-1.4 1.4L13 8.4V18a1 1 0 1 1-2 0V8.4l-4.3 4.3a1 1 0 0 1-1.4-1.4l6-6A1 1 0 0 1 12 5Z",
  arrowDown:
    "M12 19a1 1 0 0 1-.7-.3l-6-6a1 1 0 0 1 1.4-1.4l4.3 4.3V6a1 1 0 1 1 2 0v9.6l4.3-4.3a1 1 0 0 1 1.4 1.4l-6 6a1 1 0 0 1-.7.3Z",
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg
      className={className ?? "icon"}
      viewBox="0 0 24 24"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  );
}
