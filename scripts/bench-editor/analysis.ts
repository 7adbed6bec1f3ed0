/**
 * Part 1, in Node: `analyse()` of a generated graph right after one param edit (the first
 * block's up-projection changes units, alternating between two values so every run is a
 * real change), timed after a warm-up. Wall time is what a person waits; process CPU time
 * beside it stays steady when other jobs share the machine.
 */
import { analyse, setParams } from "@/graph";
import type { GraphDocument } from "@/graph";
import type { BenchGraph } from "./graphs";
import { WIDTH } from "./graphs";
import { median, quantile } from "./stats";

export interface AnalysisTiming {
  name: string;
  nodes: number;
  /** analyse() alone, ms. */
  median: number;
  p95: number;
  /** analyse() alone in process CPU time (all threads, so GC helpers count), ms. */
  cpuMedian: number;
  /** setParams + analyse (what one inspector edit costs the core), ms. */
  editMedian: number;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

export function timeAnalysis(name: string, g: BenchGraph, runs = 30, warmup = 30): AnalysisTiming {
  const edit = (doc: GraphDocument, i: number) => {
    const r = setParams(doc, { id: g.editId, params: { units: i % 2 ? 3 * WIDTH : 4 * WIDTH }, scope: g.editScope });
    if (!r.ok) throw new Error(`the benchmark edit was refused: ${r.message}`);
    return r.graph;
  };
  let doc = g.doc;
  for (let i = 0; i < warmup; i++) analyse((doc = edit(doc, i)));
  const alone: number[] = [];
  const whole: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    doc = edit(doc, i + 1);
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    const a = analyse(doc, { batch: 1 });
    const t2 = performance.now();
    cpu.push(cpuMs(c1));
    if (a.diagnostics.some((d) => d.severity === "error")) throw new Error(`the generated graph has errors: ${a.diagnostics[0].message}`);
    alone.push(t2 - t1);
    whole.push(t2 - t0);
  }
  return { name, nodes: g.nodeCount, median: median(alone), p95: quantile(alone, 0.95), cpuMedian: median(cpu), editMedian: median(whole) };
}
