import { STATUS_LABELS } from "../../shared/roles.ts";
import type { SectionMeta } from "../../shared/types.ts";
import { DelegationChip } from "./DelegationChip.tsx";
import { focusSection } from "./focusSection.ts";

interface OutlineProps {
  sections: SectionMeta[];
  delegationsOf(section: SectionMeta): string[];
}

/** The draft's sections in order; choosing one moves to its text. */
export function Outline({ sections, delegationsOf }: OutlineProps) {
  return (
    <nav aria-label="Outline" className="outline" data-testid="outline">
      <h2 className="outline__heading">Outline</h2>
      {sections.length === 0 ? (
        <p className="muted">No sections yet.</p>
      ) : (
        <ol className="outline__list">
          {sections.map((section, index) => {
            const delegations = delegationsOf(section);
            return (
              <li key={section.id}>
                <a
                  href={`#section-${section.id}`}
                  className="outline__item"
                  onClick={(event) => {
                    event.preventDefault();
                    focusSection(section.id);
                  }}
                >
                  <span className="outline__title">
                    <span className="outline__number">{index + 1}.</span> {section.title || "Untitled"}
                  </span>
                  <span className="outline__meta">
                    {delegations.length === 0 ? (
                      <span className="muted">No pen</span>
                    ) : (
                      delegations.map((delegation) => <DelegationChip key={delegation} delegation={delegation} />)
                    )}
                    <span className={`status-badge status-badge--${section.status}`}>
                      {STATUS_LABELS[section.status]}
                    </span>
                  </span>
                </a>
              </li>
            );
          })}
        </ol>
      )}
    </nav>
  );
}
