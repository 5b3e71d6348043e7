// RebootAICInstance / ResetAICInstance (§9).
import { errors } from "../errors";
import type { AicInstance } from "../fleet";
import type { Params } from "../params";
import type { ActionContext, ActionHandler } from "./types";

const BUSY = new Set(["creating", "releasing", "rebooting", "reseting"]);

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
  // Explicitly named instances that are mid-operation are refused (nothing changes).
  for (const aic of picked.values()) {
    if (BUSY.has(aic.State)) throw errors.callFailed(`The instance ${aic.InstanceId} is in state ${aic.State}`);
  }
  if (serverId !== undefined) {
    const server = fleet.serversById.get(serverId);
    if (!server) throw errors.invalidParameter("ServerId");
    // Choice (UNCONFIRMED): ServerId targets every AIC of the board; those mid-operation are skipped.
    for (const aic of server.AICInstances) if (!BUSY.has(aic.State)) picked.set(aic.InstanceId, aic);
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
