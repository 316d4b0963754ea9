import { useApiResource } from "../api/useApiResource.ts";
import { DelegationChip } from "../components/DelegationChip.tsx";
import { formatDateTime } from "../format.ts";
import { Link } from "../router.tsx";
import { discussionApi, failureMessage } from "./discussionApi.ts";

export function threadPath(draftId: string, threadId: string): string {
  return `/drafts/${encodeURIComponent(draftId)}#thread-${encodeURIComponent(threadId)}`;
}

/** Comments that mention the signed-in user, newest first, each linking to its thread. */
export function MentionsInbox() {
  const [mentions, reload] = useApiResource(() => discussionApi.mentions(), []);
  return (
    <section aria-labelledby="mentions-heading" className="work-section">
      <h2 id="mentions-heading">Mentions</h2>
      {mentions.status === "loading" && (
        <p className="muted" aria-busy="true">
          Loading…
        </p>
      )}
      {mentions.status === "error" && (
        <p className="form-error" role="alert">
          Could not load your mentions: {failureMessage(mentions.error)}{" "}
          <button type="button" className="button button--small" onClick={reload}>
            Try again
          </button>
        </p>
      )}
      {mentions.status === "ready" &&
        (mentions.data.length === 0 ? (
          <p className="muted">Nobody has mentioned you yet.</p>
        ) : (
          <ul className="card-list" data-testid="my-mentions">
            {mentions.data.map((mention) => (
              <li key={mention.id} className="card card--link">
                <Link href={threadPath(mention.draftId, mention.threadId)} className="card__title">
                  {mention.excerpt || "(comment)"}
                </Link>
                <span className="muted">
                  {mention.author.name} <DelegationChip delegation={mention.author.delegation} /> ·{" "}
                  {mention.draftTitle || "Untitled draft"} · {mention.groupName} ·{" "}
                  <time dateTime={new Date(mention.at).toISOString()}>{formatDateTime(mention.at)}</time>
                </span>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
