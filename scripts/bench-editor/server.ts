/**
 * The production build and server for the browser part: `npm run build`, then
 * `npx next start -p 3400` in a process group of its own, stopped by that group's id.
 */
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";

export const PORT = 3400;
export const ORIGIN = `http://localhost:${PORT}`;
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

export function build(): number {
  const t0 = performance.now();
  const r = spawnSync("npm", ["run", "build"], { stdio: ["ignore", "ignore", "inherit"], env });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
  return performance.now() - t0;
}

async function answers(): Promise<boolean> {
  try {
    const res = await fetch(ORIGIN, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

export interface Server {
  stop(): void;
}

export async function startServer(timeoutMs = 60_000): Promise<Server> {
  if (await answers()) throw new Error(`something already answers on port ${PORT}; stop it or it would be measured instead`);
  const child: ChildProcess = spawn("npx", ["next", "start", "-p", String(PORT)], { detached: true, stdio: "ignore", env });
  const stop = () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, "SIGTERM"); // the group started above: npx and next
      } catch {
        // already gone
      }
    }
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    if (await answers()) return { stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  stop();
  throw new Error(`next start did not answer on port ${PORT} within ${timeoutMs / 1000} s`);
}
