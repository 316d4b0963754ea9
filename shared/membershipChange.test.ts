import { describe, expect, test } from "vitest";
import {
  describeEffect,
  type GroupMembership,
  type PendingInvitation,
  planMembershipChange,
} from "./membershipChange.ts";

const members: GroupMembership[] = [
  { userId: "lead-usa", delegation: "USA", role: "lead" },
  { userId: "member-fra", delegation: "FRA", role: "member" },
  { userId: "member-int", delegation: "INTERPOL", role: "member" },
];
const pen = {
  sectionId: "s4",
  sectionTitle: "Cooperation with INTERPOL",
  sectionNumber: 4,
  draftId: "d1",
  draftTitle: "Doctrine",
};
const fromLead = (over: Partial<PendingInvitation> = {}): PendingInvitation => ({
  id: "inv1",
  email: "new@example.org",
  role: "member",
  delegation: { code: "FRA", kind: "state" },
  inviter: { userId: "lead-usa", isAdmin: false },
  ...over,
});
const interpol = { userId: "member-int", email: "int@example.org", delegation: "INTERPOL" };

describe("planMembershipChange", () => {
  test("an observer holds no pen: demotion names every pen it drops", () => {
    const plan = planMembershipChange({
      members,
      subject: interpol,
      from: "member",
      to: "observer",
      pens: [pen],
      invitations: [],
    });
    expect(plan).toEqual({ ok: true, effects: [{ kind: "penDropped", ...pen }] });
    if (plan.ok && plan.effects[0]) {
      expect(describeEffect(plan.effects[0], "INTERPOL liaison (INTERPOL)")).toBe(
        "INTERPOL liaison (INTERPOL) will lose the pen for section 4 “Cooperation with INTERPOL” of “Doctrine”.",
      );
    }
  });

  test("a member or lead keeps their pens", () => {
    for (const to of ["lead", "member"] as const) {
      expect(
        planMembershipChange({ members, subject: interpol, from: "member", to, pens: [pen], invitations: [] }),
      ).toEqual({ ok: true, effects: [] });
    }
  });

  test("the last lead can be neither demoted nor removed", () => {
    const usa = { userId: "lead-usa", email: "usa@example.org", delegation: "USA" };
    for (const to of ["member", "observer", null] as const) {
      const plan = planMembershipChange({ members, subject: usa, from: "lead", to, pens: [], invitations: [] });
      expect(plan.ok).toBe(false);
    }
  });

  test("removal ends access and the invitee's other invitations", () => {
    const invitation = fromLead({ email: "INT@example.org" });
    const plan = planMembershipChange({
      members,
      subject: interpol,
      from: "member",
      to: null,
      pens: [],
      invitations: [invitation],
    });
    expect(plan).toEqual({
      ok: true,
      effects: [
        { kind: "accessLost" },
        { kind: "invitationInvalidated", invitationId: "inv1", email: "INT@example.org", reason: "inviteeRemoved" },
      ],
    });
  });

  test("a change that takes away the inviter's right voids their invitations", () => {
    const withSecondLead = [...members, { userId: "lead-sgp", delegation: "SGP", role: "lead" as const }];
    const usa = { userId: "lead-usa", email: "usa@example.org", delegation: "USA" };
    const plan = planMembershipChange({
      members: withSecondLead,
      subject: usa,
      from: "lead",
      to: "member",
      pens: [],
      invitations: [fromLead(), fromLead({ id: "inv2", inviter: { userId: "lead-sgp", isAdmin: false } })],
    });
    expect(plan).toEqual({
      ok: true,
      effects: [
        { kind: "invitationInvalidated", invitationId: "inv1", email: "new@example.org", reason: "inviterLostRight" },
      ],
    });
  });

  test("removing a delegation's last member voids a lead's invitations for that delegation, not the admin's", () => {
    const fra = { userId: "member-fra", email: "fra@example.org", delegation: "FRA" };
    const plan = planMembershipChange({
      members,
      subject: fra,
      from: "member",
      to: null,
      pens: [],
      invitations: [fromLead(), fromLead({ id: "inv2", inviter: { userId: "admin", isAdmin: true } })],
    });
    expect(plan.ok && plan.effects.filter((e) => e.kind === "invitationInvalidated")).toEqual([
      { kind: "invitationInvalidated", invitationId: "inv1", email: "new@example.org", reason: "inviterLostRight" },
    ]);
  });
});
