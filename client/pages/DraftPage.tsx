import type { HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from "react";
import { draftDocumentName } from "../../shared/documentNames.ts";
import { Actions, type Actor, can } from "../../shared/permissions.ts";
import { STATUS_LABELS } from "../../shared/roles.ts";
import type { DraftDetail, GroupDetail, GroupMember, SectionMeta, User } from "../../shared/types.ts";
import { api } from "../api/apiClient.ts";
import { useApiResource } from "../api/useApiResource.ts";
import { SyncTracker } from "../collab/syncTracker.ts";
import { useDocumentSession } from "../collab/useDocumentSession.ts";
import { useDraftConnection } from "../collab/useDraftConnection.ts";
import { useDraftDocument } from "../collab/useDraftDocument.ts";
import { useRoster } from "../collab/useRoster.ts";
import { AddSectionForm } from "../components/AddSectionForm.tsx";
import { AppHeader } from "../components/AppHeader.tsx";
import { ConnectionStatus } from "../components/ConnectionStatus.tsx";
import { DelegationChip } from "../components/DelegationChip.tsx";
import { focusSection } from "../components/focusSection.ts";
import { LoadError } from "../components/LoadError.tsx";
import { Outline } from "../components/Outline.tsx";
import { PenholderPicker } from "../components/PenholderPicker.tsx";
import { PresenceBar } from "../components/PresenceBar.tsx";
import { SectionStatusSelect } from "../components/SectionStatusSelect.tsx";
import { SectionEditor } from "../editor/SectionEditor.tsx";
import { paths } from "../router.tsx";
import { useCurrentUser } from "../session/SessionContext.tsx";
import { usePageTitle } from "./usePageTitle.ts";

interface DraftPageData {
  draft: DraftDetail;
  group: GroupDetail;
}

export function DraftPage({ draftId }: { draftId: string }) {
  const [data, reload] = useApiResource<DraftPageData>(async () => {
    const draft = await api.draft(draftId);
    const group = await api.group(draft.groupId);
    return { draft, group };
  }, [draftId]);

  if (data.status === "ready") return <DraftWorkspace snapshot={data.data.draft} group={data.data.group} />;
  return (
    <>
      <AppHeader />
      <main id="main" className="page">
        {data.status === "loading" ? (
          <p className="muted" aria-busy="true">
            Loading draft…
          </p>
        ) : (
          <LoadError error={data.error} what="draft" onRetry={reload} />
        )}
      </main>
    </>
  );
}

function DraftWorkspace({ snapshot, group }: { snapshot: DraftDetail; group: GroupDetail }) {
  const user = useCurrentUser();
  const connection = useDraftConnection(snapshot.id);
  const tracker = useMemo(() => new SyncTracker(), []);
  const draftSession = useDocumentSession(connection.socket, draftDocumentName(snapshot.id), tracker);
  const draft = useDraftDocument(draftSession.session?.doc ?? null, draftSession.synced, snapshot);
  const roster = useRoster(draftSession.session?.provider ?? null, user.id);
  const unsynced = useSyncExternalStore(tracker.subscribe, tracker.hasUnsyncedChanges);
  usePageTitle(draft.title || "Draft");

  const actor: Actor = { userId: user.id, isAdmin: user.isAdmin, role: group.role };
  const isObserver = group.role === "observer" && !user.isAdmin;
  const isLead = can(actor, Actions.createSection);
  const membersById = useMemo(() => new Map(group.members.map((member) => [member.userId, member])), [group.members]);
  const candidates = useMemo(() => group.members.filter((member) => member.role !== "observer"), [group.members]);
  const delegationsOf = useCallback(
    (section: SectionMeta) => penholderDelegations(section, membersById),
    [membersById],
  );
  const focusWhenPresent = useFocusWhenPresent(draft.sections);

  const crumbs = [{ label: group.name, href: paths.group(group.id) }, { label: draft.title || "Untitled draft" }];

  return (
    <>
      <AppHeader crumbs={crumbs}>
        {isObserver && (
          <span
            className="observer-badge"
            data-testid="observer-badge"
            title="You can read this draft live but not edit it."
          >
            Observer
          </span>
        )}
        <ConnectionStatus state={connection.state} unsynced={unsynced} />
      </AppHeader>
      <div className="draft-layout">
        <aside className="draft-sidebar">
          <Outline sections={draft.sections} delegationsOf={delegationsOf} />
        </aside>
        <main id="main" className="draft-main">
          <div className="draft-heading">
            <h1 tabIndex={-1}>{draft.title || "Untitled draft"}</h1>
            <PresenceBar roster={roster} />
          </div>
          {connection.notice && (
            <p className={`banner banner--${connection.notice.action === "retry" ? "info" : "error"}`} role="alert">
              {connection.notice.message}
              {connection.notice.action === "stop" && (
                <>
                  {" "}
                  <button type="button" className="button button--small" onClick={() => window.location.reload()}>
                    Reload
                  </button>
                </>
              )}
            </p>
          )}
          {draftSession.refused ? (
            <p className="banner banner--error" role="alert">
              You no longer have access to this draft.
            </p>
          ) : (
            <>
              {draft.sections.map((section, index) => (
                <DraftSection
                  key={section.id}
                  section={section}
                  number={index + 1}
                  socket={connection.socket}
                  tracker={tracker}
                  actor={actor}
                  user={user}
                  isLead={isLead}
                  delegations={delegationsOf(section)}
                  candidates={candidates}
                />
              ))}
              {draft.sections.length === 0 && <p className="muted">This draft has no sections yet.</p>}
              {isLead && <AddSectionForm draftId={draft.id} sections={draft.sections} onCreated={focusWhenPresent} />}
            </>
          )}
        </main>
      </div>
    </>
  );
}

interface DraftSectionProps {
  section: SectionMeta;
  number: number;
  socket: HocuspocusProviderWebsocket | null;
  tracker: SyncTracker;
  actor: Actor;
  user: User;
  isLead: boolean;
  delegations: string[];
  candidates: GroupMember[];
}

function DraftSection({
  section,
  number,
  socket,
  tracker,
  actor,
  user,
  isLead,
  delegations,
  candidates,
}: DraftSectionProps) {
  const headingId = `section-${section.id}-heading`;
  const sectionLabel = `section ${number}`;
  const youHoldPen = section.penholders.includes(user.id);
  return (
    <section
      className={`draft-section draft-section--${section.status}`}
      id={`section-${section.id}`}
      data-section-id={section.id}
      aria-labelledby={headingId}
      tabIndex={-1}
    >
      <div className="section-header">
        <h2 id={headingId} className="section-header__title">
          <span className="section-header__number">{number}.</span> {section.title || "Untitled"}
        </h2>
        <div className="section-header__meta">
          <span className="visually-hidden">Penholders:</span>
          {delegations.length === 0 ? (
            <span className="muted">No penholder</span>
          ) : (
            delegations.map((delegation) => <DelegationChip key={delegation} delegation={delegation} />)
          )}
          {youHoldPen && <span className="you-hold-pen">You hold the pen</span>}
          <span className="visually-hidden">Status:</span>
          {!isLead && (
            <span className={`status-badge status-badge--${section.status}`}>{STATUS_LABELS[section.status]}</span>
          )}
          {isLead && (
            <>
              <SectionStatusSelect section={section} sectionLabel={sectionLabel} />
              <PenholderPicker section={section} sectionLabel={sectionLabel} candidates={candidates} />
            </>
          )}
        </div>
      </div>
      <SectionEditor
        socket={socket}
        tracker={tracker}
        section={section}
        number={number}
        actor={actor}
        user={user}
        penholderDelegations={delegations}
      />
    </section>
  );
}

function penholderDelegations(section: SectionMeta, membersById: Map<string, GroupMember>): string[] {
  const delegations = new Set<string>();
  for (const userId of section.penholders) {
    const member = membersById.get(userId);
    if (member) delegations.add(member.delegation);
  }
  return [...delegations];
}

/** A section created here appears when the draft document says so; then go to it. */
function useFocusWhenPresent(sections: SectionMeta[]): (sectionId: string) => void {
  const waitingFor = useRef<string | null>(null);
  useEffect(() => {
    const id = waitingFor.current;
    if (!id || !sections.some((section) => section.id === id)) return;
    waitingFor.current = null;
    // The new section's editor becomes editable once the server has
    // authenticated it; until then, focus lands on the section, then moves in.
    let attempts = 0;
    const tryFocus = () => {
      if (focusSection(id) || ++attempts > 20) return;
      setTimeout(tryFocus, 100);
    };
    setTimeout(tryFocus, 50);
  }, [sections]);
  return useCallback((sectionId: string) => {
    waitingFor.current = sectionId;
  }, []);
}
