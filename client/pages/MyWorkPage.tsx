import { STATUS_LABELS } from "../../shared/roles.ts";
import type { MyProposalOutcome } from "../../shared/types.ts";
import { api } from "../api/apiClient.ts";
import { useApiResource } from "../api/useApiResource.ts";
import { AppHeader } from "../components/AppHeader.tsx";
import { LoadError } from "../components/LoadError.tsx";
import { MentionsInbox } from "../discussion/MentionsInbox.tsx";
import { formatDateTime } from "../format.ts";
import { Link, paths } from "../router.tsx";
import { usePageTitle } from "./usePageTitle.ts";

/** The signed-in user's work across all their groups: pens, sections awaiting comments, proposals to decide and their own. */
export function MyWorkPage() {
  usePageTitle("My work");
  const [work, reload] = useApiResource(() => api.myWork(), []);

  return (
    <>
      <AppHeader crumbs={[{ label: "My work" }]} />
      <main id="main" className="page">
        {work.status === "error" ? (
          <LoadError error={work.error} what="list of your work" onRetry={reload} />
        ) : (
          <>
            <h1 tabIndex={-1}>My work</h1>
            {work.status === "loading" && (
              <p className="muted" aria-busy="true">
                Loading…
              </p>
            )}
            {work.status === "ready" && (
              <>
                <section aria-labelledby="pen-heading" className="work-section">
                  <h2 id="pen-heading">Sections you hold the pen for</h2>
                  {work.data.pen.length === 0 ? (
                    <p className="muted">You hold no pen at the moment.</p>
                  ) : (
                    <table className="data-table" data-testid="my-pens">
                      <thead>
                        <tr>
                          <th scope="col">Section</th>
                          <th scope="col">Draft</th>
                          <th scope="col">Status</th>
                          <th scope="col">Last change</th>
                        </tr>
                      </thead>
                      <tbody>
                        {work.data.pen.map((item) => (
                          <tr key={item.sectionId}>
                            <td>
                              <Link href={paths.section(item.draftId, item.sectionId)}>
                                {item.sectionTitle || "Untitled"}
                              </Link>
                            </td>
                            <td>
                              {item.draftTitle || "Untitled draft"}
                              <span className="muted"> · {item.groupName}</span>
                            </td>
                            <td>
                              <span className={`status-badge status-badge--${item.status}`}>
                                {STATUS_LABELS[item.status]}
                              </span>
                            </td>
                            <td>
                              <time dateTime={new Date(item.lastChangedAt).toISOString()}>
                                {formatDateTime(item.lastChangedAt)}
                              </time>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </section>
                <section aria-labelledby="comments-heading" className="work-section">
                  <h2 id="comments-heading">In review in your groups</h2>
                  {work.data.awaitingComments.length === 0 ? (
                    <p className="muted">No section is in review.</p>
                  ) : (
                    <ul className="card-list" data-testid="awaiting-comments">
                      {work.data.awaitingComments.map((item) => (
                        <li key={item.sectionId} className="card card--link">
                          <Link href={paths.section(item.draftId, item.sectionId)} className="card__title">
                            {item.sectionTitle || "Untitled"}
                          </Link>
                          <span className="muted">
                            {item.draftTitle || "Untitled draft"} · {item.groupName}
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
                <section aria-labelledby="decide-heading" className="work-section">
                  <h2 id="decide-heading">Proposals awaiting your decision</h2>
                  {work.data.proposalsToDecide.length === 0 ? (
                    <p className="muted">No proposal is waiting for you.</p>
                  ) : (
                    <ul className="card-list" data-testid="proposals-to-decide">
                      {work.data.proposalsToDecide.map((item) => (
                        <li key={item.threadId} className="card card--link">
                          <Link href={paths.section(item.draftId, item.sectionId)} className="card__title">
                            {item.sectionTitle || "Untitled"}
                          </Link>
                          <span className="muted">
                            Proposed by {item.author.name} ({item.author.delegation}) on{" "}
                            <time dateTime={new Date(item.createdAt).toISOString()}>
                              {formatDateTime(item.createdAt)}
                            </time>{" "}
                            · {item.draftTitle || "Untitled draft"} · {item.groupName}
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
                <section aria-labelledby="mine-heading" className="work-section">
                  <h2 id="mine-heading">Your proposals</h2>
                  {work.data.myProposals.length === 0 ? (
                    <p className="muted">You have made no proposal.</p>
                  ) : (
                    <ul className="card-list" data-testid="my-proposals">
                      {work.data.myProposals.map((item) => (
                        <li key={item.threadId} className="card card--link">
                          <Link href={paths.section(item.draftId, item.sectionId)} className="card__title">
                            {item.sectionTitle || "Untitled"}
                          </Link>
                          <span className="muted">{describeOutcome(item)}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
                <MentionsInbox />
              </>
            )}
          </>
        )}
      </main>
    </>
  );
}

/** "Accepted by United States point of contact (USA) on …", or how long it has waited. */
function describeOutcome(item: MyProposalOutcome): string {
  const where = `${item.draftTitle || "Untitled draft"} · ${item.groupName}`;
  if (item.status === "open" || !item.decidedBy || item.decidedAt === null) {
    return `Awaiting the penholder's decision since ${formatDateTime(item.createdAt)} · ${where}`;
  }
  const verb = item.status === "accepted" ? "Accepted" : "Rejected";
  const reason = item.reason ? `: “${item.reason}”` : "";
  return `${verb} by ${item.decidedBy.name} (${item.decidedBy.delegation}) on ${formatDateTime(item.decidedAt)}${reason} · ${where}`;
}
