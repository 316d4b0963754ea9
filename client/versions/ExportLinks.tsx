import { exportUrl } from "./versionsApi.ts";

/** Word, Markdown and HTML downloads of the live text or of a version. */
export function ExportLinks({ draftId, versionId, label }: { draftId: string; versionId?: string; label: string }) {
  return (
    <span className="export-links">
      <span className="visually-hidden">{label}:</span>
      <a
        className="button button--small"
        href={exportUrl(draftId, "docx", versionId)}
        download
        data-testid="export-docx"
      >
        Word (.docx)
      </a>
      <a className="button button--small" href={exportUrl(draftId, "md", versionId)} download>
        Markdown
      </a>
      <a className="button button--small" href={exportUrl(draftId, "html", versionId)} download>
        HTML
      </a>
    </span>
  );
}
