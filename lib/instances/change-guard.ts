import "server-only";
import type { InFlightGuard } from "../audit/append";
import { operationTimeoutMs } from "../config";

/** The changes to one instance that must not overlap: a login change and a reboot or reset exclude each other. */
export const INSTANCE_CHANGES = ["login.open", "login.close", "login.break_glass", "instance.reboot", "instance.reset"];

/** One change at a time per instance, across every console process and job. */
export function instanceChangeGuard(instanceId: string): InFlightGuard {
  return { targetId: instanceId, actions: INSTANCE_CHANGES, windowMs: operationTimeoutMs() };
}
