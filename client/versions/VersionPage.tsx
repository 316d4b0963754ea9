import { useMemo, useState } from "react";
import { renderBodyHtml } from "../../shared/export/html.ts";
import type { JsonNode } from "../../shared/text/numbering.ts";
import type { VersionDetail } from "../../shared/types.ts";
import { api, errorMessage } from "../api/apiClient.ts";
import { useApiResource } from "../api/useApiResource.ts";
import { AppHeader } from "../components/AppHeader.tsx";
import { LoadError } from "../components/LoadError.tsx";
import { usePageTitle } from "../pages/usePageTitle.ts";
import { Link, paths } from "../router.tsx";
import { ExportLinks } from "./ExportLinks.tsx";
import { formatWhen, versionPaths, versionsApi } from "./versionsApi.ts";
import "./versions.css";

/** A named version, read-only, numbered as in every export; leads may restore it. */
export function VersionPage({ versionId }: { versionId: string }) {
  const [data, reload] = useApiResource(async () => {
    const version = await versionsApi.get(versionId);
    const draft = await api.draft(version.draftId);
    const group = await api.group(draft.groupId);
    const versions = await versionsApi.list(version.draftId);
    return { version, group, versions };
  }, [versionId]);
  usePageTitle(data.status === "ready" ? data.data.version.name : "Version");
  if (data.status !== "ready") {
    return (
      <>
        <AppHeader />
        <main id="main" className="page">
          {data.status === "loading" ? (
            <p aria-busy="true">Loading version…</p>
          ) : (
            <LoadError error={data.error} what="version" onRetry={reload} />
          )}
        </main>
      </>
    );
  }
  const { version, group, versions } = data.data;
  return (
    <>
      <AppHeader
        crumbs={[
          { label: group.name, href: paths.group(group.id) },
          { label: version.title, href: paths.draft(version.draftId) },
          { label: version.name },
        ]}
      />
      <main id="main" className="page document-view">
        <div className="no-print versions-toolbar">
          <p>
            Version “{version.name}”, named {formatWhen(version.createdAt)} by {version.createdBy.name} (
            {version.createdBy.delegation}). Read-only.
          </p>
          <p>
            <ExportLinks draftId={version.draftId} versionId={version.id} label="Export this version" />{" "}
            <button type="button" className="button button--small" onClick={() => window.print()}>
              Print
            </button>
          </p>
          <CompareChooser draftId={version.draftId} from={version.id} versions={versions} />
          {group.role === "lead" && <RestoreControls version={version} />}
        </div>
        <VersionText version={version} groupName={group.name} />
      </main>
    </>
  );
}

function VersionText({ version, groupName }: { version: VersionDetail; groupName: string }) {
  const html = useMemo(
    () =>
      renderBodyHtml({
        title: version.title,
        groupName,
        versionName: version.name,
        date: version.createdAt,
        paragraphNumbers: version.paragraphNumbers,
        sections: version.sections.map((s) => ({ number: s.number, title: s.title, content: s.content as JsonNode })),
      }),
    [version, groupName],
  );
  // renderBodyHtml escapes every text and keeps only web and mail links.
  // biome-ignore lint/security/noDangerouslySetInnerHtml: built from escaped text by the shared renderer
  return <article className="version-text" data-testid="version-text" dangerouslySetInnerHTML={{ __html: html }} />;
}

function CompareChooser({
  draftId,
  from,
  versions,
}: {
  draftId: string;
  from: string;
  versions: { id: string; name: string }[];
}) {
  const [to, setTo] = useState("live");
  return (
    <p>
      <label>
        Compare with{" "}
        <select value={to} onChange={(event) => setTo(event.target.value)}>
          <option value="live">the live text</option>
          {versions
            .filter((v) => v.id !== from)
            .map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
        </select>
      </label>{" "}
      <Link className="button button--small" href={versionPaths.compare(draftId, from, to)}>
        Compare
      </Link>
    </p>
  );
}

function RestoreControls({ version }: { version: VersionDetail }) {
  const [sectionId, setSectionId] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const restore = (ids?: string[]) => {
    const what = ids ? "this section" : "the whole draft";
    if (
      !window.confirm(
        `Restore ${what} to “${version.name}”? The live text changes for everyone; later versions are kept.`,
      )
    )
      return;
    versionsApi
      .restore(version.id, ids)
      .then(() => setMessage(`Restored ${what} to “${version.name}”.`))
      .catch((e: unknown) => setMessage(errorMessage(e)));
  };
  return (
    <div className="restore-controls">
      <button type="button" className="button button--small" onClick={() => restore()}>
        Restore the whole draft to this version
      </button>{" "}
      <label>
        or one section{" "}
        <select value={sectionId} onChange={(event) => setSectionId(event.target.value)}>
          <option value="">Choose a section</option>
          {version.sections.map((s) => (
            <option key={s.id} value={s.id}>
              {s.number}. {s.title}
            </option>
          ))}
        </select>
      </label>{" "}
      <button type="button" className="button button--small" disabled={!sectionId} onClick={() => restore([sectionId])}>
        Restore section
      </button>
      {message && (
        <p role="status" className="muted">
          {message}
        </p>
      )}
    </div>
  );
}
