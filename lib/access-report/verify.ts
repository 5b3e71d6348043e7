import type { LineKinds } from "../audit/verify-export";
import { INTERVAL_LINE_KIND, intervalLineFields } from "./derive";

/** The report lines `npm run audit:verify -- --file` knows, each with what it derives from its events. */
export const REPORT_LINE_KINDS: LineKinds = { [INTERVAL_LINE_KIND]: intervalLineFields };
