/**
 * The text changed since the proposal was made: what accepting would replace
 * now, and "Accept anyway" when it can still be applied cleanly.
 */
export function OutdatedConfirm({
  current,
  replacement,
  busy,
  onCancel,
  onConfirm,
}: {
  /** The words accepting would replace now; `canConfirm` false when the proposal cannot be applied. */
  current: { text: string; canConfirm: boolean };
  replacement: string;
  busy: boolean;
  onCancel(): void;
  onConfirm(): void;
}) {
  return (
    <div className="settle-confirm" role="alert">
      {current.canConfirm ? (
        <>
          <p data-testid="proposal-outdated">
            The text has changed since this proposal: now <q>{current.text}</q>
          </p>
          <p className="proposal-preview" data-testid="accept-preview">
            Accepting replaces <del>{current.text}</del> with{" "}
            <ins className="proposal-change__new">{replacement || "nothing"}</ins>
          </p>
        </>
      ) : (
        <p data-testid="proposal-outdated">
          The words this proposal changes were rewritten since: now <q>{current.text}</q>. It cannot be applied without
          mixing old and new text; reject it, or propose again on the current text.
        </p>
      )}
      <div className="thread-card__actions">
        <button type="button" className="button button--small" disabled={busy} onClick={onCancel}>
          {current.canConfirm ? "Cancel" : "Close"}
        </button>
        {current.canConfirm && (
          <button
            type="button"
            className="button button--small button--primary"
            disabled={busy}
            data-testid="accept-anyway"
            onClick={onConfirm}
          >
            Accept anyway
          </button>
        )}
      </div>
    </div>
  );
}
