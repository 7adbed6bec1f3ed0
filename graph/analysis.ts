/**
 * `analyse(graph)`: the shape on every port, diagnostics, and cost (parameters, FLOPs,
 * activation memory). Pure and fast: no weights are allocated, so a GPT-2-sized graph
 * answers instantly.
 */
import { getBlock } from "./blocks";
import type { PortSpec } from "./blocks";
import { checkDocumentLimits, checkReachability, checkTie, cycleText, expansionMessage, lastStateSource, nameOf, rankHint } from "./checks";
import { addCost, nodeCost, zeroCost } from "./cost";
import type { NodeCost } from "./cost";
import { groupStructure } from "./expansion";
import type { GroupStructure } from "./expansion";
import { formatCount } from "./expansion";
import { LIMITS } from "./limits";
import { emptyRecord } from "./record";
import { edgeOrder, findCycle, topoSort } from "./topology";
import { formatShape, formatTensor, shapesEqual } from "./shapes";
import { findGroup, nodePorts } from "./ports";
import type { Diagnostic, GraphDocument, GraphEdge, GraphNode, TensorType } from "./types";

export type { NodeCost } from "./cost";

export interface AnalyseOptions {
  /** Batch size for activation memory (default 1). */
  batch?: number;
  /** Override every bound sequence length for cost (default: the Input blocks' lengths). */
  seqLen?: number;
}

export interface NodeInfo {
  /** Types arriving at each input port (a multi-wire port lists every wire). */
  inputs: Record<string, TensorType[]>;
  outputs: Record<string, TensorType>;
  cost: NodeCost;
  summary: string;
}

/** One scope's results. Every record here is keyed by document strings and has no prototype. */
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

/** One analysis of a group body for one set of input types, reused by every Group node that runs it so. */
interface BodyResult {
  scope: ScopeAnalysis;
  groupOutputs: Record<string, TensorType>;
  once: NodeCost;
}

interface Ctx {
  doc: GraphDocument;
  options: Required<Pick<AnalyseOptions, "batch">> & AnalyseOptions;
  diagnostics: Diagnostic[];
  seen: Set<string>;
  bindings: Record<string, number>;
  groups: Record<string, ScopeAnalysis>;
  structure: GroupStructure;
  /** Body analyses by body id and input types: a body used many times is analysed once per input. */
  bodies: Map<string, BodyResult>;
}

const reporter = (ctx: Ctx) => (d: Diagnostic) => report(ctx, d);

function report(ctx: Ctx, d: Diagnostic) {
  const key = `${d.code}|${d.groupId ?? ""}|${d.nodeId}|${d.port ?? ""}|${d.message}`;
  if (ctx.seen.has(key)) return;
  ctx.seen.add(key);
  ctx.diagnostics.push(d);
}

function acceptsDtype(port: PortSpec, t: TensorType) {
  return port.dtype === "any" || port.dtype === t.dtype;
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
  const scope: ScopeAnalysis = { nodes: emptyRecord(), edges: emptyRecord(), order: [] };
  const groupOutputs = emptyRecord<TensorType>();

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
      diag({
        code: "dangling-edge",
        nodeId: s ? e.source : e.target,
        message: `wire ${e.id} points to a missing node ${s ? e.target : e.source}: delete the wire`,
      });
      continue;
    }
    if (unresolved.has(s.id) || unresolved.has(t.id)) {
      valid.push(e);
      continue;
    }
    if (!ports.get(s.id)!.outputs.some((p) => p.name === e.sourcePort)) {
      diag({
        code: "unknown-port",
        nodeId: s.id,
        port: e.sourcePort,
        message: `${nameOf(s)} has no output \`${e.sourcePort}\`: delete the wire`,
      });
      continue;
    }
    if (!ports.get(t.id)!.inputs.some((p) => p.name === e.targetPort)) {
      diag({
        code: "unknown-port",
        nodeId: t.id,
        port: e.targetPort,
        message: `${nameOf(t)} has no input \`${e.targetPort}\`: delete the wire`,
      });
      continue;
    }
    valid.push(e);
  }

  const { order, cyclic } = topoSort(
    nodes.map((n) => n.id),
    valid,
  );
  if (cyclic.length > 0) {
    const cycle = findCycle(cyclic, valid);
    const text = cycleText(cycle.map((id) => byId.get(id)?.label || id));
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
    const inputs = emptyRecord<TensorType[]>();
    let ready = true;
    for (const port of nodePortsOf.inputs) {
      const wires = incoming.get(id)?.get(port.name) ?? [];
      if (wires.length > LIMITS.inputsPerPort) {
        diag({
          code: "too-large",
          nodeId: id,
          port: port.name,
          message: `input \`${port.name}\` of ${nameOf(node)} has ${formatCount(wires.length)} wires; the limit is ${formatCount(LIMITS.inputsPerPort)}: add them in stages`,
        });
        ready = false;
        continue;
      }
      if (wires.length > 1 && !port.multiple) {
        diag({
          code: "multiple-connections",
          nodeId: id,
          port: port.name,
          message: `input \`${port.name}\` of ${nameOf(node)} takes one wire, has ${wires.length}: add them with an Add block`,
        });
        ready = false;
      }
      if (wires.length === 0) {
        if (!port.optional) {
          diag({
            code: "missing-input",
            nodeId: id,
            port: port.name,
            message: `input \`${port.name}\` of ${nameOf(node)} is not connected`,
          });
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
          diag({
            code: "dtype-mismatch",
            nodeId: id,
            port: port.name,
            message: `${def.label} needs ${want} on \`${port.name}\`, got ${formatTensor(t)}${port.dtype === "float32" ? ": put an Embedding first" : ": feed it from an Input of kind tokens"}`,
          });
          ready = false;
        } else if (port.rank && !port.rank.includes(t.shape.length)) {
          const lastState = port.rank.includes(3) && t.shape.length === 2 ? lastStateSource(byId, incoming, w.source) : undefined;
          diag({
            code: "rank-mismatch",
            nodeId: id,
            port: port.name,
            message: lastState
              ? `${def.label} needs time (B×T×C) on \`${port.name}\`, got ${formatShape(t.shape)}: ${nameOf(lastState)} outputs only its last state (B×h); turn on Return sequences on ${lastState.id}`
              : `${def.label} needs a rank ${port.rank.join(" or ")} tensor on \`${port.name}\` (${rankHint(port.rank)}), got ${formatShape(t.shape)}`,
          });
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
            diag({
              code: "shape-mismatch",
              nodeId: id,
              message: `two inputs call their length ${sym} but have ${bound} and ${value} positions: give one of them length symbol S, or the same length`,
            });
          } else ctx.bindings[sym] = value;
        }
        for (const w of result.warnings ?? []) diag({ ...w, nodeId: id, severity: "warning" });
        if (node.type === "GroupOutput") groupOutputs[params.name] = inputs.x[0];
        else
          cost = nodeCost(def, params, inputs, outputs, { bindings: ctx.bindings, batch: ctx.options.batch, seqLen: ctx.options.seqLen });
        if (node.type === "Linear" && params.tieTo) checkTie(ctx.doc, node, params, inputs.x[0], diag);
      } else {
        for (const issue of result.issues)
          diag({ code: issue.code, nodeId: id, port: issue.port, message: issue.message, severity: issue.severity });
      }
    }
    for (const [port, t] of Object.entries(outputs ?? {})) outType.set(`${id}:${port}`, t);
    scope.nodes[id] = { inputs, outputs: Object.assign(emptyRecord<TensorType>(), outputs), cost, summary: def.summary(params) };
  }
  return { scope, groupOutputs };
}

/**
 * Runs a group body `repeat` times in a chain; returns the last outputs and the summed cost.
 * The body is analysed once per distinct input types (not once per copy, nor per Group node),
 * and its nesting depth and expanded size are checked before anything inside it is looked at.
 */
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
    report(ctx, {
      code: "unknown-group",
      severity: "error",
      nodeId: node.id,
      message: `${nameOf(node)} refers to a missing block body "${params.group}": delete the node`,
      ...where,
    });
    return undefined;
  }
  if (stack.includes(group.id)) {
    report(ctx, {
      code: "group-recursion",
      severity: "error",
      nodeId: node.id,
      message: `block "${group.name}" contains itself: ${[...stack, group.id].join(" → ")}; remove the inner block node`,
      ...where,
    });
    return undefined;
  }
  const depth = stack.length + ctx.structure.depth(group.id);
  if (depth > LIMITS.groupDepth) {
    report(ctx, {
      code: "too-large",
      severity: "error",
      nodeId: node.id,
      message: `${nameOf(node)} nests blocks ${formatCount(depth)} deep; the limit is ${LIMITS.groupDepth}: ungroup some levels`,
      ...where,
    });
    return undefined;
  }
  const layers = params.repeat * ctx.structure.size(group.id);
  if (layers > LIMITS.expandedNodes) {
    report(ctx, {
      code: "too-large",
      severity: "error",
      nodeId: node.id,
      message: expansionMessage(nameOf(node), group.name, params.repeat, layers),
      ...where,
    });
    return undefined;
  }
  const first = emptyRecord<TensorType>();
  for (const [name, ts] of Object.entries(inputs)) first[name] = ts[0];
  const key = `${group.id}\u0000${JSON.stringify(Object.entries(first))}`;
  let body = ctx.bodies.get(key);
  if (!body) {
    const { scope, groupOutputs } = analyseScope(ctx, group.nodes, group.edges, group.id, first, [...stack, group.id]);
    const once = zeroCost();
    for (const info of Object.values(scope.nodes)) addCost(once, info.cost);
    body = { scope, groupOutputs, once };
    ctx.bodies.set(key, body);
  }
  ctx.groups[group.id] ??= body.scope;
  if (params.repeat > 1) {
    for (const [name, t] of Object.entries(body.groupOutputs)) {
      const fed = first[name];
      if (fed && !shapesEqual(fed.shape, t.shape)) {
        report(ctx, {
          code: "group-interface",
          severity: "error",
          nodeId: node.id,
          message: `block output \`${name}\` is ${formatShape(t.shape)} but its input \`${name}\` is ${formatShape(fed.shape)}: a repeated block must keep the shape`,
          ...where,
        });
        return undefined;
      }
    }
  }
  const cost = zeroCost();
  addCost(cost, body.once, params.repeat);
  return { outputs: body.groupOutputs, cost };
}

/**
 * Analyses a graph document. Never throws, whatever the document holds; everything it finds is
 * a diagnostic. Work is linear in the document's size: group bodies are analysed collapsed.
 * @example analyse(doc).edges["e1"] // { shape: ["B", "T", 128], dtype: "float32" }
 */
export function analyse(doc: GraphDocument, options: AnalyseOptions = {}): Analysis {
  const ctx: Ctx = {
    doc,
    options: { batch: 1, ...options },
    diagnostics: [],
    seen: new Set(),
    bindings: emptyRecord(),
    groups: emptyRecord(),
    structure: groupStructure(doc),
    bodies: new Map(),
  };
  const { scope } = analyseScope(ctx, doc.nodes, doc.edges, undefined, undefined, []);
  checkReachability(reporter(ctx), doc.nodes, doc.edges, "Output");
  for (const g of doc.groups) {
    checkReachability(reporter(ctx), g.nodes, g.edges, "GroupOutput", g.id);
    // A body no Group node uses is still checked for structure (shapes stay unknown).
    if (!ctx.groups[g.id]) ctx.groups[g.id] = analyseScope(ctx, g.nodes, g.edges, g.id, undefined, [g.id]).scope;
  }
  const total = zeroCost();
  for (const info of Object.values(scope.nodes)) addCost(total, info.cost);
  checkDocumentLimits(
    reporter(ctx),
    doc,
    ctx.structure,
    total.params,
    ctx.diagnostics.some((d) => d.code === "too-large"),
  );
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
