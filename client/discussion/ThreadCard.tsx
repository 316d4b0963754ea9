import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import {
  canEditComment,
  canResolveThread,
  canSettleProposal,
  type DiscussionComment,
  type Person,
  type ProposalThread,
  type Thread,
} from "../../shared/discussion.ts";
import { MAX_REASON_CHARS } from "../../shared/discussionSchemas.ts";
import { Actions, type Actor, can, type SectionTarget } from "../../shared/permissions.ts";
import { DelegationChip } from "../components/DelegationChip.tsx";
import { FormError } from "../components/FormError.tsx";
import { formatDateTime } from "../format.ts";
import { CommentComposer } from "./CommentComposer.tsx";
import type { ThreadPlace } from "./DiscussionStore.ts";
import { discussionApi, failureMessage, OutdatedProposalError } from "./discussionApi.ts";
import type { Mentionable } from "./mentions.ts";

interface ThreadCardProps {
  thread: Thread;
  place: ThreadPlace;
  /** The paragraph number of the anchor (3.2), when the section numbers paragraphs. */
  paragraph?: string | null;
  active: boolean;
  /** Changes when the card should be brought into view (someone clicked its text). */
  revealRequest: number;
  actor: Actor;
  /** The thread's section (penholders, status), or null once the section is gone. */
  section: SectionTarget | null;
  people: readonly Mentionable[];
  onActivate(): void;
  /** After the viewer settled it (resolved, accepted…): it stays in view, settled, until they move on. */
  onSettled(): void;
}

/**
 * One thread in the sidebar: what it is about, its comments, and what the
 * viewer may do with it. Comment text is shown as text, never as markup.
 */
export function ThreadCard({
  thread,
  place,
  paragraph = null,
  active,
  revealRequest,
  actor,
  section,
  people,
  onActivate,
  onSettled,
}: ThreadCardProps) {
  const card = useRef<HTMLElement>(null);
  const titleId = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const canDiscuss = can(actor, Actions.discuss);
  // Everyone can be shown as mentioned; the viewer is not offered to themselves.
  const others = people.filter((person) => person.userId !== actor.userId);
  const isOpen = thread.status === "open";

  useEffect(() => {
    if (!active || revealRequest === 0) return;
    card.current?.scrollIntoView({ block: "nearest" });
  }, [active, revealRequest]);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      onSettled();
    } catch (caught) {
      setError(failureMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  const canResolve = thread.kind === "comment" && section !== null && canResolveThread(actor, section, thread);
  const canSettle = thread.kind === "proposal" && isOpen && section !== null && canSettleProposal(actor, section);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click anywhere on the card is a shortcut; the quote button is the keyboard way.
    <article
      ref={card}
      className={`thread-card thread-card--${thread.kind} thread-card--${thread.status}${active ? " thread-card--active" : ""}`}
      data-testid="thread-card"
      data-thread-id={thread.id}
      data-status={thread.status}
      id={`thread-${thread.id}`}
      aria-labelledby={titleId}
      tabIndex={-1}
      onClick={(event) => {
        if (!active && !(event.target as Element).closest("button, a, input, textarea, select, label")) onActivate();
      }}
    >
      <header className="thread-card__header">
        <span className="thread-card__kind" id={titleId}>
          {thread.kind === "proposal" ? "Proposal" : "Comment"}
          <span className="visually-hidden"> by {thread.author.name}</span>
        </span>
        {paragraph && (
          <span className="thread-card__paragraph" data-testid="thread-paragraph">
            <span className="visually-hidden">Paragraph </span>¶ {paragraph}
          </span>
        )}
        <StatusBadge thread={thread} />
      </header>
      {/* A comment thread's first comment says who started it. */}
      {thread.kind === "proposal" && <Byline person={thread.author} at={thread.createdAt} />}
      <button
        type="button"
        className="thread-card__quote"
        aria-label={
          place.state === "detached" ? "Detached thread" : `Show the text: ${thread.quote || "insertion point"}`
        }
        aria-pressed={active}
        onClick={onActivate}
      >
        {thread.kind === "proposal" ? (
          <ProposedChange thread={thread} />
        ) : thread.quote ? (
          <q>{thread.quote}</q>
        ) : (
          <span className="muted">Insertion point</span>
        )}
      </button>
      {place.state === "detached" && thread.status !== "accepted" && (
        // An accepted proposal replaced its own words: that is not a lost anchor.
        <p className="thread-card__detached" data-testid="thread-detached">
          {thread.kind === "comment"
            ? "Detached — the commented text was deleted"
            : "Detached — the text this proposal applies to was deleted"}
        </p>
      )}
      {thread.kind === "proposal" && <ProposalBody thread={thread} />}
      <Resolution thread={thread} />
      {thread.comments.length > 0 && (
        <ol className="thread-card__comments">
          {thread.comments.map((comment) => (
            <CommentItem
              key={comment.id}
              threadId={thread.id}
              comment={comment}
              canEdit={canEditComment(actor, comment)}
              people={people}
              mentionable={others}
            />
          ))}
        </ol>
      )}
      <FormError error={error} />
      {canSettle && <SettleControls thread={thread} onSettled={onSettled} />}
      {canResolve && (
        <div className="thread-card__actions">
          <button
            type="button"
            className="button button--small"
            disabled={busy}
            data-testid={isOpen ? "resolve-thread" : "reopen-thread"}
            onClick={() =>
              void run(() => (isOpen ? discussionApi.resolve(thread.id) : discussionApi.reopen(thread.id)))
            }
          >
            {isOpen ? "Resolve" : "Reopen"}
          </button>
        </div>
      )}
      {active && canDiscuss && isOpen && (
        <CommentComposer
          label={`Reply to ${thread.author.name}`}
          placeholder="Reply… (@ to mention)"
          people={others}
          submitLabel="Reply"
          inputTestId="reply-input"
          submitTestId="submit-reply"
          onSubmit={async (body, mentions) => {
            await discussionApi.reply(thread.id, { body, ...(mentions.length > 0 && { mentions }) });
          }}
        />
      )}
    </article>
  );
}

function Byline({ person, at, edited }: { person: Person; at: number; edited?: boolean }) {
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

function StatusBadge({ thread }: { thread: Thread }) {
  const label =
    thread.kind === "comment"
      ? thread.status === "resolved"
        ? "Resolved"
        : "Open"
      : thread.status === "accepted"
        ? "Accepted"
        : thread.status === "rejected"
          ? "Rejected"
          : "Open";
  return (
    <span className={`thread-status thread-status--${thread.status}`} data-testid="thread-status">
      {label}
    </span>
  );
}

/** What a proposal changes: "old → new", "Delete old", "Insert new". */
function ProposedChange({ thread }: { thread: ProposalThread }) {
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

function ProposalBody({ thread }: { thread: ProposalThread }) {
  return (
    <div className="proposal-body">
      <p className="proposal-body__by muted">proposed by {thread.author.delegation}</p>
      {thread.rationale && <p className="proposal-body__rationale">{thread.rationale}</p>}
    </div>
  );
}

function Resolution({ thread }: { thread: Thread }) {
  const resolution = thread.resolution;
  if (!resolution || thread.status === "open") return null;
  const verb = thread.status === "accepted" ? "Accepted" : thread.status === "rejected" ? "Rejected" : "Resolved";
  return (
    <div className={`thread-resolution thread-resolution--${thread.status}`} data-testid="thread-resolution">
      <span>
        {verb} by {resolution.by.name}
      </span>{" "}
      <DelegationChip delegation={resolution.by.delegation} />{" "}
      <time className="muted" dateTime={new Date(resolution.at).toISOString()}>
        {formatDateTime(resolution.at)}
      </time>
      {resolution.reason && <p className="thread-resolution__reason">{resolution.reason}</p>}
    </div>
  );
}

/** Accept, or reject with a reason; an outdated proposal is accepted only after confirmation. */
function SettleControls({ thread, onSettled }: { thread: ProposalThread; onSettled(): void }) {
  const [mode, setMode] = useState<"idle" | "rejecting" | "outdated">("idle");
  /** The text accepting would replace now, as the server last said; `canConfirm` false when it cannot be applied. */
  const [current, setCurrent] = useState({ text: "", canConfirm: true });
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reasonId = useId();

  const accept = async (confirm: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await discussionApi.accept(thread.id, confirm ? { current: current.text } : undefined);
      onSettled();
    } catch (caught) {
      if (caught instanceof OutdatedProposalError) {
        setCurrent({ text: caught.current, canConfirm: caught.canConfirm });
        setMode("outdated");
      } else {
        setError(failureMessage(caught));
      }
    } finally {
      setBusy(false);
    }
  };

  const reject = async () => {
    if (reason.trim() === "") {
      setError("Say why the proposal is rejected.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await discussionApi.reject(thread.id, reason);
      onSettled();
    } catch (caught) {
      setError(failureMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  let controls: ReactNode;
  if (mode === "outdated") {
    controls = (
      <div className="settle-confirm" role="alert">
        {current.canConfirm ? (
          <>
            <p data-testid="proposal-outdated">
              The text has changed since this proposal: now <q>{current.text}</q>
            </p>
            <p className="proposal-preview" data-testid="accept-preview">
              Accepting replaces <del>{current.text}</del> with{" "}
              <ins className="proposal-change__new">{thread.replacement || "nothing"}</ins>
            </p>
          </>
        ) : (
          <p data-testid="proposal-outdated">
            The words this proposal changes were rewritten since: now <q>{current.text}</q>. It cannot be applied
            without mixing old and new text; reject it, or propose again on the current text.
          </p>
        )}
        <div className="thread-card__actions">
          <button type="button" className="button button--small" disabled={busy} onClick={() => setMode("idle")}>
            {current.canConfirm ? "Cancel" : "Close"}
          </button>
          {current.canConfirm && (
            <button
              type="button"
              className="button button--small button--primary"
              disabled={busy}
              data-testid="accept-anyway"
              onClick={() => void accept(true)}
            >
              Accept anyway
            </button>
          )}
        </div>
      </div>
    );
  } else if (mode === "rejecting") {
    controls = (
      <form
        className="settle-confirm"
        onSubmit={(event) => {
          event.preventDefault();
          void reject();
        }}
      >
        <label htmlFor={reasonId}>Why is it rejected?</label>
        <textarea
          id={reasonId}
          className="comment-composer__input"
          rows={2}
          value={reason}
          maxLength={MAX_REASON_CHARS}
          // biome-ignore lint/a11y/noAutofocus: the reason box opens because the person chose to reject.
          autoFocus
          data-testid="reject-reason"
          onChange={(event) => setReason(event.target.value)}
        />
        <div className="thread-card__actions">
          <button type="button" className="button button--small" disabled={busy} onClick={() => setMode("idle")}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button--small button--danger"
            disabled={busy}
            data-testid="confirm-reject"
          >
            Reject proposal
          </button>
        </div>
      </form>
    );
  } else {
    controls = (
      <div className="thread-card__actions">
        <button
          type="button"
          className="button button--small button--primary"
          disabled={busy}
          data-testid="accept-proposal"
          onClick={() => void accept(false)}
        >
          Accept
        </button>
        <button
          type="button"
          className="button button--small"
          disabled={busy}
          data-testid="reject-proposal"
          onClick={() => {
            setError(null);
            setMode("rejecting");
          }}
        >
          Reject…
        </button>
      </div>
    );
  }
  return (
    <div className="settle-controls">
      {controls}
      <FormError error={error} />
    </div>
  );
}

function CommentItem({
  threadId,
  comment,
  canEdit,
  people,
  mentionable,
}: {
  threadId: string;
  comment: DiscussionComment;
  canEdit: boolean;
  /** The group's members, to show mentions. */
  people: readonly Mentionable[];
  /** Who can be mentioned while editing. */
  mentionable: readonly Mentionable[];
}) {
  const [mode, setMode] = useState<"view" | "editing" | "deleting">("view");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (comment.deleted) {
    return (
      <li className="thread-comment thread-comment--deleted" data-testid="thread-comment">
        <p className="muted">
          <em>comment deleted</em>
        </p>
      </li>
    );
  }

  return (
    <li className="thread-comment" data-testid="thread-comment">
      <Byline person={comment.author} at={comment.createdAt} edited={comment.editedAt !== null} />
      {mode === "editing" ? (
        <CommentComposer
          label="Edit your comment"
          people={mentionable}
          initialText={comment.body}
          submitLabel="Save"
          autoFocus
          onCancel={() => setMode("view")}
          onSubmit={async (body, mentions) => {
            // Mentions picked again while editing are added to those the comment had.
            const kept = comment.mentions.filter((id) => {
              const person = people.find((p) => p.userId === id);
              return person ? body.includes(`@${person.name}`) : false;
            });
            await discussionApi.editComment(threadId, comment.id, {
              body,
              mentions: [...new Set([...kept, ...mentions])],
            });
            setMode("view");
          }}
        />
      ) : (
        <p className="thread-comment__body" data-testid="comment-body">
          <CommentText body={comment.body} mentioned={people.filter((p) => comment.mentions.includes(p.userId))} />
        </p>
      )}
      {canEdit && mode === "view" && (
        <div className="thread-comment__actions">
          <button type="button" className="link-button" onClick={() => setMode("editing")}>
            Edit
          </button>
          <button type="button" className="link-button" onClick={() => setMode("deleting")}>
            Delete
          </button>
        </div>
      )}
      {mode === "deleting" && (
        <div className="thread-comment__actions">
          <span>Delete this comment?</span>
          <button
            type="button"
            className="button button--small button--danger"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              setError(null);
              try {
                await discussionApi.deleteComment(threadId, comment.id);
              } catch (caught) {
                setError(failureMessage(caught));
                setMode("view");
              } finally {
                setBusy(false);
              }
            }}
          >
            Delete
          </button>
          <button type="button" className="button button--small" onClick={() => setMode("view")}>
            Keep
          </button>
        </div>
      )}
      <FormError error={error} />
    </li>
  );
}

/** The comment's text, with the "@Name" of each mentioned person marked; text nodes only. */
function CommentText({ body, mentioned }: { body: string; mentioned: readonly Mentionable[] }) {
  if (mentioned.length === 0) return <>{body}</>;
  const names = mentioned.map((person) => `@${person.name}`).sort((a, b) => b.length - a.length);
  const parts: ReactNode[] = [];
  let rest = body;
  let key = 0;
  while (rest.length > 0) {
    let first: { index: number; name: string } | null = null;
    for (const name of names) {
      const index = rest.indexOf(name);
      if (index >= 0 && (first === null || index < first.index)) first = { index, name };
    }
    if (!first) {
      parts.push(rest);
      break;
    }
    if (first.index > 0) parts.push(rest.slice(0, first.index));
    parts.push(
      <span key={key++} className="mention">
        {first.name}
      </span>,
    );
    rest = rest.slice(first.index + first.name.length);
  }
  return <>{parts}</>;
}
