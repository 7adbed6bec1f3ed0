#!/usr/bin/env node
/**
 * Writes compiler/pytorch/py-sources.json: the text of every compiler/pytorch/py/*.py file (the
 * PyTorch layers and convert.py of the PyTorch export), which emitPyTorch embeds. The .py files
 * are the source of truth, so they can be run and linted as Python.
 *
 *   node scripts/gen-py-sources.mjs          # rewrite the JSON
 *   node scripts/gen-py-sources.mjs --check  # exit 1 when the JSON is out of date
 */
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const dir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "compiler", "pytorch");
const OUTPUT = join(dir, "py-sources.json");
const files = readdirSync(join(dir, "py"))
  .filter((f) => f.endsWith(".py"))
  .sort();
const text = JSON.stringify(Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, "py", f), "utf8")])), null, 2) + "\n";
if (process.argv.includes("--check")) {
  if (readFileSync(OUTPUT, "utf8") !== text) {
    console.error("compiler/pytorch/py-sources.json is out of date: run node scripts/gen-py-sources.mjs");
    process.exit(1);
  }
} else writeFileSync(OUTPUT, text);
