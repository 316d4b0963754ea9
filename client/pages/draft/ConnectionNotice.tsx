import type { CloseOutcome } from "../../collab/closeMessages.ts";

/** Why the server closed the draft's connection; a reload is offered when retrying cannot help. */
export function ConnectionNotice({ notice }: { notice: CloseOutcome | null }) {
  if (!notice) return null;
  return (
    <p className={`banner banner--${notice.action === "retry" ? "info" : "error"}`} role="alert">
      {notice.message}
      {notice.action === "stop" && (
        <>
          {" "}
          <button type="button" className="button button--small" onClick={() => window.location.reload()}>
            Reload
          </button>
        </>
      )}
    </p>
  );
}
