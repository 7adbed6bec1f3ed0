/**
 * `analyse(graph)`: the shape on every port, diagnostics, and cost (parameters, FLOPs,
 * activation memory). Pure and fast: no weights are allocated, so a GPT-2-sized graph
 * answers instantly.
 */
import { getBlock } from "./blocks";
import type { BlockDef, PortSpec } from "./blocks";
import { edgeOrder, findCycle, topoSort } from "./topology";
import { evalShape, formatShape, formatTensor, shapesEqual } from "./shapes";
import { findGroup, nodePorts } from "./ports";
import type { Diagnostic, GraphDocument, GraphEdge, GraphNode, TensorType } from "./types";

export interface AnalyseOptions {
  /** Batch size for activation memory (default 1). */
  batch?: number;
  /** Override every bound sequence length for cost (default: the Input blocks' lengths). */
  seqLen?: number;
}

export interface NodeCost {
  params: number;
  embeddingParams: number;
  /** Forward FLOPs for one example (B = 1). */
  flops: number;
  /** Activation bytes at the chosen batch and length (float32). */
  activationBytes: number;
  /** Bytes of that held by attention matrices (B·h·T·S). */
  attentionBytes: number;
}

export interface NodeInfo {
  /** Types arriving at each input port (a multi-wire port lists every wire). */
  inputs: Record<string, TensorType[]>;
  outputs: Record<string, TensorType>;
  cost: NodeCost;
  summary: string;
}

export interface ScopeAnalysis {
  nodes: Record<string, NodeInfo>;
  /** The type on each wire, by edge id. */
  edges: Record<string, TensorType>;
  order: string[];
}

export interface CostTotals extends NodeCost {
  paramsNonEmbedding: number;
  flopsPerSample: number;
  /** FLOPs per position when the input is a sequence; equal to per-sample otherwise. */
  flopsPerToken: number;
  batch: number;
  seqLen: number | undefined;
}

export interface Analysis extends ScopeAnalysis {
  diagnostics: Diagnostic[];
  totals: CostTotals;
  /** Shapes inside each group body, from its first use. */
  groups: Record<string, ScopeAnalysis>;
  /** Symbol values in force, e.g. `{ T: 64 }`. */
  bindings: Record<string, number>;
}

const BYTES = 4;
const zeroCost = (): NodeCost => ({ params: 0, embeddingParams: 0, flops: 0, activationBytes: 0, attentionBytes: 0 });

function addCost(into: NodeCost, c: NodeCost, times = 1) {
  into.params += c.params * times;
  into.embeddingParams += c.embeddingParams * times;
  into.flops += c.flops * times;
  into.activationBytes += c.activationBytes * times;
  into.attentionBytes += c.attentionBytes * times;
}

interface Ctx {
  doc: GraphDocument;
  options: Required<Pick<AnalyseOptions, "batch">> & AnalyseOptions;
  diagnostics: Diagnostic[];
  seen: Set<string>;
  bindings: Record<string, number>;
  groups: Record<string, ScopeAnalysis>;
}

function report(ctx: Ctx, d: Diagnostic) {
  const key = `${d.code}|${d.groupId ?? ""}|${d.nodeId}|${d.port ?? ""}|${d.message}`;
  if (ctx.seen.has(key)) return;
  ctx.seen.add(key);
  ctx.diagnostics.push(d);
}

function acceptsDtype(port: PortSpec, t: TensorType) {
  return port.dtype === "any" || port.dtype === t.dtype;
}

const nameOf = (n: GraphNode) => (n.label ? `${n.label} (${n.id})` : n.id);

/** Costs of one node; FLOPs and memory stay 0 when a dim cannot be evaluated. */
function nodeCost(ctx: Ctx, def: BlockDef, params: unknown, inputs: Record<string, TensorType[]>, outputs: Record<string, TensorType>): NodeCost {
  const cost = zeroCost();
  const shapeCtx = { params, inputs, bindings: ctx.bindings };
  cost.params = def.paramCount(shapeCtx);
  if (def.embedding) cost.embeddingParams = cost.params;
  const concrete = (batch: number) => {
    // Built key by key: spreading a per-node object here was the hottest line of analyse().
    const b: Record<string, number> = {};
    for (const k in ctx.bindings) b[k] = ctx.options.seqLen ?? ctx.bindings[k];
    b.B = batch;
    const ins: Record<string, number[][]> = {};
    for (const [port, ts] of Object.entries(inputs)) {
      const shapes = ts.map((t) => evalShape(t.shape, b));
      if (shapes.some((s) => !s)) return undefined;
      ins[port] = shapes as number[][];
    }
    const outs: Record<string, number[]> = {};
    for (const [port, t] of Object.entries(outputs)) {
      const s = evalShape(t.shape, b);
      if (!s) return undefined;
      outs[port] = s;
    }
    return { params, inputs: ins, outputs: outs };
  };
  const one = concrete(1);
  if (one) cost.flops = def.flops(one);
  const batch = ctx.options.batch === 1 ? one : concrete(ctx.options.batch);
  if (batch) {
    const outElems = Object.values(batch.outputs).reduce((a, s) => a + s.reduce((x, y) => x * y, 1), 0);
    const extra = def.extraActivations?.(batch) ?? 0;
    cost.attentionBytes = extra * BYTES;
    cost.activationBytes = (outElems + extra) * BYTES;
  }
  return cost;
}

/**
 * Analyses one scope (the top level or a group body). `groupInputs` gives the types of a
 * body's `GroupInput` nodes by name; `stack` holds the groups being expanded (recursion check).
 */
function analyseScope(
  ctx: Ctx,
  nodes: GraphNode[],
  edges: GraphEdge[],
  groupId: string | undefined,
  groupInputs: Record<string, TensorType> | undefined,
  stack: string[],
): { scope: ScopeAnalysis; groupOutputs: Record<string, TensorType> } {
  const diag = (d: Omit<Diagnostic, "groupId" | "severity"> & { severity?: Diagnostic["severity"] }) =>
    report(ctx, { ...d, severity: d.severity ?? "error", ...(groupId ? { groupId } : {}) });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ports = new Map(nodes.map((n) => [n.id, nodePorts(ctx.doc, n)]));
  const scope: ScopeAnalysis = { nodes: {}, edges: {}, order: [] };
  const groupOutputs: Record<string, TensorType> = {};

  // A node whose ports cannot be known (unknown type, missing group body, invalid params)
  // gets its one error below; its wires are kept unchecked so neighbours do not pile up errors.
  const resolved = (n: GraphNode) => {
    const def = getBlock(n.type);
    if (!def || !def.params.safeParse(n.params).success) return false;
    return n.type !== "Group" || findGroup(ctx.doc, n.params.group) !== undefined;
  };
  const unresolved = new Set(nodes.filter((n) => !resolved(n)).map((n) => n.id));

  // Wires: drop dangling ones and those naming ports a node does not have.
  const valid: GraphEdge[] = [];
  for (const e of edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t) {
      diag({ code: "dangling-edge", nodeId: s ? e.source : e.target, message: `wire ${e.id} points to a missing node ${s ? e.target : e.source}: delete the wire` });
      continue;
    }
    if (unresolved.has(s.id) || unresolved.has(t.id)) {
      valid.push(e);
      continue;
    }
    if (!ports.get(s.id)!.outputs.some((p) => p.name === e.sourcePort)) {
      diag({ code: "unknown-port", nodeId: s.id, port: e.sourcePort, message: `${nameOf(s)} has no output \`${e.sourcePort}\`: delete the wire` });
      continue;
    }
    if (!ports.get(t.id)!.inputs.some((p) => p.name === e.targetPort)) {
      diag({ code: "unknown-port", nodeId: t.id, port: e.targetPort, message: `${nameOf(t)} has no input \`${e.targetPort}\`: delete the wire` });
      continue;
    }
    valid.push(e);
  }

  const { order, cyclic } = topoSort(nodes.map((n) => n.id), valid);
  if (cyclic.length > 0) {
    const cycle = findCycle(cyclic, valid);
    const text = cycle.map((id) => byId.get(id)?.label || id).join(" → ");
    for (const id of new Set(cycle)) diag({ code: "cycle", nodeId: id, message: `cycle: ${text}; remove one of its wires` });
  }
  scope.order = order;
  const incoming = edgeOrder(valid);
  const outType = new Map<string, TensorType>(); // `${node}:${port}` → type

  for (const id of order) {
    const node = byId.get(id)!;
    const def = getBlock(node.type);
    if (!def) {
      diag({ code: "unknown-block", nodeId: id, message: `unknown block type "${node.type}": delete the node or update Tensorloom` });
      continue;
    }
    const parsed = def.params.safeParse(node.params);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = issue.path.join(".");
        diag({ code: "invalid-param", nodeId: id, message: `${nameOf(node)}: ${key ? `${key}: ` : ""}${issue.message}` });
      }
      continue;
    }
    const params = parsed.data as Record<string, any>;
    const nodePortsOf = ports.get(id)!;

    // Gather what arrives on each input port.
    const inputs: Record<string, TensorType[]> = {};
    let ready = true;
    for (const port of nodePortsOf.inputs) {
      const wires = incoming.get(id)?.get(port.name) ?? [];
      if (wires.length > 1 && !port.multiple) {
        diag({ code: "multiple-connections", nodeId: id, port: port.name, message: `input \`${port.name}\` of ${nameOf(node)} takes one wire, has ${wires.length}: add them with an Add block` });
        ready = false;
      }
      if (wires.length === 0) {
        if (!port.optional) {
          diag({ code: "missing-input", nodeId: id, port: port.name, message: `input \`${port.name}\` of ${nameOf(node)} is not connected` });
        }
        ready = false;
        continue;
      }
      const types: TensorType[] = [];
      for (const w of wires) {
        const t = outType.get(`${w.source}:${w.sourcePort}`);
        if (!t) {
          ready = false;
          continue;
        }
        scope.edges[w.id] = t;
        if (!acceptsDtype(port, t)) {
          const want = port.dtype === "int32" ? "integer token ids" : "float values";
          diag({ code: "dtype-mismatch", nodeId: id, port: port.name, message: `${def.label} needs ${want} on \`${port.name}\`, got ${formatTensor(t)}${port.dtype === "float32" ? ": put an Embedding first" : ": feed it from an Input of kind tokens"}` });
          ready = false;
        } else if (port.rank && !port.rank.includes(t.shape.length)) {
          diag({ code: "rank-mismatch", nodeId: id, port: port.name, message: `${def.label} needs a rank ${port.rank.join(" or ")} tensor on \`${port.name}\` (${rankHint(port.rank)}), got ${formatShape(t.shape)}` });
          ready = false;
        }
        types.push(t);
      }
      inputs[port.name] = types;
    }

    let outputs: Record<string, TensorType> | undefined;
    let cost = zeroCost();
    if (node.type === "GroupInput") {
      const t = groupInputs?.[params.name];
      outputs = t ? { out: t } : undefined;
    } else if (node.type === "Group") {
      if (ready) {
        const expanded = expandGroup(ctx, node, params as { group: string; repeat: number }, inputs, stack, groupId);
        if (expanded) ({ outputs, cost } = expanded);
      }
    } else if (ready) {
      const result = def.inferShape({ params, inputs, bindings: ctx.bindings });
      if (result.ok) {
        outputs = result.outputs;
        for (const [sym, value] of Object.entries(result.bindings ?? {})) {
          const bound = ctx.bindings[sym];
          if (bound !== undefined && bound !== value) {
            diag({ code: "shape-mismatch", nodeId: id, message: `two inputs call their length ${sym} but have ${bound} and ${value} positions: give one of them length symbol S, or the same length` });
          } else ctx.bindings[sym] = value;
        }
        for (const w of result.warnings ?? []) diag({ ...w, nodeId: id, severity: "warning" });
        if (node.type === "GroupOutput") groupOutputs[params.name] = inputs.x[0];
        else cost = nodeCost(ctx, def, params, inputs, outputs);
        if (node.type === "Linear" && params.tieTo) checkTie(ctx, node, params, inputs.x[0], diag);
      } else {
        for (const issue of result.issues) diag({ code: issue.code, nodeId: id, port: issue.port, message: issue.message, severity: issue.severity });
      }
    }
    for (const [port, t] of Object.entries(outputs ?? {})) outType.set(`${id}:${port}`, t);
    scope.nodes[id] = { inputs, outputs: outputs ?? {}, cost, summary: def.summary(params) };
  }
  return { scope, groupOutputs };
}

function rankHint(rank: readonly number[]): string {
  const names: Record<number, string> = { 1: "B", 2: "B×F or B×T", 3: "B×T×C", 4: "B×h×T×d" };
  return rank.map((r) => names[r] ?? `rank ${r}`).join(" or ");
}

function checkTie(ctx: Ctx, node: GraphNode, params: Record<string, any>, x: TensorType, diag: (d: Omit<Diagnostic, "groupId" | "severity">) => void) {
  const target = ctx.doc.nodes.find((n) => n.id === params.tieTo) ?? ctx.doc.groups.flatMap((g) => g.nodes).find((n) => n.id === params.tieTo);
  if (!target || target.type !== "Embedding") {
    diag({ code: "tie-target", nodeId: node.id, message: `${nameOf(node)} is tied to "${params.tieTo}", which is not an Embedding block: pick an Embedding or clear tieTo` });
    return;
  }
  const parsed = getBlock("Embedding")!.params.safeParse(target.params);
  if (!parsed.success) return; // the Embedding reports its own invalid params
  const emb = parsed.data as { vocabSize: number; dim: number };
  const C = x.shape[x.shape.length - 1];
  if (emb.vocabSize !== params.units) diag({ code: "tie-target", nodeId: node.id, message: `a head tied to ${target.id} needs units = its vocab (${emb.vocabSize}), has ${params.units}` });
  if (emb.dim !== C) diag({ code: "tie-target", nodeId: node.id, message: `a head tied to ${target.id} needs input width = its dim (${emb.dim}), got ${C}` });
}

/** Runs a group body `repeat` times in a chain; returns the last outputs and the summed cost. */
function expandGroup(
  ctx: Ctx,
  node: GraphNode,
  params: { group: string; repeat: number },
  inputs: Record<string, TensorType[]>,
  stack: string[],
  parentGroup: string | undefined,
): { outputs: Record<string, TensorType>; cost: NodeCost } | undefined {
  const where = parentGroup ? { groupId: parentGroup } : {};
  const group = findGroup(ctx.doc, params.group);
  if (!group) {
    report(ctx, { code: "unknown-group", severity: "error", nodeId: node.id, message: `${nameOf(node)} refers to a missing block body "${params.group}": delete the node`, ...where });
    return undefined;
  }
  if (stack.includes(group.id)) {
    report(ctx, { code: "group-recursion", severity: "error", nodeId: node.id, message: `block "${group.name}" contains itself: ${[...stack, group.id].join(" → ")}; remove the inner block node`, ...where });
    return undefined;
  }
  const first: Record<string, TensorType> = {};
  for (const [name, ts] of Object.entries(inputs)) first[name] = ts[0];
  const { scope, groupOutputs } = analyseScope(ctx, group.nodes, group.edges, group.id, first, [...stack, group.id]);
  ctx.groups[group.id] ??= scope;
  const once = zeroCost();
  for (const info of Object.values(scope.nodes)) addCost(once, info.cost);
  if (params.repeat > 1) {
    for (const [name, t] of Object.entries(groupOutputs)) {
      const fed = first[name];
      if (fed && !shapesEqual(fed.shape, t.shape)) {
        report(ctx, { code: "group-interface", severity: "error", nodeId: node.id, message: `block output \`${name}\` is ${formatShape(t.shape)} but its input \`${name}\` is ${formatShape(fed.shape)}: a repeated block must keep the shape`, ...where });
        return undefined;
      }
    }
  }
  const cost = zeroCost();
  addCost(cost, once, params.repeat);
  return { outputs: groupOutputs, cost };
}

/** Node ids of `nodes` from which some node in `sinks` can be reached along `edges`. */
function reaching(nodes: GraphNode[], edges: GraphEdge[], sinks: string[]): Set<string> {
  const back = new Map<string, string[]>();
  for (const e of edges) {
    const list = back.get(e.target);
    if (list) list.push(e.source);
    else back.set(e.target, [e.source]);
  }
  const seen = new Set(sinks);
  const stack = [...sinks];
  while (stack.length) {
    for (const s of back.get(stack.pop()!) ?? []) {
      if (!seen.has(s)) {
        seen.add(s);
        stack.push(s);
      }
    }
  }
  return seen;
}

function checkReachability(ctx: Ctx, nodes: GraphNode[], edges: GraphEdge[], sinkType: string, groupId?: string) {
  const sinks = nodes.filter((n) => n.type === sinkType).map((n) => n.id);
  if (sinks.length === 0) {
    if (!groupId) report(ctx, { code: "no-output", severity: "error", nodeId: "", message: "the graph has no Output block: add one to say what the network predicts and which loss to train" });
    else report(ctx, { code: "group-interface", severity: "error", nodeId: "", groupId, message: "this block body has no Block output node" });
    return;
  }
  const live = reaching(nodes, edges, sinks);
  for (const n of nodes) {
    if (!live.has(n.id)) {
      report(ctx, {
        code: "unreachable",
        severity: "warning",
        nodeId: n.id,
        ...(groupId ? { groupId } : {}),
        message: `${nameOf(n)} does not lead to ${groupId ? "a block output" : "an Output"}; it will not be trained`,
      });
    }
  }
}

/**
 * Analyses a graph document.
 * @example analyse(doc).edges["e1"] // { shape: ["B", "T", 128], dtype: "float32" }
 */
export function analyse(doc: GraphDocument, options: AnalyseOptions = {}): Analysis {
  const ctx: Ctx = { doc, options: { batch: 1, ...options }, diagnostics: [], seen: new Set(), bindings: {}, groups: {} };
  const { scope } = analyseScope(ctx, doc.nodes, doc.edges, undefined, undefined, []);
  checkReachability(ctx, doc.nodes, doc.edges, "Output");
  for (const g of doc.groups) {
    checkReachability(ctx, g.nodes, g.edges, "GroupOutput", g.id);
    // A body no Group node uses is still checked for structure (shapes stay unknown).
    if (!ctx.groups[g.id]) ctx.groups[g.id] = analyseScope(ctx, g.nodes, g.edges, g.id, undefined, [g.id]).scope;
  }
  const total = zeroCost();
  for (const info of Object.values(scope.nodes)) addCost(total, info.cost);
  const lengths = Object.values(ctx.bindings);
  const seqLen = options.seqLen ?? (lengths.length ? Math.max(...lengths) : undefined);
  const sequenceInput = doc.nodes.some((n) => n.type === "Input" && n.params.kind !== "features");
  return {
    ...scope,
    groups: ctx.groups,
    bindings: ctx.bindings,
    diagnostics: ctx.diagnostics,
    totals: {
      ...total,
      paramsNonEmbedding: total.params - total.embeddingParams,
      flopsPerSample: total.flops,
      flopsPerToken: sequenceInput && seqLen ? total.flops / seqLen : total.flops,
      batch: ctx.options.batch,
      seqLen,
    },
  };
}

/** True when analysis found no error (warnings allowed). */
export function isValid(a: Analysis): boolean {
  return !a.diagnostics.some((d) => d.severity === "error");
}
