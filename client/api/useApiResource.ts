import { type DependencyList, useCallback, useEffect, useState } from "react";
import { ApiError } from "./apiClient.ts";

export type Resource<T> =
  | { status: "loading" }
  | { status: "ready"; data: T }
  | { status: "error"; error: ApiError | Error };

/** Loads one API resource, ignoring answers that arrive after the page moved on. */
export function useApiResource<T>(load: () => Promise<T>, deps: DependencyList): [Resource<T>, () => void] {
  const [resource, setResource] = useState<Resource<T>>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when `load` changes.
  useEffect(() => {
    let current = true;
    load()
      .then((data) => {
        if (current) setResource({ status: "ready", data });
      })
      .catch((error: unknown) => {
        if (current) setResource({ status: "error", error: error instanceof Error ? error : new Error(String(error)) });
      });
    return () => {
      current = false;
    };
  }, [...deps, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return [resource, reload];
}

export function isNotFound(error: Error): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 403);
}
