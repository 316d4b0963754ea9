import type { CSSProperties } from "react";
import type { Roster } from "../collab/useRoster.ts";

/** Everyone with this draft open, each with their delegation in its colour. */
export function PresenceBar({ roster }: { roster: Roster }) {
  const hidden = roster.count - roster.users.length;
  return (
    <section className="presence-bar" aria-label="People in this draft">
      <ul data-testid="presence-list" className="presence-list">
        {roster.users.map((user) => (
          <li
            key={user.id}
            className="presence-item"
            style={{ "--delegation-color": user.color } as CSSProperties}
            title={user.writing ? `${user.name} can edit` : `${user.name} is reading`}
          >
            <span className="presence-item__avatar" aria-hidden="true">
              {initials(user.name)}
            </span>
            <span className="presence-item__name">
              {user.name}
              {user.isSelf && <span className="muted"> (you)</span>}
            </span>
            <span className="delegation-chip">{user.delegation}</span>
          </li>
        ))}
        {hidden > 0 && <li className="presence-item presence-item--more">{`+${hidden} more`}</li>}
      </ul>
    </section>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? "?";
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "";
  return (first + last).toUpperCase();
}
