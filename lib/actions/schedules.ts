"use server";

import { createScheduleSpec, deleteScheduleSpec, setSchedulePausedSpec, updateScheduleSpec } from "../schedules/actions";
import { action } from "./action";

export const createSchedule = action(createScheduleSpec);
export const updateSchedule = action(updateScheduleSpec);
export const setSchedulePaused = action(setSchedulePausedSpec);
export const deleteSchedule = action(deleteScheduleSpec);
