import type { ExportFormat } from "../../shared/schemas.ts";
import type { Comparison } from "../../shared/text/compareSections.ts";
import type {
  AuthorshipResponse,
  DraftDetail,
  VersionCreated,
  VersionDetail,
  VersionSummary,
} from "../../shared/types.ts";
import { request } from "../api/apiClient.ts";

const enc = encodeURIComponent;

export interface CompareResponse extends Comparison {
  from: { id: string; name: string; createdAt: number };
  to: { id: string; name: string; createdAt: number };
}

export const versionsApi = {
  list: (draftId: string) => request<VersionSummary[]>("GET", `/drafts/${enc(draftId)}/versions`),
  create: (draftId: string, name: string) =>
    request<VersionCreated>("POST", `/drafts/${enc(draftId)}/versions`, { name }),
  get: (versionId: string) => request<VersionDetail>("GET", `/versions/${enc(versionId)}`),
  compare: (draftId: string, from: string, to: string) =>
    request<CompareResponse>("GET", `/drafts/${enc(draftId)}/compare?from=${enc(from)}&to=${enc(to)}`),
  restore: (versionId: string, sectionIds?: string[]) =>
    request<DraftDetail>("POST", `/versions/${enc(versionId)}/restore`, sectionIds ? { sectionIds } : {}),
  authorship: (sectionId: string) => request<AuthorshipResponse>("GET", `/sections/${enc(sectionId)}/authorship`),
  setParagraphNumbers: (draftId: string, paragraphNumbers: boolean) =>
    request<DraftDetail>("PATCH", `/drafts/${enc(draftId)}`, { paragraphNumbers }),
};

/** Address of a download (a plain link: the browser saves the file). */
export function exportUrl(draftId: string, format: ExportFormat, versionId?: string): string {
  return `/api/drafts/${enc(draftId)}/export?format=${format}${versionId ? `&version=${enc(versionId)}` : ""}`;
}

export const versionPaths = {
  version: (versionId: string) => `/versions/${enc(versionId)}`,
  compare: (draftId: string, from: string, to = "live") =>
    `/drafts/${enc(draftId)}/compare?from=${enc(from)}&to=${enc(to)}`,
  authorship: (draftId: string) => `/drafts/${enc(draftId)}/authorship`,
};

export function formatWhen(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
