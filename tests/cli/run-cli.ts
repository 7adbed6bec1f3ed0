/** Runs the real CLI (`tsx cli/main.ts …`) from the repo root, as `npm run cli` does. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const tsx = join(repoRoot, "node_modules", ".bin", "tsx");

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(tsx, ["cli/main.ts", ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 110_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh directory under the OS temp dir; `cleanup` removes it. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "tensorloom-cli-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs the CLI and also reports the peak resident memory, in bytes, of the largest process it
 * started (tsx runs the script in a child node): a preloaded module appends each process's
 * `maxRSS` to a file on exit.
 */
export function runCliMeasuringMemory(args: string[], dir: string): CliResult & { peakRssBytes: number } {
  const hook = join(dir, "max-rss.mjs");
  const log = join(dir, "max-rss.txt");
  writeFileSync(
    hook,
    `import { appendFileSync } from "node:fs";\nprocess.on("exit", () => appendFileSync(${JSON.stringify(log)}, process.resourceUsage().maxRSS + "\\n"));\n`,
  );
  writeFileSync(log, "");
  const nodeOptions = `${process.env.NODE_OPTIONS ?? ""} --import=${pathToFileURL(hook).href}`.trim();
  const r = runCli(args, { NODE_OPTIONS: nodeOptions });
  const kib = readFileSync(log, "utf8").split("\n").filter(Boolean).map(Number);
  return { ...r, peakRssBytes: Math.max(...kib) * 1024 };
}
