"use server";
import { action } from "./action";
import { markReadSpec } from "../inbox/actions";

export const markNotificationsRead = action(markReadSpec);
