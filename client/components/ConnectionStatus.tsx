import type { ConnectionState } from "../collab/useDraftConnection.ts";

const LABELS: Record<ConnectionState, string> = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  offline: "Offline",
  stopped: "Disconnected",
};

/** The connection and saved state of the page, announced politely as they change. */
export function ConnectionStatus({ state, unsynced }: { state: ConnectionState; unsynced: boolean }) {
  const waiting = state !== "connected";
  return (
    <div className="connection-status">
      <span className={`status-pill status-pill--${state}`} data-testid="connection-status" role="status">
        <span className="status-pill__dot" aria-hidden="true" />
        {LABELS[state]}
      </span>
      <span
        className={`saved-status${unsynced ? " saved-status--pending" : ""}`}
        data-testid="saved-status"
        role="status"
        title={
          unsynced && waiting ? "Your changes are kept in this tab and sent when the connection returns." : undefined
        }
      >
        {unsynced ? "Saving…" : "All changes saved"}
      </span>
    </div>
  );
}
