import "server-only";
import { exportHistorySpec } from "../history/actions";
import { action } from "./action";

// Not a 'use server' module: the stream goes to the route handler, never to a browser.
export const exportHistory = action(exportHistorySpec);
