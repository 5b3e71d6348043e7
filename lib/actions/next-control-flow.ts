// Next's own `unstable_rethrow` (what `next/navigation` exports on the server), imported from its
// module because `next/navigation` itself loads client React: under the react-server condition
// outside Next (the bench, `tsx --conditions=react-server`) that import fails. A test checks this
// is the very function `next/navigation` exports.
import { unstable_rethrow } from "next/dist/client/components/unstable-rethrow";

/** Rethrows Next's `redirect()`, `notFound()` and the like, which are thrown for Next to handle. */
export const rethrowNextControlFlow: (e: unknown) => void = unstable_rethrow;

export function isNextControlFlow(e: unknown): boolean {
  try {
    unstable_rethrow(e);
    return false;
  } catch {
    return true;
  }
}
