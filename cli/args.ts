/** Reading the CLI's inputs: a graph from a file or `preset:NAME`, and `--set key=value` pairs. */
import { readFileSync } from "node:fs";
import { parseGraph } from "../graph";
import type { GraphDocument } from "../graph";
import { buildPreset, getPreset } from "../presets";

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** `"12"` → 12, `"true"` → true, anything else stays a string. */
export function parseValue(raw: string): unknown {
  if (raw === "true") return true;
  if (raw === "false") return false;
  if (raw.trim() !== "" && Number.isFinite(Number(raw))) return Number(raw);
  return raw;
}

export function parseSets(sets: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of sets) {
    const eq = s.indexOf("=");
    if (eq <= 0) throw new CliError(`--set needs key=value, got "${s}"`, 2);
    out[s.slice(0, eq)] = parseValue(s.slice(eq + 1));
  }
  return out;
}

/**
 * Loads `preset:NAME` (with `--set` on the preset's params) or a JSON file (with `--set
 * nodeId.param=value`). Unreadable input is exit code 2.
 */
export function loadGraph(source: string | undefined, sets: string[]): GraphDocument {
  if (!source) throw new CliError("name a graph: a .json file or preset:NAME (see `preset list`)", 2);
  const overrides = parseSets(sets);
  if (source.startsWith("preset:")) {
    const id = source.slice("preset:".length);
    if (!getPreset(id)) throw new CliError(`unknown preset "${id}"; run \`preset list\``, 2);
    const r = buildPreset(id, overrides);
    if (!r.ok) throw new CliError(r.message, 2);
    return r.graph;
  }
  let text: string;
  try {
    text = readFileSync(source, "utf8");
  } catch (err) {
    throw new CliError(
      `cannot read ${source}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}`,
      2,
    );
  }
  const parsed = parseGraph(text);
  if (!parsed.ok) {
    const e = parsed.errors[0];
    throw new CliError(
      `${source} is not a valid graph: ${e.message}${parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : ""}`,
      2,
    );
  }
  let graph = parsed.graph;
  for (const [key, value] of Object.entries(overrides)) {
    const dot = key.indexOf(".");
    const nodeId = key.slice(0, dot);
    const param = key.slice(dot + 1);
    const node = graph.nodes.find((n) => n.id === nodeId);
    if (dot <= 0 || !node) throw new CliError(`--set ${key}: for a file, use nodeId.param=value with a top-level node id`, 2);
    if (!(param in node.params))
      throw new CliError(
        `--set ${key}: node ${nodeId} (${node.type}) has no param "${param}"; it has ${Object.keys(node.params).join(", ")}`,
        2,
      );
    graph = { ...graph, nodes: graph.nodes.map((n) => (n === node ? { ...n, params: { ...n.params, [param]: value } } : n)) };
  }
  return graph;
}
