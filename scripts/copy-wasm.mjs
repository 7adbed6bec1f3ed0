// Copies tfjs's single-threaded wasm binaries (plain and SIMD) to public/tfjs-wasm/, where the
// training worker loads them (setWasmPaths("/tfjs-wasm/")). Runs before `next dev` and
// `next build` (predev, prebuild). The threaded binary is left out: its pthread worker fails
// under Next's bundler, and the worker never asks for it.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { fileURLToPath, URL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const from = `${root}node_modules/@tensorflow/tfjs-backend-wasm/dist/`;
const to = `${root}public/tfjs-wasm/`;
const files = ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm"];

mkdirSync(to, { recursive: true });
for (const file of files) {
  if (!existsSync(from + file)) {
    console.error(`copy-wasm: ${from + file} is missing; run npm ci`);
    process.exit(1);
  }
  copyFileSync(from + file, to + file);
}
console.log(`copy-wasm: ${files.join(", ")} → public/tfjs-wasm/`);
