// The ENS name of a personal key says whose it is: `u` and the first 12 hex digits of the owner's
// id, then the name the owner gave (`u3fa85f6457174-laptop`). Client-safe.

export const PERSONAL_PREFIX = /^u[0-9a-f]{12}-/;

export function personalKeyName(userId: string, name: string): string {
  return `u${userId.replace(/-/g, "").slice(0, 12).toLowerCase()}-${name}`;
}

export function isPersonalKeyName(keyName: string): boolean {
  return PERSONAL_PREFIX.test(keyName);
}
