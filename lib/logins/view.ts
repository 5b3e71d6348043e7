// What the browser gets about a login's expiry and origin. Client-safe: no server imports.

export { LEASE_STATES, type LeaseState, type LoginLeaseView } from "../instances/view";
export { MAX_LOGIN_MINUTES, MIN_LOGIN_MINUTES, REASON_MAX, REASON_MIN } from "../validation/limits";

/** The presets the open-login dialog offers, in minutes: 15 min, 1 h, 4 h, 8 h. */
export const DURATION_PRESETS = [15, 60, 240, 480] as const;
export { CLOSING_SOON_MS } from "../instances/view";

/** What the instance row and page show about a login beyond ENS's own state. */
export type { LoginOverlay } from "../instances/view";
