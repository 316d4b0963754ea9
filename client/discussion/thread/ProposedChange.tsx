import type { ProposalThread } from "../../../shared/discussion.ts";

/** What a proposal changes: "old → new", "Delete old", "Insert new". */
export function ProposedChange({ thread }: { thread: ProposalThread }) {
  if (thread.quote === "") {
    return (
      <span className="proposal-change">
        Insert <ins className="proposal-change__new">{thread.replacement}</ins>
      </span>
    );
  }
  if (thread.replacement === "") {
    return (
      <span className="proposal-change">
        Delete <del>{thread.quote}</del>
      </span>
    );
  }
  return (
    <span className="proposal-change">
      <del>{thread.quote}</del> → <ins className="proposal-change__new">{thread.replacement}</ins>
    </span>
  );
}

/** Who proposed it and why. */
export function ProposalBody({ thread }: { thread: ProposalThread }) {
  return (
    <div className="proposal-body">
      <p className="proposal-body__by muted">proposed by {thread.author.delegation}</p>
      {thread.rationale && <p className="proposal-body__rationale">{thread.rationale}</p>}
    </div>
  );
}
