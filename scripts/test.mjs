#!/usr/bin/env node
// Runs every suite (lint, typecheck, Vitest, Playwright) and ends with one line
// "N passed, N failed" summed over all of them. Lint and typecheck count as one check each.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const outDir = join(process.cwd(), "test-results");
mkdirSync(outDir, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function check(name, cmd, args) {
  const status = run(cmd, args);
  if (status === 0) totals.passed += 1;
  else totals.failed += 1;
  lines.push(`${name}: ${status === 0 ? "passed" : "FAILED"}`);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function ensureChromium() {
  if (existsSync("/usr/bin/chromium")) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    console.log("chromium: /usr/bin/chromium missing and not root; using Playwright's own browser if installed");
    return;
  }
  console.log("chromium: installing Debian's chromium with apt-get");
  run("apt-get", ["update", "-qq"]);
  run("apt-get", ["install", "-y", "-qq", "chromium"], { DEBIAN_FRONTEND: "noninteractive" });
}

/** The PyTorch export's tests run real PyTorch on /usr/bin/python3: install Debian's when it lacks torch. */
function ensureTorch() {
  if (run("/usr/bin/python3", ["-c", "import torch"]) === 0) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    console.log(
      "torch: /usr/bin/python3 cannot import torch and not root; the PyTorch export tests will fail (apt-get install -y python3-torch libopenblas0-pthread)",
    );
    return;
  }
  console.log("torch: installing Debian's python3-torch with apt-get");
  run("apt-get", ["update", "-qq"]);
  run("apt-get", ["install", "-y", "-qq", "python3-torch", "libopenblas0-pthread"], { DEBIAN_FRONTEND: "noninteractive" });
}
ensureTorch();

check("lint", "npm", ["run", "--silent", "lint"]);
check("typecheck", "npx", ["tsc", "--noEmit", "-p", "tsconfig.json"]);

// Vitest
const vitestJson = join(outDir, "vitest.json");
rmSync(vitestJson, { force: true });
const vStatus = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);
const v = readJson(vitestJson);
if (v) {
  totals.passed += v.numPassedTests ?? 0;
  totals.failed += v.numFailedTests ?? 0;
  totals.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  // A suite that fails to load has no failed tests but must still count.
  const brokenFiles = (v.testResults ?? []).filter((f) => f.status === "failed" && (f.assertionResults ?? []).length === 0).length;
  totals.failed += brokenFiles;
  if (vStatus !== 0 && (v.numFailedTests ?? 0) === 0 && brokenFiles === 0) totals.failed += 1;
  lines.push(`vitest: ${v.numPassedTests} passed, ${v.numFailedTests} failed${brokenFiles ? `, ${brokenFiles} files failed to load` : ""}`);
} else {
  totals.failed += 1;
  lines.push("vitest: FAILED (no report)");
}

// Playwright
ensureChromium();
const pwJson = join(outDir, "playwright.json");
rmSync(pwJson, { force: true });
const pStatus = run("npx", ["playwright", "test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
const p = readJson(pwJson);
if (p && p.stats) {
  const passed = (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
  const failed = p.stats.unexpected ?? 0;
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += p.stats.skipped ?? 0;
  if (pStatus !== 0 && failed === 0) totals.failed += 1;
  lines.push(`playwright: ${passed} passed, ${failed} failed`);
} else {
  totals.failed += 1;
  lines.push("playwright: FAILED (no report)");
}

console.log("");
for (const l of lines) console.log(l);
// Skipped tests (e.g. one whose dependency cannot run on this machine) are named on a line of their own,
// so the last line stays exactly "N passed, N failed".
if (totals.skipped) console.log(`skipped: ${totals.skipped}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
