/**
 * A small builder for graph documents, used by presets and tests. Ids are readable and
 * deterministic per builder (`linear1`, `attn2`), never from a module-level counter.
 *
 * @example
 * const b = createBuilder("mlp");
 * const x = b.node("Input", { kind: "features", features: 2 });
 * const h = b.node("Linear", { units: 16 }, { x });
 * b.node("Output", { kind: "classification" }, { x: b.node("Linear", { units: 2 }, { x: h }) });
 * const doc = b.build();
 */
import { defaultParams, getBlock } from "./blocks";
import { GRAPH_FORMAT } from "./types";
import type { GraphDocument, GraphEdge, GraphMeta, GraphNode, GroupDef } from "./types";

/** An output port of a node. */
export interface Ref {
  id: string;
  port: string;
}

export type Wiring = Record<string, Ref | Ref[]>;

export interface NodeOptions {
  id?: string;
  label?: string;
}

/** Id prefixes that read better than the lower-cased type (`attn1`, not `multiheadattention1`). */
const ID_PREFIX: Record<string, string> = {
  MultiHeadAttention: "attn",
  ScaledDotProductAttention: "sdpa",
  PositionEmbedding: "pos",
  SinusoidalPositionalEncoding: "sinpos",
  LayerNorm: "ln",
  RMSNorm: "rms",
  Embedding: "emb",
  Activation: "act",
  SplitHeads: "split",
  MergeHeads: "merge",
  SimpleRNN: "rnn",
  GroupInput: "in",
  GroupOutput: "out",
};

/** The readable id prefix of a block type: `idPrefixFor("LayerNorm")` → `"ln"`. */
export function idPrefixFor(type: string): string {
  return ID_PREFIX[type] ?? type.toLowerCase();
}

export interface Builder {
  /** Adds a node with params (defaults filled in) wired from `inputs`; returns its first output. */
  node(type: string, params?: Record<string, unknown>, inputs?: Wiring, options?: NodeOptions): Ref;
  /** Another output port of a node: `b.port(group, "x")`. */
  port(ref: Ref, port: string): Ref;
  /**
   * Defines a group body with named inputs; `body` wires it and returns its named outputs.
   * Returns the group id, for a `Group` node's `group` param.
   */
  group(
    name: string,
    inputNames: string[],
    body: (g: Builder, inputs: Record<string, Ref>) => Record<string, Ref>,
    options?: { id?: string },
  ): string;
  build(meta?: GraphMeta): GraphDocument;
}

function scopeBuilder(counters: Map<string, number>, groups: GroupDef[], nodes: GraphNode[], edges: GraphEdge[], name: string): Builder {
  const nextId = (prefix: string) => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return `${prefix}${n}`;
  };
  const self: Builder = {
    node(type, params = {}, inputs = {}, options = {}) {
      const def = getBlock(type);
      if (!def) throw new Error(`unknown block type ${type}`);
      const full = type === "Group" ? { repeat: 1, ...params } : { ...defaultParams(type), ...params };
      const id = options.id ?? nextId(idPrefixFor(type));
      const column = nodes.length;
      nodes.push({ id, type, ...(options.label ? { label: options.label } : {}), params: full, position: { x: column * 220, y: 0 } });
      for (const [port, refs] of Object.entries(inputs)) {
        for (const ref of Array.isArray(refs) ? refs : [refs]) {
          edges.push({ id: nextId("e"), source: ref.id, sourcePort: ref.port, target: id, targetPort: port });
        }
      }
      const outPort = type === "Group" ? "" : (def.outputs(full as never)[0]?.name ?? "");
      return { id, port: outPort };
    },
    port: (ref, port) => ({ id: ref.id, port }),
    group(groupName, inputNames, body, options = {}) {
      const id = options.id ?? nextId("group");
      const g: GroupDef = { id, name: groupName, nodes: [], edges: [] };
      groups.push(g);
      const inner = scopeBuilder(counters, groups, g.nodes, g.edges, groupName);
      const ins: Record<string, Ref> = {};
      for (const n of inputNames) ins[n] = inner.node("GroupInput", { name: n });
      const outs = body(inner, ins);
      for (const [n, ref] of Object.entries(outs)) inner.node("GroupOutput", { name: n }, { x: ref });
      return id;
    },
    build(meta = {}) {
      return { format: GRAPH_FORMAT, version: 1, name, nodes, edges, groups, meta };
    },
  };
  return self;
}

export function createBuilder(name: string): Builder {
  return scopeBuilder(new Map(), [], [], [], name);
}
