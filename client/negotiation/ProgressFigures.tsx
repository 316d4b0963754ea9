import "./negotiation.css";
import { percentClean } from "../../shared/cleanShare.ts";

/** "82.5 % clean · 1 open bracket": how far the negotiation has come. */
export function ProgressFigures({
  cleanShare,
  openBrackets,
  compact = false,
  testId = "progress",
}: {
  cleanShare: number;
  openBrackets: number;
  compact?: boolean;
  testId?: string;
}) {
  const percent = percentClean(cleanShare);
  const brackets = `${openBrackets} open bracket${openBrackets === 1 ? "" : "s"}`;
  return (
    <span
      className={`progress-figures${compact ? " progress-figures--compact" : ""}${openBrackets > 0 ? " progress-figures--bracketed" : ""}`}
      data-testid={testId}
      data-clean-share={cleanShare}
      data-open-brackets={openBrackets}
      title={`${percent} % of the text is outside open brackets; ${brackets}`}
    >
      <span className="visually-hidden">Progress: </span>
      <span className="progress-figures__clean">{percent} % clean</span>
      {(openBrackets > 0 || !compact) && (
        <>
          <span aria-hidden="true"> · </span>
          <span className="progress-figures__brackets">{brackets}</span>
        </>
      )}
    </span>
  );
}
