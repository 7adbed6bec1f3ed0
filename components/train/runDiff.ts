/**
 * What differs between two runs: block params, blocks added or removed, wiring, the training
 * settings and the data, as short phrases a person reads in a run list ("units 32 → 64
 * (linear1, linear2), lr 0.01 → 0.003"). Pure, so it is tested without a browser.
 */
import type { GraphDocument, GraphNode } from "@/graph";
import type { TrainSettings } from "./settings";

export interface RunShape {
  doc: GraphDocument;
  settings: TrainSettings;
}

/** One difference: `what` changed `from` → `to`; `where` lists the blocks it applies to. */
export interface RunChange {
  what: string;
  from: string;
  to: string;
  where: string[];
}

/** How a value reads in a diff: numbers without float noise, strings as they are. */
export function showValue(v: unknown): string {
  if (v === undefined) return "—";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
  if (typeof v === "string") return v === "" ? '""' : v;
  return JSON.stringify(v);
}

/** Settings keys under the names the Setup form uses. */
const SETTING_NAMES: Record<string, string> = {
  lr: "lr",
  batchSize: "batch",
  steps: "steps",
  seed: "seed",
  warmupSteps: "warmup",
  weightDecay: "weight decay",
  clipNorm: "clip",
  minLrRatio: "min lr ratio",
  evalEvery: "eval every",
  evalBatches: "eval batches",
};

/** Every block of a document, keyed by its path (`linear1`, `block/attn`). */
function blocks(doc: GraphDocument): Map<string, GraphNode> {
  const out = new Map<string, GraphNode>();
  for (const n of doc.nodes) out.set(n.id, n);
  for (const g of doc.groups) for (const n of g.nodes) out.set(`${g.id}/${n.id}`, n);
  return out;
}

const wires = (doc: GraphDocument) =>
  new Set([
    ...doc.edges.map((e) => `${e.source}.${e.sourcePort}>${e.target}.${e.targetPort}`),
    ...doc.groups.flatMap((g) => g.edges.map((e) => `${g.id}/${e.source}.${e.sourcePort}>${e.target}.${e.targetPort}`)),
  ]);

function keyChanges(a: Record<string, unknown>, b: Record<string, unknown>, name: (k: string) => string): RunChange[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => ({ what: name(k), from: showValue(a[k]), to: showValue(b[k]), where: [] }));
}

/**
 * The differences from run `a` to run `b`, graph first, then data, then settings. Equal param
 * changes on several blocks are one entry with every block in `where`.
 * @example runDiff(run16, run64) // [{ what: "units", from: "16", to: "64", where: ["linear1", "linear2"] }]
 */
export function runDiff(a: RunShape, b: RunShape): RunChange[] {
  const out: RunChange[] = [];
  const before = blocks(a.doc);
  const after = blocks(b.doc);
  const merged = new Map<string, RunChange>();
  for (const [path, n] of after) {
    const old = before.get(path);
    if (!old) {
      out.push({ what: "added", from: "", to: `${path} (${n.type})`, where: [] });
      continue;
    }
    if (old.type !== n.type) {
      out.push({ what: path, from: old.type, to: n.type, where: [] });
      continue;
    }
    for (const c of keyChanges(old.params, n.params, (k) => k)) {
      const key = `${n.type}|${c.what}|${c.from}|${c.to}`;
      const seen = merged.get(key);
      if (seen) seen.where.push(path);
      else {
        const entry = { ...c, where: [path] };
        merged.set(key, entry);
        out.push(entry);
      }
    }
  }
  for (const [path, n] of before) if (!after.has(path)) out.push({ what: "removed", from: `${path} (${n.type})`, to: "", where: [] });
  const wa = wires(a.doc);
  const wb = wires(b.doc);
  if (wa.size !== wb.size || [...wa].some((w) => !wb.has(w))) out.push({ what: "wiring", from: "", to: "changed", where: [] });
  const da = a.settings.dataset as unknown as Record<string, unknown>;
  const db = b.settings.dataset as unknown as Record<string, unknown>;
  if (da.kind !== db.kind) out.push({ what: "data", from: String(da.kind), to: String(db.kind), where: [] });
  else out.push(...keyChanges(da, db, (k) => (k === "name" ? "data" : `data ${k}`)));
  out.push(
    ...keyChanges(
      a.settings.config as unknown as Record<string, unknown>,
      b.settings.config as unknown as Record<string, unknown>,
      (k) => SETTING_NAMES[k] ?? k,
    ),
  );
  return out;
}

/** One change as a phrase: `units 16 → 64 (linear1, linear2)`, `added attn (MultiHeadAttention)`. */
export function describeChange(c: RunChange): string {
  if (c.what === "added") return `added ${c.to}`;
  if (c.what === "removed") return `removed ${c.from}`;
  if (c.what === "wiring") return "wiring changed";
  const where = c.where.length ? ` (${c.where.join(", ")})` : "";
  return `${c.what} ${c.from} → ${c.to}${where}`;
}

/**
 * The whole diff as one line, at most `max` phrases ("… and 3 more"); "same graph and settings"
 * when nothing differs.
 */
export function describeDiff(changes: RunChange[], max = 4): string {
  if (!changes.length) return "same graph and settings";
  const shown = changes.slice(0, max).map(describeChange);
  return changes.length > max ? `${shown.join(", ")} and ${changes.length - max} more` : shown.join(", ");
}
