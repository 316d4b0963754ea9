import { useSyncExternalStore } from "react";
import type { SyncTracker } from "../collab/syncTracker.ts";
import type { ConnectionState } from "../collab/useDraftConnection.ts";

const LABELS: Record<ConnectionState, string> = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  offline: "Offline",
  stopped: "Disconnected",
};

/** Said while offline edits wait on this device (IndexedDB), even across a reload. */
const OFFLINE_WITH_CHANGES = "Offline — changes kept on this device";
/** Said for the moment between a key press and its edit reaching the device's storage. */
const OFFLINE_STORING = "Offline — keeping changes on this device…";

/** The connection and saved state of the page, announced politely as they change. */
export function ConnectionStatus({
  state,
  unsynced,
  stored,
}: {
  state: ConnectionState;
  unsynced: boolean;
  stored: boolean;
}) {
  const waiting = state !== "connected";
  return (
    <div className="connection-status">
      <span className={`status-pill status-pill--${state}`} data-testid="connection-status" role="status">
        <span className="status-pill__dot" aria-hidden="true" />
        {state === "offline" && unsynced ? (stored ? OFFLINE_WITH_CHANGES : OFFLINE_STORING) : LABELS[state]}
      </span>
      <span
        className={`saved-status${unsynced ? " saved-status--pending" : ""}`}
        data-testid="saved-status"
        role="status"
        title={
          unsynced && waiting ? "Your changes are kept on this device and sent when the connection returns." : undefined
        }
      >
        {unsynced ? (waiting ? "Not sent yet" : "Saving…") : "All changes saved"}
      </span>
    </div>
  );
}

/**
 * The status fed straight from the page's sync tracker: it changes with every
 * key press (saving, saved), so only this small component re-renders for it.
 */
export function TrackedConnectionStatus({ state, tracker }: { state: ConnectionState; tracker: SyncTracker }) {
  const unsynced = useSyncExternalStore(tracker.subscribe, tracker.hasUnsyncedChanges);
  const stored = useSyncExternalStore(tracker.subscribe, tracker.isStoredOnDevice);
  return <ConnectionStatus state={state} unsynced={unsynced} stored={stored} />;
}
