import type { ReactNode } from "react";
import { Link, paths, useLocationPath } from "../router.tsx";
import { useCurrentUser } from "../session/SessionContext.tsx";
import { DelegationChip } from "./DelegationChip.tsx";
import { SignOutButton } from "./SignOutButton.tsx";

interface Crumb {
  label: string;
  href?: string;
}

/** The banner of every signed-in page: where you are, who you are, sign out. */
export function AppHeader({ crumbs = [], children }: { crumbs?: Crumb[]; children?: ReactNode }) {
  const user = useCurrentUser();
  const location = useLocationPath();

  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <ol>
          <li>
            <Link href="/" className="brand">
              Plenary
            </Link>
          </li>
          {crumbs.map((crumb) => (
            <li key={`${crumb.label}:${crumb.href ?? ""}`}>
              {crumb.href ? (
                <Link href={crumb.href}>{crumb.label}</Link>
              ) : (
                <span aria-current="page">{crumb.label}</span>
              )}
            </li>
          ))}
        </ol>
      </nav>
      <div className="app-header__status">{children}</div>
      <nav aria-label="Your pages" className="app-header__nav">
        <Link href={paths.work()} aria-current={location === paths.work() ? "page" : undefined}>
          My work
        </Link>
        {user.isAdmin && (
          <>
            <Link href={paths.people()} aria-current={location === paths.people() ? "page" : undefined}>
              People
            </Link>
            <Link href={paths.delegations()} aria-current={location === paths.delegations() ? "page" : undefined}>
              Delegations
            </Link>
          </>
        )}
        <Link href={paths.account()} aria-current={location === paths.account() ? "page" : undefined}>
          Account
        </Link>
      </nav>
      <div className="app-header__user">
        <span className="user-name">{user.name}</span>
        <DelegationChip delegation={user.delegation} />
        <SignOutButton />
      </div>
    </header>
  );
}
