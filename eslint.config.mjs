// Lint, and the layering of DESIGN.md: each core folder imports only what sits above it.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

const react = ["react", "react-dom", "react/*", "react-dom/*", "next", "next/*", "@xyflow/*", "zustand", "zustand/*", "zundo"];
const ours = (folders) =>
  folders.flatMap((f) => [`@/${f}`, `@/${f}/*`, `../${f}`, `../${f}/*`, `../../${f}`, `../../${f}/*`, `../../../${f}/*`]);
const restrict = (patterns, message) => ({
  "no-restricted-imports": ["error", { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "public/**",
      "next-env.d.ts",
      "tests/fixtures/**",
      "tmp/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,mts}"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    files: ["scripts/**/*.mjs"],
    languageOptions: { globals: { console: "readonly", process: "readonly" } },
  },
  {
    files: ["components/**/*.tsx", "app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
  {
    files: ["graph/**/*.ts"],
    rules: restrict(
      [...react, "@tensorflow/*", ...ours(["compiler", "train", "presets", "components", "app", "cli"])],
      "graph/ is the pure core: no React, tfjs, zustand or other folders of ours (DESIGN.md).",
    ),
  },
  {
    files: ["compiler/**/*.ts"],
    rules: restrict(
      [...react, ...ours(["train", "presets", "components", "app", "cli"])],
      "compiler/ imports only graph/ and tfjs (DESIGN.md).",
    ),
  },
  {
    files: ["train/**/*.ts"],
    rules: restrict(
      [...react, ...ours(["presets", "components", "app", "cli"])],
      "train/ imports only graph/, compiler/ and tfjs (DESIGN.md).",
    ),
  },
  {
    files: ["presets/**/*.ts"],
    rules: restrict(
      [...react, "@tensorflow/*", ...ours(["compiler", "train", "components", "app", "cli"])],
      "presets/ imports only graph/ (DESIGN.md).",
    ),
  },
  {
    files: ["cli/**/*.ts"],
    rules: restrict([...react, ...ours(["components", "app"])], "cli/ uses the core, never React (DESIGN.md)."),
  },
);
