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
