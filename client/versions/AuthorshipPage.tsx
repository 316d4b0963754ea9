import { delegationColor } from "../../shared/presence.ts";
import type { AuthorshipResponse, SectionMeta } from "../../shared/types.ts";
import { api } from "../api/apiClient.ts";
import { useApiResource } from "../api/useApiResource.ts";
import { AppHeader } from "../components/AppHeader.tsx";
import { LoadError } from "../components/LoadError.tsx";
import { usePageTitle } from "../pages/usePageTitle.ts";
import { paths } from "../router.tsx";
import { versionsApi } from "./versionsApi.ts";
import "./versions.css";

/** The live text coloured by the delegation that wrote it, as the server recorded it. */
export function AuthorshipPage({ draftId }: { draftId: string }) {
  const [data, reload] = useApiResource(async () => {
    const draft = await api.draft(draftId);
    const group = await api.group(draft.groupId);
    const sections: [SectionMeta, AuthorshipResponse][] = [];
    for (const section of draft.sections) sections.push([section, await versionsApi.authorship(section.id)]);
    return { draft, group, sections };
  }, [draftId]);
  usePageTitle("Who wrote what");
  if (data.status !== "ready") {
    return (
      <>
        <AppHeader />
        <main id="main" className="page">
          {data.status === "loading" ? (
            <p aria-busy="true">Loading…</p>
          ) : (
            <LoadError error={data.error} what="draft" onRetry={reload} />
          )}
        </main>
      </>
    );
  }
  const { draft, group, sections } = data.data;
  const delegations = [...new Set(sections.flatMap(([, a]) => a.runs.map((r) => r.delegation)))].sort();
  return (
    <>
      <AppHeader
        crumbs={[
          { label: group.name, href: paths.group(group.id) },
          { label: draft.title, href: paths.draft(draft.id) },
          { label: "Who wrote what" },
        ]}
      />
      <main id="main" className="page document-view">
        <h1>Who wrote what</h1>
        <p className="muted">
          Each passage of the live text in the colour of the delegation whose connection wrote it, as the server
          recorded it.{" "}
          <button type="button" className="button button--small" onClick={reload}>
            Refresh
          </button>
        </p>
        <ul className="authorship-legend" aria-label="Delegations">
          {delegations.map((delegation) => (
            <li key={delegation}>
              <span
                className="authorship-swatch"
                style={{ background: delegationColor(delegation) }}
                aria-hidden="true"
              />
              {delegation}
            </li>
          ))}
        </ul>
        {sections.map(([section, authorship], index) => (
          <section key={section.id} data-testid="authorship-section">
            <h2>
              {index + 1}. {section.title}
            </h2>
            <p className="authorship-text">
              {authorship.runs.map((run, i) => (
                <span
                  // biome-ignore lint/suspicious/noArrayIndexKey: runs have no identity beyond their place
                  key={i}
                  data-delegation={run.delegation}
                  title={run.delegation}
                  style={{
                    background: `${delegationColor(run.delegation)}33`,
                    borderBottom: `2px solid ${delegationColor(run.delegation)}`,
                  }}
                >
                  {run.text}
                </span>
              ))}
            </p>
          </section>
        ))}
      </main>
    </>
  );
}
