import type { CSSProperties } from "react";
import { delegationColor } from "../../shared/presence.ts";

/** A delegation code in its stable colour, so a delegation reads the same everywhere. */
export function DelegationChip({ delegation, title }: { delegation: string; title?: string }) {
  const style = { "--delegation-color": delegationColor(delegation) } as CSSProperties;
  return (
    <span className="delegation-chip" style={style} title={title}>
      {delegation}
    </span>
  );
}
