import { delegationColor } from "../../shared/presence.ts";
import { api } from "../api/apiClient.ts";
import { useApiResource } from "../api/useApiResource.ts";
import { AppHeader } from "../components/AppHeader.tsx";
import { LoadError } from "../components/LoadError.tsx";
import { usePageTitle } from "../pages/usePageTitle.ts";
import { paths } from "../router.tsx";
import { formatWhen, versionsApi } from "./versionsApi.ts";
import "./versions.css";

const CHANGE_LABELS = { added: "Added", removed: "Removed", changed: "Changed", unchanged: "Unchanged" } as const;

/** Two states of a draft side by side in one text: insertions and deletions, each with its delegation. */
export function ComparePage({ draftId, from, to }: { draftId: string; from: string; to: string }) {
  const [data, reload] = useApiResource(async () => {
    const comparison = await versionsApi.compare(draftId, from, to);
    const draft = await api.draft(draftId);
    const group = await api.group(draft.groupId);
    return { comparison, draft, group };
  }, [draftId, from, to]);
  usePageTitle("Compare");
  if (data.status !== "ready") {
    return (
      <>
        <AppHeader />
        <main id="main" className="page">
          {data.status === "loading" ? (
            <p aria-busy="true">Comparing…</p>
          ) : (
            <LoadError error={data.error} what="comparison" onRetry={reload} />
          )}
        </main>
      </>
    );
  }
  const { comparison, draft, group } = data.data;
  const { counts } = comparison;
  return (
    <>
      <AppHeader
        crumbs={[
          { label: group.name, href: paths.group(group.id) },
          { label: draft.title, href: paths.draft(draft.id) },
          { label: "Compare" },
        ]}
      />
      <main id="main" className="page document-view" data-testid="compare-view">
        <h1>
          “{comparison.from.name}” compared with{" "}
          {comparison.to.id === "live" ? "the live text" : `“${comparison.to.name}”`}
        </h1>
        <p className="muted">
          {formatWhen(comparison.from.createdAt)} → {formatWhen(comparison.to.createdAt)}
        </p>
        <p data-testid="compare-counts">
          {counts.changed} changed, {counts.added} added, {counts.removed} removed, {counts.renamed} renamed,{" "}
          {counts.moved} moved, {counts.unchanged} unchanged sections; {counts.insertedWords} words inserted,{" "}
          {counts.deletedWords} deleted.
        </p>
        {comparison.sections.map((section) => (
          <section
            key={section.id}
            className="compare-section"
            data-testid="compare-section"
            data-change={section.change}
          >
            <h2>
              {section.number}. {section.title}
              <span className="compare-badge">{CHANGE_LABELS[section.change]}</span>
              {section.renamedFrom !== undefined && (
                <span className="compare-badge">Renamed from “{section.renamedFrom}”</span>
              )}
              {section.moved && (
                <span className="compare-badge">
                  Moved from {section.moved.from} to {section.moved.to}
                </span>
              )}
            </h2>
            <div className="compare-section__text">
              {section.ops.map((op, index) => {
                const key = `${index}-${op.op}`;
                if (op.op === "equal") return <span key={key}>{op.text}</span>;
                const Tag = op.op === "insert" ? "ins" : "del";
                return (
                  <Tag
                    key={key}
                    className={op.op === "insert" ? "compare-insert" : "compare-delete"}
                    data-delegation={op.delegation}
                    style={{ textDecorationColor: delegationColor(op.delegation) }}
                  >
                    <span className="visually-hidden">
                      {op.op === "insert" ? "Inserted" : "Deleted"} by {op.delegation}:{" "}
                    </span>
                    {op.text}
                    <span className="compare-delegation" aria-hidden="true">
                      {op.delegation}
                    </span>
                  </Tag>
                );
              })}
            </div>
          </section>
        ))}
      </main>
    </>
  );
}
