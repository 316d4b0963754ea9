import { AppHeader } from "../../components/AppHeader.tsx";
import { Link, paths } from "../../router.tsx";

/** What remains of the page once the user lost access to the draft (removed from its group). */
export function LeftDraft({ crumbs }: { crumbs: { label: string; href?: string }[] }) {
  return (
    <>
      <AppHeader crumbs={crumbs} />
      <main id="main" className="page">
        <h1 tabIndex={-1}>This draft is closed</h1>
        <p className="banner banner--error" role="alert" data-testid="access-revoked">
          You no longer have access to this draft: you were removed from its working group, or your role changed.
          Nothing you type here can be saved any more.
        </p>
        <p>
          <Link href={paths.groups()}>Go to your working groups</Link>
        </p>
      </main>
    </>
  );
}
