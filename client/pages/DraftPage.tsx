import type { HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import type { Extensions } from "@tiptap/core";
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { draftDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import { Actions, type Actor, can, canHoldPen, effectiveRole } from "../../shared/permissions.ts";
import { STATUS_LABELS } from "../../shared/roles.ts";
import type { DraftDetail, GroupDetail, GroupMember, SectionMeta, User } from "../../shared/types.ts";
import { api, errorMessage } from "../api/apiClient.ts";
import { useApiResource } from "../api/useApiResource.ts";
import { useDelegations } from "../api/useDelegations.ts";
import { LocalStore, localStoreName } from "../collab/LocalStore.ts";
import { SyncTracker } from "../collab/syncTracker.ts";
import { useDocumentSession } from "../collab/useDocumentSession.ts";
import { useDraftConnection } from "../collab/useDraftConnection.ts";
import { useDraftDocument } from "../collab/useDraftDocument.ts";
import { useLiveRole } from "../collab/useLiveRole.ts";
import { useRoster } from "../collab/useRoster.ts";
import { useSectionOrder } from "../collab/useSectionOrder.ts";
import { AddSectionForm } from "../components/AddSectionForm.tsx";
import { AppHeader } from "../components/AppHeader.tsx";
import { TrackedConnectionStatus } from "../components/ConnectionStatus.tsx";
import { DelegationChip } from "../components/DelegationChip.tsx";
import { focusSection } from "../components/focusSection.ts";
import { LiveNotices } from "../components/LiveNotices.tsx";
import { LoadError } from "../components/LoadError.tsx";
import { Outline } from "../components/Outline.tsx";
import { PenholderPicker } from "../components/PenholderPicker.tsx";
import { PresenceBar } from "../components/PresenceBar.tsx";
import { RemovedSections } from "../components/RemovedSections.tsx";
import { RemoveSectionButton } from "../components/RemoveSectionButton.tsx";
import { SectionStatusSelect } from "../components/SectionStatusSelect.tsx";
import { SectionTitle } from "../components/SectionTitle.tsx";
import { DiscussionSidebar } from "../discussion/DiscussionSidebar.tsx";
import { SectionDiscussionCounts } from "../discussion/SectionDiscussionCounts.tsx";
import { useDiscussion } from "../discussion/useDiscussion.ts";
import { SectionEditor } from "../editor/SectionEditor.tsx";
import { NegotiationPanel } from "../negotiation/NegotiationPanel.tsx";
import { SectionProgressBadge } from "../negotiation/SectionProgressBadge.tsx";
import { useDraftFrozen, useNegotiation } from "../negotiation/useNegotiation.ts";
import { rightsNotices } from "../notices/rightsNotices.ts";
import { type Notices, useNotices } from "../notices/useNotices.ts";
import { Link, paths } from "../router.tsx";
import { useCurrentUser } from "../session/SessionContext.tsx";
import { VersionsPanel } from "../versions/VersionsPanel.tsx";
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
  const discussion = useDiscussion(connection.socket, snapshot.id, user.id);
  const tracker = useMemo(() => new SyncTracker(), []);
  const draftSession = useDocumentSession(connection.socket, draftDocumentName(snapshot.id), tracker);
  const draft = useDraftDocument(draftSession.session?.doc ?? null, draftSession.synced, snapshot);
  const roster = useRoster(draftSession.session?.provider ?? null, user.id);
  const negotiation = useNegotiation(draftSession.session?.doc ?? null, draftSession.synced);
  const frozen = useDraftFrozen(negotiation.store);
  const extensionsFor = useMemo(() => {
    const cache = new Map<string, Extensions>();
    return (sectionId: string): Extensions => {
      let extensions = cache.get(sectionId);
      if (!extensions) {
        extensions = [...discussion.extensionsFor(sectionId), ...negotiation.extensionsFor(sectionId)];
        cache.set(sectionId, extensions);
      }
      return extensions;
    };
  }, [discussion, negotiation]);
  const notices = useNotices();
  const role = useLiveRole(draftSession.session?.provider ?? null, group.role, notices.push);
  const order = useSectionOrder(draft.id, draft.sections);
  usePageTitle(draft.title || "Draft");

  const actor: Actor = useMemo(() => ({ userId: user.id, isAdmin: user.isAdmin, role }), [user.id, user.isAdmin, role]);
  const isObserver = effectiveRole(actor) === "observer";
  const isLead = can(actor, Actions.createSection);
  const membersById = useMemo(() => new Map(group.members.map((member) => [member.userId, member])), [group.members]);
  const candidates = useMemo(() => group.members.filter((member) => canHoldPen(member.role)), [group.members]);
  const delegationsOf = useCallback(
    (section: SectionMeta) => penholderDelegations(section, membersById),
    [membersById],
  );
  const focusWhenPresent = useFocusWhenPresent(draft.sections);
  useFocusFromAddress(focusWhenPresent);
  useRightsNotices(draft.sections, draftSession.synced, user.id, membersById, notices.push);

  const removed = connection.notice?.name === "accessRevoked" || draftSession.refused !== null;
  useDiscardLocalCopiesWhen(removed, user.id, draft.sections);

  // Once per section per visit: a lead typing where another delegation holds the pen is told whose it is.
  const toldForeignPen = useRef(new Set<string>());
  const onForeignEdit = useCallback(
    (section: SectionMeta, number: number) => {
      if (toldForeignPen.current.has(section.id)) return;
      toldForeignPen.current.add(section.id);
      const holders = section.penholders
        .map((id) => membersById.get(id))
        .filter((member): member is GroupMember => member !== undefined)
        .map((member) => `${member.name} (${member.delegation})`);
      notices.push(
        `You are editing section ${number} “${section.title || "Untitled"}” as a lead: the pen is held by ${holders.join(", ") || "another delegation"}.`,
      );
    },
    [membersById, notices.push],
  );

  const onRemoved = useCallback(
    (section: SectionMeta) => {
      const title = section.title || "Untitled";
      notices.push(`Section “${title}” removed.`, {
        label: "Undo",
        run: () => {
          api
            .restoreSection(section.id)
            .then(() => {
              notices.push(`Section “${title}” restored.`);
              focusWhenPresent(section.id);
            })
            .catch((error: unknown) => notices.push(`Could not restore “${title}”: ${errorMessage(error)}`));
        },
      });
      // Keep the keyboard on the page: the removed section's controls are gone.
      requestAnimationFrame(() => document.querySelector<HTMLElement>("main h1")?.focus());
    },
    [notices.push, focusWhenPresent],
  );

  const crumbs = [{ label: group.name, href: paths.group(group.id) }, { label: draft.title || "Untitled draft" }];
  // On a narrow screen the outline and the discussion are panels over the text, one tap away.
  const [panel, setPanel] = useState<"outline" | "discussion" | null>(null);
  const togglePanel = (which: "outline" | "discussion") => setPanel((open) => (open === which ? null : which));
  useEffect(() => {
    if (!panel) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape") setPanel(null);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [panel]);

  if (removed) return <LeftDraft crumbs={crumbs} />;

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
        <TrackedConnectionStatus state={connection.state} tracker={tracker} />
      </AppHeader>
      <div className={`draft-layout draft-layout--discussion${panel ? ` draft-layout--${panel}-open` : ""}`}>
        <aside
          className="draft-sidebar"
          id="draft-outline-panel"
          // Going to a section from the outline panel closes it, so the section shows.
          onClickCapture={(event) => {
            if (event.target instanceof Element && event.target.closest("a")) setPanel(null);
          }}
        >
          <Outline
            sections={order.sections}
            delegationsOf={delegationsOf}
            onMove={isLead ? order.move : undefined}
            announce={notices.push}
            error={order.error}
            badgesOf={(section) => (
              <>
                <SectionDiscussionCounts store={discussion.store} sectionId={section.id} />
                <SectionProgressBadge store={negotiation.store} sectionId={section.id} />
              </>
            )}
          />
        </aside>
        <main id="main" className="draft-main">
          <div className="draft-heading">
            <h1 tabIndex={-1}>{draft.title || "Untitled draft"}</h1>
            <PresenceBar roster={roster} />
          </div>
          <p className="print-only draft-print-subtitle">
            {group.name} · Live text · {new Date().toLocaleDateString(undefined, { dateStyle: "long" })}
          </p>
          <VersionsPanel draftId={draft.id} isLead={isLead} paragraphNumbers={draft.paragraphNumbers} />
          <LiveNotices notices={notices.notices} dismiss={notices.dismiss} />
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
          <NegotiationPanel
            store={negotiation.store}
            discussion={discussion.store}
            draftId={draft.id}
            sections={order.sections}
            actor={actor}
            user={user}
          />
          {order.sections.map((section, index) => (
            <DraftSection
              key={section.id}
              section={section}
              number={index + 1}
              paragraphNumbers={draft.paragraphNumbers}
              socket={connection.socket}
              tracker={tracker}
              actor={actor}
              user={user}
              isLead={isLead}
              isLast={order.sections.length === 1}
              membersById={membersById}
              candidates={candidates}
              onRemoved={onRemoved}
              onForeignEdit={onForeignEdit}
              extensions={extensionsFor(section.id)}
              frozen={frozen}
            />
          ))}
          {draft.sections.length === 0 && <p className="muted">This draft has no sections yet.</p>}
          {isLead && <AddSectionForm draftId={draft.id} sections={draft.sections} onCreated={focusWhenPresent} />}
          {isLead && (
            <RemovedSections
              draftId={draft.id}
              liveKey={draft.sections.map((section) => section.id).join(",")}
              onRestored={focusWhenPresent}
            />
          )}
        </main>
        <div className="discussion-panel" id="draft-discussion-panel">
          <DiscussionSidebar
            store={discussion.store}
            draftId={draft.id}
            sections={order.sections}
            actor={actor}
            people={group.members}
          />
        </div>
        <nav className="panel-bar" aria-label="Panels">
          <button
            type="button"
            className="panel-bar__button"
            aria-expanded={panel === "outline"}
            aria-controls="draft-outline-panel"
            data-testid="outline-panel-button"
            onClick={() => togglePanel("outline")}
          >
            Outline
          </button>
          <button
            type="button"
            className="panel-bar__button"
            aria-expanded={panel === "discussion"}
            aria-controls="draft-discussion-panel"
            data-testid="discussion-panel-button"
            onClick={() => togglePanel("discussion")}
          >
            Discussion
          </button>
        </nav>
      </div>
    </>
  );
}

/** What remains of the page once the user lost access to the draft (removed from its group). */
function LeftDraft({ crumbs }: { crumbs: { label: string; href?: string }[] }) {
  return (
    <>
      <AppHeader crumbs={crumbs} />
      <main id="main" className="page">
        <h1 tabIndex={-1}>This draft is closed</h1>
        <p className="banner banner--error" role="alert" data-testid="access-revoked">
          You no longer have access to this draft: you were removed from its working group, or your role changed.
          Nothing you type here can be saved any more.
        </p>
        <p>
          <Link href={paths.groups()}>Go to your working groups</Link>
        </p>
      </main>
    </>
  );
}

interface DraftSectionProps {
  section: SectionMeta;
  number: number;
  /** The draft's setting: number paragraphs 3.1, 3.2 in the margin. */
  paragraphNumbers: boolean;
  socket: HocuspocusProviderWebsocket | null;
  tracker: SyncTracker;
  actor: Actor;
  user: User;
  isLead: boolean;
  /** The draft's only section cannot be removed. */
  isLast: boolean;
  membersById: ReadonlyMap<string, GroupMember>;
  candidates: GroupMember[];
  onRemoved(section: SectionMeta): void;
  /** The person typed in a section whose pen another delegation holds (as a lead may). */
  onForeignEdit(section: SectionMeta, number: number): void;
  /** The discussion's highlights and the brackets in the section's text. */
  extensions?: Extensions;
  /** The draft is under a silence procedure. */
  frozen: boolean;
}

/**
 * Memoised: the page re-renders for outline, roster and notice changes, and
 * forty sections re-rendering on each of them would show in typing latency.
 */
const DraftSection = memo(function DraftSection({
  section,
  number,
  paragraphNumbers,
  socket,
  tracker,
  actor,
  user,
  isLead,
  isLast,
  membersById,
  candidates,
  onRemoved,
  onForeignEdit,
  extensions,
  frozen,
}: DraftSectionProps) {
  const delegations = useMemo(() => penholderDelegations(section, membersById), [section, membersById]);
  const foreignPen = delegations.length > 0 && !delegations.includes(user.delegation);
  const onLocalEdit = useMemo(
    () => (foreignPen ? () => onForeignEdit(section, number) : undefined),
    [foreignPen, onForeignEdit, section, number],
  );
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
        <SectionTitle section={section} number={number} headingId={headingId} canRename={isLead} />
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
              <SectionStatusSelect section={section} sectionLabel={sectionLabel} number={number} />
              <PenholderPicker section={section} sectionLabel={sectionLabel} candidates={candidates} />
              <RemoveSectionButton section={section} number={number} disabled={isLast} onRemoved={onRemoved} />
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
        extensions={extensions}
        onLocalEdit={onLocalEdit}
        frozen={frozen}
        paragraphNumbers={paragraphNumbers}
      />
    </section>
  );
});

function penholderDelegations(section: SectionMeta, membersById: ReadonlyMap<string, GroupMember>): string[] {
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
  const [request, setRequest] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `request` re-checks a section that is already there.
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
  }, [sections, request]);
  return useCallback((sectionId: string) => {
    waitingFor.current = sectionId;
    setRequest((n) => n + 1);
  }, []);
}

/** `/drafts/<id>#section-<sectionId>` (from "My work") brings that section into view and focus. */
function useFocusFromAddress(focusWhenPresent: (sectionId: string) => void): void {
  useEffect(() => {
    const match = /^#section-([A-Za-z0-9_-]+)$/.exec(window.location.hash);
    if (match?.[1]) focusWhenPresent(match[1]);
  }, [focusWhenPresent]);
}

/**
 * Notices when rights change in front of the viewer ("France now holds the
 * pen for section 3", "Section 3 is agreed — locked"), from changes of the
 * live draft document only: the HTTP snapshot it replaces says nothing.
 */
function useRightsNotices(
  sections: SectionMeta[],
  live: boolean,
  userId: string,
  membersById: Map<string, GroupMember>,
  push: Notices["push"],
): void {
  const delegations = useDelegations();
  const previous = useRef<SectionMeta[] | null>(null);
  const context = useRef({ userId, membersById, delegations });
  context.current = { userId, membersById, delegations };
  useEffect(() => {
    if (!live) return;
    const before = previous.current;
    previous.current = sections;
    if (!before) return;
    const { userId: viewer, membersById: members, delegations: known } = context.current;
    const texts = rightsNotices(before, sections, {
      userId: viewer,
      delegationOf: (id) => members.get(id)?.delegation ?? null,
      delegationName: (code) => known.find((delegation) => delegation.code === code)?.name ?? code,
    });
    for (const text of texts) push(text);
  }, [sections, live, push]);
}

/**
 * Someone removed from the group can never send what their device kept for
 * this draft's sections: delete it, so it is not merged if they come back.
 */
function useDiscardLocalCopiesWhen(removed: boolean, userId: string, sections: SectionMeta[]): void {
  const ids = useRef(sections.map((section) => section.id));
  ids.current = sections.map((section) => section.id);
  useEffect(() => {
    if (!removed) return;
    for (const id of ids.current) void LocalStore.clear(localStoreName(userId, sectionDocumentName(id)));
  }, [removed, userId]);
}
