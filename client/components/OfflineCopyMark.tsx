import { formatDateTime } from "../format.ts";

/**
 * Says that what is shown is this device's copy, not the live text: the page
 * was opened without reaching the server.
 */
export function OfflineCopyMark({ at }: { at: number }) {
  return (
    <p className="offline-copy-mark" data-testid="offline-copy" role="note">
      Offline copy from <time dateTime={new Date(at).toISOString()}>{formatDateTime(at)}</time>
    </p>
  );
}
