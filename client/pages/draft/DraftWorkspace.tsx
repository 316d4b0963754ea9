import { useCallback, useMemo } from "react";
import { draftDocumentName } from "../../../shared/documentNames.ts";
import { Actions, type Actor, can, canHoldPen, effectiveRole } from "../../../shared/permissions.ts";
import type { DraftDetail, GroupDetail, SectionMeta } from "../../../shared/types.ts";
import { SyncTracker } from "../../collab/syncTracker.ts";
import { useDocumentSession } from "../../collab/useDocumentSession.ts";
import { useDraftConnection } from "../../collab/useDraftConnection.ts";
import { useDraftDocument } from "../../collab/useDraftDocument.ts";
import { useLiveRole } from "../../collab/useLiveRole.ts";
import { useRoster } from "../../collab/useRoster.ts";
import { useSectionOrder } from "../../collab/useSectionOrder.ts";
import { AddSectionForm } from "../../components/AddSectionForm.tsx";
import { AppHeader } from "../../components/AppHeader.tsx";
import { TrackedConnectionStatus } from "../../components/ConnectionStatus.tsx";
import { LiveNotices } from "../../components/LiveNotices.tsx";
import { Outline } from "../../components/Outline.tsx";
import { PresenceBar } from "../../components/PresenceBar.tsx";
import { RemovedSections } from "../../components/RemovedSections.tsx";
import { DiscussionSidebar } from "../../discussion/DiscussionSidebar.tsx";
import { SectionDiscussionCounts } from "../../discussion/SectionDiscussionCounts.tsx";
import { useDiscussion } from "../../discussion/useDiscussion.ts";
import { NegotiationPanel } from "../../negotiation/NegotiationPanel.tsx";
import { SectionProgressBadge } from "../../negotiation/SectionProgressBadge.tsx";
import { useDraftFrozen, useNegotiation } from "../../negotiation/useNegotiation.ts";
import { useNotices } from "../../notices/useNotices.ts";
import { paths } from "../../router.tsx";
import { useCurrentUser } from "../../session/SessionContext.tsx";
import { VersionsPanel } from "../../versions/VersionsPanel.tsx";
import { usePageTitle } from "../usePageTitle.ts";
import { ConnectionNotice } from "./ConnectionNotice.tsx";
import { DraftSection } from "./DraftSection.tsx";
import { LeftDraft } from "./LeftDraft.tsx";
import { PanelBar } from "./PanelBar.tsx";
import { penholderDelegations } from "./penholderDelegations.ts";
import { useDiscardLocalCopiesWhen } from "./useDiscardLocalCopiesWhen.ts";
import { usePanels } from "./usePanels.ts";
import { useRightsNotices } from "./useRightsNotices.ts";
import { useSectionExtensions } from "./useSectionExtensions.ts";
import { useFocusFromAddress, useFocusWhenPresent } from "./useSectionFocus.ts";
import { useSectionNotices } from "./useSectionNotices.ts";

/** The live draft: its connection, documents and people, laid out as outline, text and discussion. */
export function DraftWorkspace({ snapshot, group }: { snapshot: DraftDetail; group: GroupDetail }) {
  const user = useCurrentUser();
  const connection = useDraftConnection(snapshot.id);
  const discussion = useDiscussion(connection.socket, snapshot.id, user.id);
  const tracker = useMemo(() => new SyncTracker(), []);
  const draftSession = useDocumentSession(connection.socket, draftDocumentName(snapshot.id), tracker);
  const draft = useDraftDocument(draftSession.session?.doc ?? null, draftSession.synced, snapshot);
  const roster = useRoster(draftSession.session?.provider ?? null, user.id);
  const negotiation = useNegotiation(draftSession.session?.doc ?? null, draftSession.synced);
  const frozen = useDraftFrozen(negotiation.store);
  const extensionsFor = useSectionExtensions(discussion, negotiation);
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
  const { onForeignEdit, onRemoved } = useSectionNotices(membersById, notices.push, focusWhenPresent);

  const removed = connection.notice?.name === "accessRevoked" || draftSession.refused !== null;
  useDiscardLocalCopiesWhen(removed, user.id, draft.sections);

  const crumbs = [{ label: group.name, href: paths.group(group.id) }, { label: draft.title || "Untitled draft" }];
  const panels = usePanels();

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
      <div
        className={`draft-layout draft-layout--discussion${panels.open ? ` draft-layout--${panels.open}-open` : ""}`}
      >
        <aside
          className="draft-sidebar"
          id="draft-outline-panel"
          // Going to a section from the outline panel closes it, so the section shows.
          onClickCapture={(event) => {
            if (event.target instanceof Element && event.target.closest("a")) panels.close();
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
          <ConnectionNotice notice={connection.notice} />
          <NegotiationPanel
            store={negotiation.store}
            discussion={discussion.editors}
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
            editors={discussion.editors}
            draftId={draft.id}
            sections={order.sections}
            actor={actor}
            people={group.members}
          />
        </div>
        <PanelBar panels={panels} />
      </div>
    </>
  );
}
