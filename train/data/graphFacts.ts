/**
 * What the data checks need to know about a graph, read from the document and its analysis
 * without compiling anything: the top-level Inputs and Outputs, the width arriving at each
 * Output, the Linear that sets it (the head), and the Embeddings and position tables an Input
 * feeds.
 */
import { evalDim, getBlock } from "../../graph";
import type { Analysis, GraphDocument, GraphNode } from "../../graph";

export interface InputFacts {
  node: GraphNode;
  kind: "features" | "tokens" | "sequence";
  features: number;
  seqLen: number;
  vocabSize: number;
  lengthName: "T" | "S";
}

export interface OutputFacts {
  node: GraphNode;
  kind: "classification" | "language_model" | "regression";
  /** Size of the last axis arriving at the Output (classes or vocabulary); undefined when unknown. */
  width: number | undefined;
  /** The Linear whose units set `width`, when one can be found by walking back through width-keeping blocks. */
  head: GraphNode | undefined;
}

export interface GraphFacts {
  inputs: InputFacts[];
  outputs: OutputFacts[];
}

/** Blocks that keep the last axis: the head's width passes through them unchanged. */
const WIDTH_KEEPING = new Set(["Activation", "Dropout", "LayerNorm", "RMSNorm"]);

/** A node's params with the block's defaults filled in (a stored node may omit some). */
export function paramsOf<T>(node: GraphNode): T {
  const parsed = getBlock(node.type)?.params.safeParse(node.params);
  return (parsed?.success ? parsed.data : node.params) as T;
}

/** How a message names a block: its label and id, or its type and id. */
export function nameOf(node: GraphNode): string {
  return node.label ? `${node.label} (${node.id})` : `${node.type} ${node.id}`;
}

/** The top-level node that feeds `port` of `nodeId`. */
function producer(doc: GraphDocument, nodeId: string, port: string): GraphNode | undefined {
  const edge = doc.edges.find((e) => e.target === nodeId && e.targetPort === port);
  return edge ? doc.nodes.find((n) => n.id === edge.source) : undefined;
}

/** Top-level nodes fed by `nodeId`, following width-keeping blocks, positions and encodings too. */
export function downstream(doc: GraphDocument, nodeId: string, types: ReadonlySet<string>, through: ReadonlySet<string>): GraphNode[] {
  const found: GraphNode[] = [];
  const seen = new Set<string>([nodeId]);
  const queue = [nodeId];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const e of doc.edges.filter((x) => x.source === id)) {
      const n = doc.nodes.find((x) => x.id === e.target);
      if (!n || seen.has(n.id)) continue;
      seen.add(n.id);
      if (types.has(n.type)) found.push(n);
      if (types.has(n.type) || through.has(n.type)) queue.push(n.id);
    }
  }
  return found;
}

/**
 * The Inputs and Outputs of a graph, as the trainer will see them.
 * @example graphFacts(mlp, analyse(mlp)).outputs[0] // { kind: "classification", width: 2, head: logits, … }
 */
export function graphFacts(doc: GraphDocument, analysis: Analysis): GraphFacts {
  const inputs = doc.nodes.filter((n) => n.type === "Input").map((node) => ({ node, ...paramsOf<Omit<InputFacts, "node">>(node) }));
  const outputs = doc.nodes
    .filter((n) => n.type === "Output")
    .map((node) => {
      const x = analysis.nodes[node.id]?.inputs.x?.[0];
      const width = x ? evalDim(x.shape[x.shape.length - 1], analysis.bindings) : undefined;
      let head = producer(doc, node.id, "x");
      for (let i = 0; head && head.type !== "Linear" && i < 8; i++)
        head = WIDTH_KEEPING.has(head.type) ? producer(doc, head.id, "x") : undefined;
      return { node, kind: paramsOf<{ kind: OutputFacts["kind"] }>(node).kind, width, head: head?.type === "Linear" ? head : undefined };
    });
  return { inputs, outputs };
}
