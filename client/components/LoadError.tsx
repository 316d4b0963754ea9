import { ApiError } from "../api/apiClient.ts";
import { isNotFound } from "../api/useApiResource.ts";
import { Link } from "../router.tsx";

/** What a page shows when its data could not be loaded. */
export function LoadError({ error, what, onRetry }: { error: Error; what: string; onRetry: () => void }) {
  if (isNotFound(error)) {
    return (
      <>
        <h1 tabIndex={-1}>{`This ${what} is not available`}</h1>
        <p>
          It does not exist, or you are not a member of its working group.{" "}
          <Link href="/">Go to your working groups</Link>.
        </p>
      </>
    );
  }
  return (
    <>
      <h1 tabIndex={-1}>{`Could not load this ${what}`}</h1>
      <p role="alert">{error instanceof ApiError ? error.message : "Something went wrong."}</p>
      <button type="button" className="button" onClick={onRetry}>
        Try again
      </button>
    </>
  );
}
