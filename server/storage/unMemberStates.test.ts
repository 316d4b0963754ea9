import { expect, test } from "vitest";
import { SEED_ORGANISATIONS, UN_MEMBER_STATES } from "./unMemberStates.ts";

test("the seed lists the 193 UN member states once each, by ISO 3166-1 alpha-3 code", () => {
  const codes = UN_MEMBER_STATES.map(([code]) => code);
  expect(codes).toHaveLength(193);
  expect(new Set(codes).size).toBe(193);
  expect(codes.every((code) => /^[A-Z]{3}$/.test(code))).toBe(true);
  expect(codes).toEqual(expect.arrayContaining(["KEN", "USA", "SGP", "FRA", "GHA", "SSD", "TLS", "MNE"]));
  const organisations = SEED_ORGANISATIONS.map(([code]) => code);
  expect(organisations.filter((code) => codes.includes(code))).toEqual([]);
});
