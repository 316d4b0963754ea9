/** Roles a user holds in one working group. */
export const Roles = {
  lead: "lead",
  member: "member",
  observer: "observer",
} as const;
export type Role = (typeof Roles)[keyof typeof Roles];
export const ROLE_VALUES = Object.values(Roles) as [Role, ...Role[]];

export const SectionStatuses = {
  drafting: "drafting",
  review: "review",
  agreed: "agreed",
} as const;
export type SectionStatus = (typeof SectionStatuses)[keyof typeof SectionStatuses];
export const SECTION_STATUS_VALUES = Object.values(SectionStatuses) as [SectionStatus, ...SectionStatus[]];

export const ROLE_LABELS: Record<Role, string> = {
  lead: "Lead",
  member: "Member",
  observer: "Observer",
};

export const STATUS_LABELS: Record<SectionStatus, string> = {
  drafting: "Drafting",
  review: "In review",
  agreed: "Agreed",
};
