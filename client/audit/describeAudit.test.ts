import { describe, expect, it } from "vitest";
import type { AuditRecord } from "../../shared/types.ts";
import { type AuditContext, describeAudit } from "./describeAudit.ts";

const context: AuditContext = {
  delegationOf: (id) => ({ u1: "USA", u2: "SGP", u3: "FRA" })[id] ?? null,
  sectionTitle: (id) => (id === "s5" ? "Capacity building" : null),
  draftTitle: (id) => (id === "d1" ? "Doctrine — zero draft" : null),
};

function entry(action: string, target: string | null, details: Record<string, unknown>): AuditRecord {
  return {
    id: 1,
    at: 0,
    actor: { id: "u1", name: "United States point of contact", delegation: "USA" },
    groupId: "g1",
    action,
    target,
    details,
  };
}

describe("describeAudit", () => {
  it("names the pen a role change dropped and the invitation it voided", () => {
    const record = entry("member.role", "u2", {
      from: "member",
      to: "observer",
      effects: [
        {
          kind: "penDropped",
          sectionId: "s4",
          sectionTitle: "Cooperation",
          sectionNumber: 4,
          draftId: "d1",
          draftTitle: "D",
        },
        { kind: "invitationInvalidated", invitationId: "i1", email: "x@example.org", reason: "inviterLostRight" },
      ],
    });
    expect(describeAudit(record, context)).toBe(
      "USA changed SGP's role from member to observer; SGP lost the pen for section 4 “Cooperation”; the invitation for x@example.org stopped working",
    );
  });

  it("says who revoked which invitation and who created a reset link", () => {
    expect(describeAudit(entry("invitation.revoke", "i1", { email: "x@example.org", role: "member" }), context)).toBe(
      "USA revoked the invitation for x@example.org",
    );
    expect(describeAudit(entry("password.reset.create", "u3", {}), context)).toBe(
      "USA created a password reset link for FRA",
    );
  });

  it("says who assigned whom as penholder of which section", () => {
    const record = entry("section.update", "s5", { draftId: "d1", penholders: { from: [], to: ["u2"] } });
    expect(describeAudit(record, context)).toBe("USA assigned SGP as penholder of “Capacity building”");
  });

  it("says who lost the pen and who received it in one sentence", () => {
    const record = entry("section.update", "s5", { penholders: { from: ["u3"], to: ["u2"] } });
    expect(describeAudit(record, context)).toBe(
      "USA assigned SGP and removed FRA as penholders of “Capacity building”",
    );
  });

  it("describes status changes and renames", () => {
    expect(describeAudit(entry("section.update", "s5", { status: { from: "review", to: "agreed" } }), context)).toBe(
      "USA marked “Capacity building” as agreed",
    );
    expect(
      describeAudit(entry("section.update", "s5", { title: { from: "Training", to: "Capacity building" } }), context),
    ).toBe("USA renamed “Training” to “Capacity building”");
    expect(describeAudit(entry("section.update", "s5", { status: { from: "drafting", to: "review" } }), context)).toBe(
      "USA moved “Capacity building” from drafting to in review",
    );
  });

  it("describes membership changes, naming people by delegation", () => {
    expect(describeAudit(entry("member.invite", "i1", { email: "gha@plenary.test", role: "member" }), context)).toBe(
      "USA invited gha@plenary.test as member",
    );
    expect(describeAudit(entry("member.role", "u3", { from: "member", to: "observer" }), context)).toBe(
      "USA changed FRA's role from member to observer",
    );
    expect(describeAudit(entry("member.remove", "u9", { role: "member" }), context)).toBe(
      "USA removed a former member (member) from the group",
    );
  });

  it("describes section removal, restoration and reordering", () => {
    expect(describeAudit(entry("section.remove", "s9", { title: "Annex" }), context)).toBe(
      "USA removed the section “Annex”",
    );
    expect(describeAudit(entry("section.reorder", "d1", { from: [], to: [] }), context)).toBe(
      "USA reordered the sections of “Doctrine — zero draft”",
    );
  });
});
