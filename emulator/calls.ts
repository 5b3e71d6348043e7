// Per-action call counters for GET /__emulator/calls.
export interface ActionCounts {
  received: number;
  ok: number;
  failed: number;
}

export class CallStats {
  total = 0;
  byAction: Record<string, ActionCounts> = {};

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
  }

  toJSON(): { total: number; byAction: Record<string, ActionCounts> } {
    return { total: this.total, byAction: this.byAction };
  }
}
