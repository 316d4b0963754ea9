import { useEffect, useRef } from "react";
import { AccountPage } from "./pages/AccountPage.tsx";
import { AuditPage } from "./pages/AuditPage.tsx";
import { DelegationsPage } from "./pages/DelegationsPage.tsx";
import { DraftPage } from "./pages/draft/DraftPage.tsx";
import { GroupPage } from "./pages/GroupPage.tsx";
import { GroupsPage } from "./pages/GroupsPage.tsx";
import { InvitationPage } from "./pages/InvitationPage.tsx";
import { MyWorkPage } from "./pages/MyWorkPage.tsx";
import { NotFoundPage } from "./pages/NotFoundPage.tsx";
import { PasswordResetPage } from "./pages/PasswordResetPage.tsx";
import { PeoplePage } from "./pages/PeoplePage.tsx";
import { SignInPage } from "./pages/SignInPage.tsx";
import { matchRoute, navigate, signInPath, useLocationPath } from "./router.tsx";
import { useSession } from "./session/SessionContext.tsx";
import { AuthorshipPage } from "./versions/AuthorshipPage.tsx";
import { ComparePage } from "./versions/ComparePage.tsx";
import { VersionPage } from "./versions/VersionPage.tsx";

export function App() {
  const location = useLocationPath();
  const route = matchRoute(location);
  const { state, retry } = useSession();
  useFocusOnNavigation(location);

  const signedOut = state.status === "signedOut";
  const returnTo = state.status === "signedOut" && state.returnTo;
  const signedIn = state.status === "signedIn";
  const onSignIn = route.page === "signin";
  // Invitation and reset links are opened by people who have no account yet, or cannot sign in.
  const open = route.page === "invitation" || route.page === "reset";
  const next = route.page === "signin" ? route.next : null;
  useEffect(() => {
    if (signedOut && !onSignIn && !open) navigate(returnTo ? signInPath(location) : "/signin", { replace: true });
    if (signedIn && onSignIn) navigate(next ?? "/", { replace: true });
  }, [signedOut, returnTo, signedIn, onSignIn, open, next, location]);

  if (state.status === "loading") {
    return (
      <main className="page page--center" aria-busy="true">
        <p className="muted">Loading Plenary…</p>
      </main>
    );
  }
  if (state.status === "unreachable") {
    return (
      <main className="page page--center">
        <h1>Plenary is unreachable</h1>
        <p role="alert">{state.message}</p>
        <button type="button" className="button" onClick={retry}>
          Try again
        </button>
      </main>
    );
  }
  if (route.page === "invitation") return <InvitationPage key={route.token} token={route.token} />;
  if (route.page === "reset") return <PasswordResetPage key={route.token} token={route.token} />;
  if (state.status === "signedOut") {
    return <SignInPage notice={state.notice} next={route.page === "signin" ? route.next : location} />;
  }

  switch (route.page) {
    case "signin":
    case "groups":
      return <GroupsPage />;
    case "group":
      return <GroupPage key={route.groupId} groupId={route.groupId} />;
    case "audit":
      return <AuditPage key={route.groupId ?? "site"} groupId={route.groupId} />;
    case "draft":
      return <DraftPage key={route.draftId} draftId={route.draftId} />;
    case "version":
      return <VersionPage key={route.versionId} versionId={route.versionId} />;
    case "compare":
      return (
        <ComparePage
          key={`${route.draftId}/${route.from}/${route.to}`}
          draftId={route.draftId}
          from={route.from}
          to={route.to}
        />
      );
    case "authorship":
      return <AuthorshipPage key={route.draftId} draftId={route.draftId} />;
    case "work":
      return <MyWorkPage />;
    case "account":
      return <AccountPage />;
    case "delegations":
      return <DelegationsPage />;
    case "people":
      return <PeoplePage />;
    case "notFound":
      return <NotFoundPage />;
  }
}

/**
 * After an in-app navigation, a screen reader user must land on the new page,
 * not stay on the link they followed: move focus to the page heading.
 */
function useFocusOnNavigation(location: string): void {
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each navigation, which `location` stands for.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const frame = requestAnimationFrame(() => {
      const heading = document.querySelector<HTMLElement>("main h1");
      heading?.focus({ preventScroll: false });
    });
    return () => cancelAnimationFrame(frame);
  }, [location]);
}
