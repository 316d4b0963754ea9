import { useCallback, useEffect, useId, useMemo, useState } from "react";
import type { AuditRecord, GroupDetail } from "../../shared/types.ts";
import { type AuditFilter, api, errorMessage } from "../api/apiClient.ts";
import { useApiResource } from "../api/useApiResource.ts";
import { AUDIT_ACTIONS, type AuditContext, describeAudit } from "../audit/describeAudit.ts";
import { AppHeader } from "../components/AppHeader.tsx";
import { DelegationChip } from "../components/DelegationChip.tsx";
import { FormError } from "../components/FormError.tsx";
import { LoadError } from "../components/LoadError.tsx";
import { formatDateTime } from "../format.ts";
import { paths } from "../router.tsx";
import { usePageTitle } from "./usePageTitle.ts";

const PAGE_SIZE = 50;

interface AuditPageData {
  /** The group whose log this is, or null for the whole site (the admin's view). */
  group: GroupDetail | null;
  /** Everyone who can appear in the log, across the groups shown. */
  members: GroupDetail["members"];
  groupNames: Map<string, string>;
  /** Titles of every section and draft of the group, removed sections included. */
  sectionTitles: Map<string, string>;
  draftTitles: Map<string, string>;
}

/**
 * `/groups/:id/audit`: who did what and when in a working group (leads and the
 * admin); `/audit` (groupId null): every group's log, for the admin.
 */
export function AuditPage({ groupId }: { groupId: string | null }) {
  const [data, reload] = useApiResource<AuditPageData>(async () => {
    const group = groupId ? await api.group(groupId) : null;
    const groups = group ? [group] : await Promise.all((await api.groups()).map((summary) => api.group(summary.id)));
    const members = new Map<string, GroupDetail["members"][number]>();
    for (const each of groups) for (const member of each.members) members.set(member.userId, member);
    // Entries name sections by id; the titles come from the groups' drafts.
    const drafts = await Promise.all(
      groups
        .flatMap((each) => each.drafts)
        .map(async (draft) => {
          const [detail, removed] = await Promise.all([
            api.draft(draft.id),
            api.removedSections(draft.id).catch(() => []),
          ]);
          return { detail, removed };
        }),
    );
    const sectionTitles = new Map<string, string>();
    const draftTitles = new Map<string, string>();
    for (const { detail, removed } of drafts) {
      draftTitles.set(detail.id, detail.title);
      for (const section of detail.sections) sectionTitles.set(section.id, section.title);
      for (const section of removed) sectionTitles.set(section.id, section.title);
    }
    const groupNames = new Map(groups.map((each) => [each.id, each.name]));
    return { group, members: [...members.values()], groupNames, sectionTitles, draftTitles };
  }, [groupId]);
  const group = data.status === "ready" ? data.data.group : null;
  usePageTitle(group ? `Audit log · ${group.name}` : "Audit log");

  const crumbs = group
    ? [{ label: group.name, href: paths.group(group.id) }, { label: "Audit log" }]
    : [{ label: "Audit log" }];

  return (
    <>
      <AppHeader crumbs={crumbs} />
      <main id="main" className="page">
        {data.status === "loading" && (
          <p className="muted" aria-busy="true">
            Loading…
          </p>
        )}
        {data.status === "error" && <LoadError error={data.error} what="audit log" onRetry={reload} />}
        {data.status === "ready" && <AuditLog data={data.data} />}
      </main>
    </>
  );
}

function AuditLog({ data }: { data: AuditPageData }) {
  const { group, members: everyone, groupNames, sectionTitles, draftTitles } = data;
  const groupId = group?.id ?? null;
  const [action, setAction] = useState("");
  const [actor, setActor] = useState("");
  const [records, setRecords] = useState<AuditRecord[]>([]);
  const [state, setState] = useState<"loading" | "ready" | "error">("loading");
  const [error, setError] = useState<string | null>(null);
  const [more, setMore] = useState(false);
  const actionId = useId();
  const actorId = useId();

  const context = useMemo<AuditContext>(() => {
    const members = new Map(everyone.map((member) => [member.userId, member]));
    return {
      delegationOf: (userId) => members.get(userId)?.delegation ?? null,
      sectionTitle: (sectionId) => sectionTitles.get(sectionId) ?? null,
      draftTitle: (draftId) => draftTitles.get(draftId) ?? null,
    };
  }, [everyone, sectionTitles, draftTitles]);

  const load = useCallback(
    async (before?: number) => {
      const filter: AuditFilter = { limit: PAGE_SIZE, ...(action && { action }), ...(actor && { actor }) };
      if (before) filter.before = before;
      setState("loading");
      setError(null);
      try {
        const page = await api.audit(groupId, filter);
        setRecords((current) => (before ? [...current, ...page] : page));
        setMore(page.length === PAGE_SIZE);
        setState("ready");
      } catch (caught) {
        setError(errorMessage(caught));
        setState("error");
      }
    },
    [groupId, action, actor],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const people = [...everyone].sort((a, b) => a.delegation.localeCompare(b.delegation));

  return (
    <>
      <h1 tabIndex={-1}>Audit log</h1>
      <p className="muted">
        {`Every assignment, status change, section change and membership change in ${group ? `“${group.name}”` : "every working group"}, newest first. Entries cannot be changed or deleted.`}
      </p>
      <fieldset className="filters">
        <legend className="visually-hidden">Filter the log</legend>
        <div className="field">
          <label htmlFor={actionId}>What</label>
          <select id={actionId} value={action} onChange={(event) => setAction(event.target.value)}>
            <option value="">Everything</option>
            {Object.entries(AUDIT_ACTIONS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={actorId}>Who</label>
          <select id={actorId} value={actor} onChange={(event) => setActor(event.target.value)}>
            <option value="">Anyone</option>
            {people.map((member) => (
              <option key={member.userId} value={member.userId}>
                {`${member.delegation} — ${member.name}`}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
      <FormError error={error} />
      <p className="visually-hidden" role="status">
        {state === "ready" ? `${records.length}${more ? " or more" : ""} entries shown.` : ""}
      </p>
      {state !== "loading" && records.length === 0 && !error && <p className="muted">No entries match.</p>}
      {records.length > 0 && (
        <table className="data-table audit-table" data-testid="audit-log">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              {!group && <th scope="col">Group</th>}
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {records.map((record) => (
              <tr key={record.id}>
                <td className="audit-table__when">
                  <time dateTime={new Date(record.at).toISOString()}>{formatDateTime(record.at)}</time>
                </td>
                <td className="audit-table__who">
                  {record.actor ? (
                    <>
                      {record.actor.name} <DelegationChip delegation={record.actor.delegation} />
                    </>
                  ) : (
                    <span className="muted">Plenary</span>
                  )}
                </td>
                {!group && <td>{(record.groupId && groupNames.get(record.groupId)) ?? "—"}</td>}
                <td>{describeAudit(record, context)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {state === "loading" && (
        <p className="muted" aria-busy="true">
          Loading…
        </p>
      )}
      {more && state === "ready" && (
        <button type="button" className="button" onClick={() => void load(records[records.length - 1]?.id)}>
          Show older entries
        </button>
      )}
    </>
  );
}
