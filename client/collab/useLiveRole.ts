import type { HocuspocusProvider, onStatelessParameters } from "@hocuspocus/provider";
import { useEffect, useRef, useState } from "react";
import { parseRoleMessage } from "../../shared/roleMessage.ts";
import { ROLE_LABELS, type Role } from "../../shared/roles.ts";

/**
 * The viewer's role in the draft's group, as the server announces it on the
 * draft document when it changes: a demoted member stops being offered
 * Comment the moment it happens, not when they try. `initial` is the role the
 * page loaded with.
 */
export function useLiveRole(
  provider: HocuspocusProvider | null,
  initial: Role,
  announce: (text: string) => void,
): Role {
  const [role, setRole] = useState<Role>(initial);
  const current = useRef(role);
  current.current = role;
  const announcer = useRef(announce);
  announcer.current = announce;

  useEffect(() => setRole(initial), [initial]);

  useEffect(() => {
    if (!provider) return;
    const onStateless = ({ payload }: onStatelessParameters) => {
      const message = parseRoleMessage(payload);
      // Leaving the group is handled by the connection closing (access revoked).
      const next = message?.role;
      if (!next || next === current.current) return;
      setRole(next);
      announcer.current(`Your role in this group is now ${ROLE_LABELS[next].toLowerCase()}.`);
    };
    provider.on("stateless", onStateless);
    return () => {
      provider.off("stateless", onStateless);
    };
  }, [provider]);

  return role;
}
