import type { Notices } from "../notices/useNotices.ts";

/**
 * The page's notices in a polite live region: screen readers read each one
 * as it appears; everyone sees it for a few seconds, with its action if any.
 */
export function LiveNotices({ notices, dismiss }: Pick<Notices, "notices" | "dismiss">) {
  return (
    <div className="live-notices" aria-live="polite" aria-relevant="additions text" data-testid="live-notices">
      {notices.map((notice) => (
        <p key={notice.id} className="live-notice">
          <span className="live-notice__text">{notice.text}</span>
          {notice.action && (
            <button
              type="button"
              className="button button--small"
              onClick={() => {
                notice.action?.run();
                dismiss(notice.id);
              }}
            >
              {notice.action.label}
            </button>
          )}
          <button
            type="button"
            className="icon-button live-notice__close"
            aria-label="Dismiss notice"
            onClick={() => dismiss(notice.id)}
          >
            ×
          </button>
        </p>
      ))}
    </div>
  );
}
