import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";

const config = [
  { ignores: [".next/**", ".next-*/**", ".data/**", "test-results/**", "playwright-report/**", "docs/screenshots/**"] },
  ...nextCoreWebVitals,
  ...nextTypeScript,
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // `const { secret: _secret, ...rest } = x` is how the code drops a field; `_` marks what is unused on purpose.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      "@typescript-eslint/no-unused-expressions": "error",
      // Recipient chips mark a bad user ID with aria-invalid on their <li> (e2e/images.spec.ts reads it); a deliberate choice.
      "jsx-a11y/role-supports-aria-props": "off",
    },
  },
  {
    // zod only through the project's entry, lib/validation/zod.ts: it turns zod's JIT off (the CSP
    // has no 'unsafe-eval') and names what the console uses (zod's namespace carries every locale).
    // zod's locale files stay importable one by one (lib/validation/localize.ts).
    ignores: ["lib/validation/zod-api.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^zod(/(?!v4/locales/).*)?$",
              message: 'Import { z } from "@/lib/validation/zod" (jitless for the CSP, named exports for bundle size).',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read untyped wire payloads (JSON bodies, SDK responses); `any` there is the honest type.
    files: ["**/test/**", "**/*.test.ts", "**/*.test.tsx", "e2e/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // The one CJS-interop boundary with the untyped @alicloud SDK; its classes are unwrapped by shape.
    files: ["lib/ens/sdk.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
];

export default config;
