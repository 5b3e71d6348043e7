/** UploadAICPublicKey: KeyName is 8–128 characters (ens-api.md §7). Shared with the browser. */
export const KEY_NAME_MIN = 8;
