import "server-only";
import { exportAccessReportSpec } from "../access-report/actions";
import { action } from "./action";

// Not a 'use server' module: the stream goes to the route handler, never to a browser.
export const exportAccessReport = action(exportAccessReportSpec);
