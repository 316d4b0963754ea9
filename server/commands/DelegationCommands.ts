import type { DelegationKind } from "../../shared/delegations.ts";
import { Actions, can } from "../../shared/permissions.ts";
import type { DelegationInfo, User } from "../../shared/types.ts";
import { ensure } from "./access.ts";
import { auditBy } from "./audit.ts";
import type { CommandContext, Committed } from "./CommandContext.ts";
import { CommandError } from "./CommandError.ts";

const ADMIN_ONLY = "Only the site administrator manages delegations.";

/**
 * The list of delegations, managed by the site admin. A delegation's code is
 * what everything refers to, so it never changes; its name and kind do. No
 * connection's rights depend on either, so these commands raise no events.
 */
export class DelegationCommands {
  constructor(private readonly ctx: CommandContext) {}

  async create(user: User, input: DelegationInfo): Promise<Committed<DelegationInfo>> {
    return await this.ctx.commit(async (stores) => {
      ensure(can({ userId: user.id, isAdmin: user.isAdmin, role: null }, Actions.administer), ADMIN_ONLY);
      if (!(await stores.delegations.create(input))) {
        throw CommandError.conflict(`A delegation with code ${input.code} already exists.`);
      }
      await stores.audit.append(
        auditBy(user, null, "delegation.create", input.code, { name: input.name, kind: input.kind }),
      );
      return { value: input, events: [] };
    });
  }

  async update(
    user: User,
    code: string,
    patch: { name?: string; kind?: DelegationKind },
  ): Promise<Committed<DelegationInfo>> {
    return await this.ctx.commit(async (stores) => {
      ensure(can({ userId: user.id, isAdmin: user.isAdmin, role: null }, Actions.administer), ADMIN_ONLY);
      const current = await stores.delegations.get(code);
      if (!current) throw CommandError.notFound("Delegation");
      await stores.delegations.update(code, patch);
      await stores.audit.append(
        auditBy(user, null, "delegation.update", code, {
          ...(patch.name !== undefined && { name: patch.name, previousName: current.name }),
          ...(patch.kind !== undefined && { kind: patch.kind, previousKind: current.kind }),
        }),
      );
      return { value: { ...current, ...patch }, events: [] };
    });
  }
}
