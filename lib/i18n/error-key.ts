// Where an error code's words live in the messages: errors.codes.<code with "." as "_">
// (a message key cannot hold a dot). Client-safe.

export function errorCodeKey(code: string): string {
  return `codes.${code.replace(/\./g, "_")}`;
}
