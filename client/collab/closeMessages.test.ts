import { describe, expect, test } from "vitest";
import { CloseCodes } from "../../shared/closeCodes.ts";
import { describeClose } from "./closeMessages.ts";

describe("what a close tells the user", () => {
  test("a refused change says it was refused and not saved, and reconnects", () => {
    const outcome = describeClose(CloseCodes.updateRejected.code, CloseCodes.updateRejected.reason);
    expect(outcome).toMatchObject({ action: "retry", name: "updateRejected" });
    expect(outcome?.message).toMatch(/refused your last change/);
  });

  test("a change the database could not store says it is kept on the page, and reconnects", () => {
    const outcome = describeClose(CloseCodes.storageUnavailable.code, CloseCodes.storageUnavailable.reason);
    expect(outcome).toMatchObject({ action: "retry", name: "storageUnavailable" });
    expect(outcome?.message).toMatch(/could not be saved/);
    expect(outcome?.message).toMatch(/stays on this page/);
  });

  test("every limit the server closes for has its own plain message", () => {
    const messages = new Set<string>();
    for (const { code, reason } of Object.values(CloseCodes)) {
      const outcome = describeClose(code, reason);
      expect(outcome, reason).not.toBeNull();
      messages.add(outcome?.message ?? "");
    }
    expect(messages.size).toBe(Object.keys(CloseCodes).length);
  });
});
