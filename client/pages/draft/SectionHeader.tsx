import { STATUS_LABELS } from "../../../shared/roles.ts";
import type { GroupMember, SectionMeta } from "../../../shared/types.ts";
import { DelegationChip } from "../../components/DelegationChip.tsx";
import { PenholderPicker } from "../../components/PenholderPicker.tsx";
import { RemoveSectionButton } from "../../components/RemoveSectionButton.tsx";
import { SectionStatusSelect } from "../../components/SectionStatusSelect.tsx";
import { SectionTitle } from "../../components/SectionTitle.tsx";

interface SectionHeaderProps {
  section: SectionMeta;
  number: number;
  headingId: string;
  /** Delegations of the section's penholders. */
  delegations: string[];
  youHoldPen: boolean;
  /** Leads rename, set the status, give the pen and remove; others see the status. */
  isLead: boolean;
  /** The draft's only section cannot be removed. */
  isLast: boolean;
  candidates: GroupMember[];
  onRemoved(section: SectionMeta): void;
}

/** A section's title, who holds its pen, its status, and a lead's controls for them. */
export function SectionHeader({
  section,
  number,
  headingId,
  delegations,
  youHoldPen,
  isLead,
  isLast,
  candidates,
  onRemoved,
}: SectionHeaderProps) {
  const sectionLabel = `section ${number}`;
  return (
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
  );
}
