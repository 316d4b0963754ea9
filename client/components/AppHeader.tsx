import { type ReactNode, useState } from "react";
import { Link } from "../router.tsx";
import { useCurrentUser, useSession } from "../session/SessionContext.tsx";
import { DelegationChip } from "./DelegationChip.tsx";

interface Crumb {
  label: string;
  href?: string;
}

/** The banner of every signed-in page: where you are, who you are, sign out. */
export function AppHeader({ crumbs = [], children }: { crumbs?: Crumb[]; children?: ReactNode }) {
  const user = useCurrentUser();
  const { signOut } = useSession();
  const [signingOut, setSigningOut] = useState(false);

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
      <div className="app-header__user">
        <span className="user-name">{user.name}</span>
        <DelegationChip delegation={user.delegation} />
        <button
          type="button"
          className="button button--quiet"
          disabled={signingOut}
          onClick={() => {
            setSigningOut(true);
            void signOut();
          }}
        >
          Sign out
        </button>
      </div>
    </header>
  );
}
