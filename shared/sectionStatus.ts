import type { SectionStatus } from "./roles.ts";

/**
 * The life of a section: drafting → review → agreed. Review can go back to
 * drafting; an agreed section is locked until a lead reopens it (to review or
 * drafting). Skipping review is not allowed: members must have been asked.
 */
const TRANSITIONS: Record<SectionStatus, readonly SectionStatus[]> = {
  drafting: ["review"],
  review: ["drafting", "agreed"],
  agreed: ["review", "drafting"],
};

export function canTransition(from: SectionStatus, to: SectionStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

export function nextStatuses(from: SectionStatus): readonly SectionStatus[] {
  return TRANSITIONS[from];
}
