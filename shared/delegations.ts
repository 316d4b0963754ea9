/**
 * Delegations: member states (ISO 3166-1 alpha-3 codes), organisations, and
 * the secretariat. Only the site admin manages the list and places people in
 * the secretariat.
 */
export const DelegationKinds = {
  state: "state",
  organisation: "organisation",
  secretariat: "secretariat",
} as const;
export type DelegationKind = (typeof DelegationKinds)[keyof typeof DelegationKinds];
export const DELEGATION_KIND_VALUES = Object.values(DelegationKinds) as [DelegationKind, ...DelegationKind[]];

export const DELEGATION_KIND_LABELS: Record<DelegationKind, string> = {
  state: "Member state",
  organisation: "Organisation",
  secretariat: "Secretariat",
};

/** Upper-case letters, 2 to 12: `USA`, `AU`, `INTERPOL`, `ECOWAS`. */
export const DELEGATION_CODE_PATTERN = /^[A-Z]{2,12}$/;
