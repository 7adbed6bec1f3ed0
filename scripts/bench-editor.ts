/**
 * `npm run bench:editor`: the editor's performance goals (issue 4), measured and printed with
 * their ratio to the goal. Not a test: it reports, and exits 1 only when a part fails to run.
 *  1. Node: analyse() right after one param edit on generated 500- and 1,000-node graphs
 *     (a flat residual chain and the same chain in group bodies) — goal ≤ 16 ms at 1,000.
 *  2. Headless Chromium on `next start -p 3400`: edit → labels on screen, and drag frame
 *     times with the 500-node graph open — goal ≥ 30 fps.
 *  3. The initial page's JavaScript, gzipped — goal ≤ 400 KB, tfjs and Monaco only lazily.
 * Env: BENCH_SKIP_BUILD=1 reuses the current `.next` build; BENCH_SKIP_BROWSER=1 runs part 1
 * (and the HTML half of part 3) only.
 */
import { FAR_ZOOM } from "@/components/canvas/zoom";
import { availableParallelism, loadavg } from "node:os";
import { timeAnalysis } from "./bench-editor/analysis";
import { measureBrowser, frameSummary } from "./bench-editor/browser";
import { chunkInfo, fileOfUrl, htmlChunks, lazyChunks, sumBytes, sumGzip } from "./bench-editor/bundle";
import type { Chunk } from "./bench-editor/bundle";
import { groupedChain, residualChain } from "./bench-editor/graphs";
import { build, PORT, startServer } from "./bench-editor/server";
import { kb, median, ms, quantile, verdict } from "./bench-editor/stats";

const GOAL_ANALYSIS_MS = 16;
const GOAL_FPS = 30;
const GOAL_INITIAL_JS = 400 * 1024;

function part1() {
  console.log("\n1. analyse() after one param edit (Node, median of 30 runs after 30 warm-up runs)");
  const cases = [
    ["flat residual chain", residualChain(500)],
    ["flat residual chain", residualChain(1000)],
    ["chain in group bodies of 10 blocks", groupedChain(500)],
    ["chain in group bodies of 10 blocks", groupedChain(1000)],
  ] as const;
  let worst1000 = 0;
  for (const [name, g] of cases) {
    const t = timeAnalysis(name, g);
    if (g.nodeCount >= 1000) worst1000 = Math.max(worst1000, t.median);
    console.log(
      `   ${String(t.nodes).padStart(5)} nodes, ${name.padEnd(36)} median ${ms(t.median).padStart(9)}  p95 ${ms(t.p95).padStart(9)}  CPU ${ms(t.cpuMedian).padStart(9)}  edit+analyse ${ms(t.editMedian)}`,
    );
  }
  console.log(
    `   goal ≤ ${GOAL_ANALYSIS_MS} ms at 1,000 nodes: worst median ${ms(worst1000)} — ${verdict(worst1000, GOAL_ANALYSIS_MS, true)}`,
  );
}

function printChunks(title: string, chunks: readonly Chunk[]) {
  console.log(`   ${title}: ${chunks.length} files, ${kb(sumBytes(chunks))} raw, ${kb(sumGzip(chunks))} gzipped`);
  for (const c of [...chunks].sort((a, b) => b.gzip - a.gzip)) {
    console.log(
      `     ${c.file.padEnd(44)} ${kb(c.bytes).padStart(10)} ${kb(c.gzip).padStart(10)} gz${c.lazy.length ? `  contains ${c.lazy.join(", ")}!` : ""}`,
    );
  }
}

async function part2and3(skipBrowser: boolean) {
  const html = htmlChunks();
  let initial: Chunk[] | undefined;
  if (!skipBrowser) {
    const g = residualChain(500);
    const dragId = g.doc.nodes[Math.floor(g.doc.nodes.length / 2)].id;
    console.log(
      `\n2. headless Chromium, ${g.nodeCount} nodes / ${g.doc.edges.length} wires opened through the Open button (next start on port ${PORT})`,
    );
    const server = await startServer();
    try {
      const r = await measureBrowser(g, dragId);
      console.log(
        `   open → last node on screen ${ms(r.openMs)}; rendered ${r.renderedNodes} nodes and ${r.renderedEdgeLabels} edge labels (zoom ${r.openZoom.toFixed(2)}${r.openZoom < FAR_ZOOM ? ", the overview" : ""})`,
      );
      console.log(
        `   (a) edit units of ${g.editId} in the inspector → ${g.downstream.map((id) => `shape-${id}`).join(", ")} ${r.renderedEdgeLabels ? ` and ${g.downstreamEdges.length} edge labels` : " (the overview shows no wire labels)"} updated (${r.edit.dom.length} edits):`,
      );
      console.log(
        `       in the DOM: median ${ms(median(r.edit.dom))}, p95 ${ms(quantile(r.edit.dom, 0.95))}; next frame run: median ${ms(median(r.edit.painted))}, p95 ${ms(quantile(r.edit.painted, 0.95))}; main-thread CPU ${ms(r.edit.cpuPerEdit)} per edit`,
      );
      console.log(`   (b) drag ${dragId} 240 px, one mouse move per 60 Hz frame; fps = frames that showed the node moved, per second:`);
      for (const d of r.drags) {
        const f = frameSummary(d.frames);
        const raf = frameSummary(d.rafFrames);
        console.log(
          `       ${d.scenario} (zoom ${d.zoom.toFixed(2)}, ${d.renderedNodes} nodes rendered): ${d.updatesPerSecond.toFixed(1)} fps over ${ms(d.durationMs)}; between updates median ${ms(f.median)}, p95 ${ms(f.p95)}, max ${ms(f.max)}; rAF p95 ${ms(raf.p95)}; main-thread CPU ${ms(d.cpuPerUpdate)} per update (${(1000 / d.cpuPerUpdate).toFixed(0)} fps on a free core)`,
        );
      }
      const worst = Math.min(...r.drags.map((d) => d.updatesPerSecond));
      const worstCpu = Math.min(...r.drags.map((d) => 1000 / d.cpuPerUpdate));
      console.log(
        `       goal ≥ ${GOAL_FPS} fps with ${g.nodeCount} nodes: worst ${worst.toFixed(1)} fps measured — ${verdict(worst, GOAL_FPS, false)}; from CPU per frame ${worstCpu.toFixed(0)} fps — ${verdict(worstCpu, GOAL_FPS, false)}`,
      );
      if (r.pageErrors.length) console.log(`   page errors: ${r.pageErrors.join(" | ")}`);
      initial = [...new Set(r.initialScripts.map(fileOfUrl).filter((f): f is string => !!f))].map(chunkInfo);
    } finally {
      server.stop();
    }
  }
  console.log("\n3. initial page JavaScript (gzip, node:zlib default level)");
  printChunks("named by the prerendered HTML of /", html);
  if (initial) {
    const extra = initial.filter((c) => !html.some((h) => h.file === c.file));
    printChunks("fetched until the editor is on screen (HTML chunks + these)", extra);
    console.log(
      `   total fetched to show the editor: ${kb(sumGzip(initial))} gzipped — goal ≤ ${kb(GOAL_INITIAL_JS)}: ${verdict(sumGzip(initial), GOAL_INITIAL_JS, true)}`,
    );
  } else {
    console.log(
      `   HTML chunks only (browser part skipped): ${kb(sumGzip(html))} gzipped — goal ≤ ${kb(GOAL_INITIAL_JS)}: ${verdict(sumGzip(html), GOAL_INITIAL_JS, true)}`,
    );
  }
  const lazy = lazyChunks();
  const early = lazy.filter((c) => (initial ?? html).some((i) => i.file === c.file));
  console.log(
    `   chunks holding tfjs or Monaco: ${lazy.length ? lazy.map((c) => `${c.file} (${c.lazy.join(", ")}, ${kb(c.gzip)} gz)`).join(", ") : "none in this build"}; loaded initially: ${early.length ? early.map((c) => c.file).join(", ") : "none"}`,
  );
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(" ");

async function main() {
  console.log(
    `bench:editor — node ${process.version}, ${availableParallelism()} cores, load average ${load()} (other jobs slow every wall-clock figure; CPU figures less so)`,
  );
  part1();
  const skipBrowser = process.env.BENCH_SKIP_BROWSER === "1";
  if (!skipBrowser && process.env.BENCH_SKIP_BUILD !== "1") {
    console.log(`\nbuilding (npm run build)…`);
    console.log(`   built in ${(build() / 1000).toFixed(0)} s`);
  }
  await part2and3(skipBrowser);
  console.log(`\nload average at the end: ${load()}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
