import { AppHeader } from "../components/AppHeader.tsx";
import { Link } from "../router.tsx";
import { usePageTitle } from "./usePageTitle.ts";

export function NotFoundPage() {
  usePageTitle("Not found");
  return (
    <>
      <AppHeader />
      <main id="main" className="page">
        <h1 tabIndex={-1}>Page not found</h1>
        <p>
          There is nothing at this address. <Link href="/">Go to your working groups</Link>.
        </p>
      </main>
    </>
  );
}
