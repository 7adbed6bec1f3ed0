/** Running /usr/bin/python3 with torch from the tests. */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, expect } from "vitest";
import { exportDir } from "../codegen/harness";

/** Debian's python with torch (the python3 on PATH may lack it). */
export const PYTHON = "/usr/bin/python3";

/** Fails with the install command when /usr/bin/python3 has no torch. */
export function requireTorch(): void {
  const r = spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" });
  if (r.status !== 0) {
    throw new Error(
      `${PYTHON} cannot import torch (${(r.stderr || r.error?.message || "").trim().split("\n").pop()}): run apt-get install -y python3-torch libopenblas0-pthread`,
    );
  }
}

/** Writes `files` (name → text) into `folder`. */
export function writeProject(folder: string, files: Record<string, string>): void {
  mkdirSync(folder, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
}

/**
 * For a test file: the cpu backend, torch required, and a fresh folder under tmp/ removed
 * afterwards; returns a getter of that folder (set once beforeAll has run).
 */
export function useTorchDir(): () => string {
  let root = "";
  let cleanup = () => {};
  beforeAll(async () => {
    expect(await tf.setBackend("cpu")).toBe(true);
    requireTorch();
    ({ dir: root, cleanup } = exportDir());
  });
  afterAll(() => cleanup());
  return () => root;
}
