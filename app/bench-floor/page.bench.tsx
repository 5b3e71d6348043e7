// Built only with CONSOLE_BENCH_FLOOR=1 (next.config.mjs pageExtensions): the action_overhead floor.
import { FloorSwitch } from "@/bench/floor/floor-switch";

export const dynamic = "force-dynamic";

export default function BenchFloorPage() {
  return (
    <main className="p-6">
      <FloorSwitch />
    </main>
  );
}
