// RebootAICInstance / ResetAICInstance (§9).
import { errors } from "../errors";
import type { AicInstance } from "../fleet";
import type { Params } from "../params";
import type { ActionContext, ActionHandler } from "./types";

function targets(p: Params, ctx: ActionContext, allowInstanceIds: boolean): AicInstance[] {
  const { fleet } = ctx.state;
  const instanceId = p.str("InstanceId");
  // ResetAICInstance has no InstanceIds parameter (GO model), so it is ignored there like any unknown param.
  const instanceIds = allowInstanceIds ? p.stringArray("InstanceIds", { maxItems: 20 }) : undefined;
  const serverId = p.str("ServerId");
  // Choice (UNCONFIRMED): with none of InstanceId / InstanceIds / ServerId → Parameter.Invalid.
  if (instanceId === undefined && (instanceIds === undefined || instanceIds.length === 0) && serverId === undefined) {
    throw errors.parameterInvalid();
  }
  const picked = new Map<string, AicInstance>();
  if (instanceId !== undefined) {
    const hit = fleet.instances.get(instanceId);
    if (!hit) throw errors.invalidParameter("InstanceId");
    picked.set(instanceId, hit.aic);
  }
  for (const id of instanceIds ?? []) {
    const hit = fleet.instances.get(id);
    if (!hit) throw errors.invalidParameter("InstanceIds");
    picked.set(id, hit.aic);
  }
  // Choice (UNCONFIRMED): an instance is accepted in any State; a running transition restarts.
  if (serverId !== undefined) {
    const server = fleet.serversById.get(serverId);
    if (!server) throw errors.invalidParameter("ServerId");
    // Choice (UNCONFIRMED): ServerId targets every AIC of the board.
    for (const aic of server.AICInstances) picked.set(aic.InstanceId, aic);
  }
  return [...picked.values()];
}

export const rebootAicInstance: ActionHandler = (p, ctx) => {
  for (const aic of targets(p, ctx, true)) ctx.state.startTransition(aic, "rebooting", "RebootAICInstance", ctx.now);
  return {};
};

export const resetAicInstance: ActionHandler = (p, ctx) => {
  for (const aic of targets(p, ctx, false)) ctx.state.startTransition(aic, "reseting", "ResetAICInstance", ctx.now);
  return {};
};
