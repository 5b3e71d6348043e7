// Per-action call counters for GET /__emulator/calls.
export interface ActionCounts {
  received: number;
  ok: number;
  failed: number;
}

/** Mutations whose effect is counted per instance, so a test can prove none was applied twice. */
const PER_INSTANCE = new Set(["ManageAICLogin", "RebootAICInstance", "ResetAICInstance"]);

export class CallStats {
  total = 0;
  byAction: Record<string, ActionCounts> = {};
  /** `{ action: { instanceId: times applied } }`, counted once the action changed the state (its answer may still be lost). */
  appliedByInstance: Record<string, Record<string, number>> = {};

  applied(action: string, params: Map<string, string>): void {
    if (!PER_INSTANCE.has(action)) return;
    const ids = new Set<string>();
    const one = params.get("InstanceId");
    if (one) ids.add(one);
    try {
      const many: unknown = JSON.parse(params.get("InstanceIds") ?? "[]");
      if (Array.isArray(many)) for (const id of many) if (typeof id === "string") ids.add(id);
    } catch {
      // not a JSON array: the action refused it already
    }
    const counts = (this.appliedByInstance[action] ??= {});
    for (const id of ids) counts[id] = (counts[id] ?? 0) + 1;
  }

  received(action: string): void {
    this.total++;
    (this.byAction[action] ??= { received: 0, ok: 0, failed: 0 }).received++;
  }

  finished(action: string, ok: boolean): void {
    const c = (this.byAction[action] ??= { received: 0, ok: 0, failed: 0 });
    if (ok) c.ok++;
    else c.failed++;
  }

  reset(): void {
    this.total = 0;
    this.byAction = {};
    this.appliedByInstance = {};
  }

  toJSON(): { total: number; byAction: Record<string, ActionCounts>; appliedByInstance: Record<string, Record<string, number>> } {
    return { total: this.total, byAction: this.byAction, appliedByInstance: this.appliedByInstance };
  }
}
