import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from "react";

/**
 * A router on the History API: the app has a handful of pages, so a path
 * matcher and a `popstate` subscription are all it needs.
 */
export type Route =
  | { page: "groups" }
  | { page: "signin"; next: string | null }
  | { page: "group"; groupId: string }
  | { page: "audit"; groupId: string | null }
  | { page: "draft"; draftId: string }
  | { page: "version"; versionId: string }
  | { page: "compare"; draftId: string; from: string; to: string }
  | { page: "authorship"; draftId: string }
  | { page: "work" }
  | { page: "account" }
  | { page: "invitation"; token: string }
  | { page: "reset"; token: string }
  | { page: "delegations" }
  | { page: "people" }
  | { page: "notFound" };

const NAVIGATE_EVENT = "plenary:navigate";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

function currentLocation(): string {
  return window.location.pathname + window.location.search;
}

export function useLocationPath(): string {
  return useSyncExternalStore(subscribe, currentLocation);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === currentLocation()) return;
  if (options.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

export function matchRoute(location: string): Route {
  const url = new URL(location, window.location.origin);
  const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: "groups" };
  if (parts.length === 1 && parts[0] === "signin")
    return { page: "signin", next: safeNext(url.searchParams.get("next")) };
  if (parts.length === 1 && parts[0] === "work") return { page: "work" };
  if (parts.length === 1 && parts[0] === "account") return { page: "account" };
  if (parts.length === 1 && parts[0] === "audit") return { page: "audit", groupId: null };
  if (parts.length === 1 && parts[0] === "delegations") return { page: "delegations" };
  if (parts.length === 1 && parts[0] === "people") return { page: "people" };
  if (parts.length === 2 && parts[0] === "reset" && parts[1]) return { page: "reset", token: parts[1] };
  if (parts.length === 2 && parts[0] === "groups" && parts[1]) return { page: "group", groupId: parts[1] };
  if (parts.length === 3 && parts[0] === "groups" && parts[1] && parts[2] === "audit")
    return { page: "audit", groupId: parts[1] };
  if (parts.length === 2 && parts[0] === "invitations" && parts[1]) return { page: "invitation", token: parts[1] };
  if (parts.length === 2 && parts[0] === "drafts" && parts[1]) return { page: "draft", draftId: parts[1] };
  if (parts.length === 2 && parts[0] === "versions" && parts[1]) return { page: "version", versionId: parts[1] };
  if (parts.length === 3 && parts[0] === "drafts" && parts[1] && parts[2] === "compare") {
    return {
      page: "compare",
      draftId: parts[1],
      from: url.searchParams.get("from") ?? "",
      to: url.searchParams.get("to") ?? "live",
    };
  }
  if (parts.length === 3 && parts[0] === "drafts" && parts[1] && parts[2] === "authorship")
    return { page: "authorship", draftId: parts[1] };
  return { page: "notFound" };
}

/** Only same-site paths: a crafted `?next=https://evil` must not redirect off site. */
function safeNext(next: string | null): string | null {
  if (!next?.startsWith("/") || next.startsWith("//")) return null;
  return next;
}

export function signInPath(next?: string): string {
  return next && next !== "/" && !next.startsWith("/signin") ? `/signin?next=${encodeURIComponent(next)}` : "/signin";
}

export const paths = {
  groups: () => "/",
  group: (groupId: string) => `/groups/${encodeURIComponent(groupId)}`,
  groupAudit: (groupId: string) => `/groups/${encodeURIComponent(groupId)}/audit`,
  siteAudit: () => "/audit",
  draft: (draftId: string) => `/drafts/${encodeURIComponent(draftId)}`,
  section: (draftId: string, sectionId: string) =>
    `/drafts/${encodeURIComponent(draftId)}#section-${encodeURIComponent(sectionId)}`,
  work: () => "/work",
  account: () => "/account",
  delegations: () => "/delegations",
  people: () => "/people",
};

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

/** An ordinary link (middle-click, copy address all work) that navigates in place. */
export function Link({ href, onClick, ...rest }: LinkProps) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handleClick} {...rest} />;
}
