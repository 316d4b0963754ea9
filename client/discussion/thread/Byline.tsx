import type { Person } from "../../../shared/discussion.ts";
import { DelegationChip } from "../../components/DelegationChip.tsx";
import { formatDateTime } from "../../format.ts";

/** Who wrote something, their delegation and when. */
export function Byline({ person, at, edited }: { person: Person; at: number; edited?: boolean }) {
  return (
    <div className="thread-byline">
      <span className="thread-byline__name">{person.name}</span> <DelegationChip delegation={person.delegation} />{" "}
      <time className="thread-byline__time muted" dateTime={new Date(at).toISOString()}>
        {formatDateTime(at)}
      </time>
      {edited && <span className="muted"> (edited)</span>}
    </div>
  );
}
