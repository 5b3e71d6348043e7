// Loaded with `--import` by bench/outbox.ts's measuring process: `server-only` resolves to an empty
// module (as it does under the react-server condition, which that process cannot use: next-intl's
// react-server build needs React's server build, and lib/outbound/payload.ts imports next-intl).
import { register } from "node:module";
import { isMainThread } from "node:worker_threads";

export async function resolve(specifier, context, next) {
  return specifier === "server-only" ? { url: "data:text/javascript,export {};", shortCircuit: true } : next(specifier, context);
}

if (isMainThread) register(import.meta.url);
