/** UploadAICPublicKey: KeyName is 8–128 characters (ens-api.md §7). Shared with the browser. */
export const KEY_NAME_MIN = 8;

/** Expiring logins: a duration of 1 minute to 24 hours, and a reason of 3–256 characters. */
export const MIN_LOGIN_MINUTES = 1;
export const MAX_LOGIN_MINUTES = 24 * 60;
export const REASON_MIN = 3;
export const REASON_MAX = 256;
