import { useEffect, useState } from "react";
import type { DelegationInfo } from "../../shared/types.ts";
import { api } from "./apiClient.ts";

let cached: Promise<DelegationInfo[]> | null = null;

/** Forgets the loaded list, after the admin added or renamed a delegation. */
export function refreshDelegations(): void {
  cached = null;
}

/** The list of delegations (codes and names), loaded once per page load. */
export function useDelegations(): DelegationInfo[] {
  const [delegations, setDelegations] = useState<DelegationInfo[]>([]);
  useEffect(() => {
    let current = true;
    cached ??= api.delegations().catch((error: unknown) => {
      cached = null;
      throw error;
    });
    cached
      .then((list) => {
        if (current) setDelegations(list);
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, []);
  return delegations;
}
