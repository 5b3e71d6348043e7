// What My keys and the instance pages render about personal keys. Client-safe.

export interface PersonalKeyView {
  /** The ENS KeyName (what a login is opened with). */
  keyName: string;
  /** The name its owner gave it. */
  name: string;
  fingerprint: string;
  /** ISO times. */
  createdAt: string;
  lastUsedAt: string | null;
}

export interface KeyOwner {
  userId: string;
  email: string;
}
