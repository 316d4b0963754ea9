import type { Thread } from "../../../shared/discussion.ts";
import { DelegationChip } from "../../components/DelegationChip.tsx";
import { formatDateTime } from "../../format.ts";
import { statusLabel } from "./ThreadHeader.tsx";

/** Who settled a thread (resolved, accepted, rejected), when, and why. */
export function Resolution({ thread }: { thread: Thread }) {
  const resolution = thread.resolution;
  if (!resolution || thread.status === "open") return null;
  return (
    <div className={`thread-resolution thread-resolution--${thread.status}`} data-testid="thread-resolution">
      <span>
        {statusLabel(thread)} by {resolution.by.name}
      </span>{" "}
      <DelegationChip delegation={resolution.by.delegation} />{" "}
      <time className="muted" dateTime={new Date(resolution.at).toISOString()}>
        {formatDateTime(resolution.at)}
      </time>
      {resolution.reason && <p className="thread-resolution__reason">{resolution.reason}</p>}
    </div>
  );
}
