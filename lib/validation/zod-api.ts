// The parts of zod the console uses, by name. Bundlers drop what a module's named exports leave
// out; zod's own `z` namespace carries every language's messages (about 70 KB gzipped in the
// browser), which no bundler here removes once `z` reaches client code (docs/performance.md).
export {
  array,
  boolean,
  coerce,
  config,
  discriminatedUnion,
  enum,
  iso,
  literal,
  NEVER,
  number,
  object,
  preprocess,
  strictObject,
  string,
  union,
} from "zod";
export type { core, infer, input, output, RefinementCtx, ZodError, ZodSafeParseResult, ZodString, ZodType } from "zod";
