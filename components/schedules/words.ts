import type { ScheduleAction } from "@/lib/schedules/schema";
import type { ScheduleView } from "@/lib/schedules/view";

/** The message key of an action (`login.open` → `login_open`). */
export const actionKey = (a: ScheduleAction) => a.replace(".", "_") as "login_open" | "login_close" | "instance_reboot" | "instance_reset";

/** What the list and the page say a schedule is: paused, waiting for its approval, or active. */
export function scheduleState(s: Pick<ScheduleView, "paused" | "approved">): "active" | "paused" | "awaiting" {
  return s.paused ? "paused" : s.approved ? "active" : "awaiting";
}
