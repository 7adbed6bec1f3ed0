/**
 * The shape of a block definition. Every block type is one `BlockDef`: data plus pure
 * functions. Analysis, the inspector, the compiler and codegen all read these.
 */
import type { z } from "zod";
import type { DiagnosticCode, Shape, TensorType } from "../types";

export type Category = "io" | "core" | "sequence" | "normalisation" | "attention" | "structure";

export const CATEGORY_LABELS: Record<Category, string> = {
  io: "Input & output",
  core: "Core",
  sequence: "Sequence",
  normalisation: "Normalisation",
  attention: "Attention",
  structure: "Structure",
};

export interface PortSpec {
  name: string;
  /** `any` accepts both dtypes. */
  dtype: "float32" | "int32" | "any";
  /** Accepted ranks including the batch axis; any rank when absent. */
  rank?: readonly number[];
  /** The port takes several wires (Add, Concat, Multiply). Single otherwise. */
  multiple?: boolean;
  /** May be left unconnected. */
  optional?: boolean;
  doc?: string;
}

/** A problem a block reports about its own inputs or params; analysis adds the node id. */
export interface BlockIssue {
  code: DiagnosticCode;
  port?: string;
  message: string;
  severity?: "error" | "warning";
}

export interface ShapeContext<P> {
  params: P;
  /** Input types by port name; a `multiple` port lists every wire in edge order. */
  inputs: Record<string, TensorType[]>;
  /** Values of the symbols in scope, e.g. `{ T: 64 }` from the Input block. */
  bindings: Record<string, number>;
}

export type ShapeResult =
  | { ok: true; outputs: Record<string, TensorType>; bindings?: Record<string, number>; warnings?: BlockIssue[] }
  | { ok: false; issues: BlockIssue[] };

/** Concrete shapes (batch included) for cost formulas. */
export interface CostContext<P> {
  params: P;
  inputs: Record<string, number[][]>;
  outputs: Record<string, number[]>;
}

/** A value in a lowered layer config: plain JSON, or a token a back end fills in. */
export type ConfigValue = number | string | boolean | null | readonly ConfigValue[] | SeedValue | ResidualStdValue | ObjectValue;

/**
 * The seed of this layer (its flat node id, plus `part` for a second random draw), from the
 * model's seed: compile() resolves it to a number, the TypeScript export to a `layerSeed(…)` call.
 */
export interface SeedValue {
  $: "seed";
  part: string;
}

/** GPT-2's init std-dev for residual projections, base/√R over the model's R such layers. */
export interface ResidualStdValue {
  $: "residualStd";
  base: number;
}

/** An object a layer config holds by class, such as an initializer: `{ className, config }`. */
export interface ObjectValue {
  $: "object";
  className: string;
  config: Record<string, ConfigValue>;
}

export type LayerConfig = Record<string, ConfigValue>;

/**
 * A block as one layer: the registered class (Tensorloom's `TL…` or a tfjs built-in such as
 * `LSTM`), its full config without the name (the back end names it after the node), and how the
 * node's ports map onto the layer's inputs and outputs.
 */
export interface LayerLowering {
  kind: "layer";
  className: string;
  config: LayerConfig;
  /** Input ports in the order the layer takes them; a `multiple` port passes its wires as one list. */
  inputs: string[];
  /** Output ports in the order the layer returns them (several: the layer returns a list). */
  outputs: string[];
  /** Pass the inputs as a list even with one port (a `multiple` port: Add, Concat). */
  list?: boolean;
  /** The output port that carries attention weights [B, h, T, S], for the attention panel. */
  attention?: { port: string; heads: number; causal: boolean };
}

/** A block that applies another node's layer (same scope) again: a head tied to an Embedding. */
export interface ReuseLowering {
  kind: "reuse";
  /** Id of the node whose layer is reused. */
  node: string;
  inputs: string[];
  outputs: string[];
}

/** Where data enters the model: a tf.input of this shape (batch left out) and dtype. */
export interface InputLowering {
  kind: "input";
  shape: number[];
  dtype: "float32" | "int32";
}

/** Where the model's output is taken and scored. */
export interface OutputLowering {
  kind: "output";
}

/** Structure that flattening removes (groups and their ports): no layer. */
export interface StructureLowering {
  kind: "structure";
}

export type Lowering = LayerLowering | ReuseLowering | InputLowering | OutputLowering | StructureLowering;

/** What a lowering may read besides its params: the analysed types and its scope. */
export interface LowerContext {
  /** Input types by port (a `multiple` port lists every wire). */
  inputs: Record<string, TensorType[]>;
  /** Output types by port. */
  outputs: Record<string, TensorType>;
  /** The other nodes of its scope (an Embedding looks for the heads tied to it). */
  peers: readonly { id: string; type: string; params: Record<string, unknown> }[];
  /** This node's id in its scope. */
  id: string;
}

/** Std-dev of the N(0, σ²) inits of GPT-2 (embeddings, projections): stated once, here. */
export const INIT_STD = 0.02;

/** The layer's seed token; `part` names a second random draw of the same layer. */
export const seedValue = (part = ""): SeedValue => ({ $: "seed", part });
/** The residual-projection std-dev token. */
export const residualStd = (): ResidualStdValue => ({ $: "residualStd", base: INIT_STD });
/** An object held by class name in a config (an initializer). */
export const objectValue = (className: string, config: LayerConfig): ObjectValue => ({ $: "object", className, config });

/**
 * A one-input, one-output layer lowering.
 * @example layer("TLLayerNorm", { eps: 1e-5, affine: true }) // x → out
 */
export function layer(className: string, config: LayerConfig, inputs: string[] = ["x"], outputs: string[] = ["out"]): LayerLowering {
  return { kind: "layer", className, config, inputs, outputs };
}

/** Lowering of blocks that flattening removes. */
export const structure = (): StructureLowering => ({ kind: "structure" });

export interface BlockDef<P = any> {
  type: string;
  category: Category;
  label: string;
  /** One line for the palette. */
  description: string;
  /** Two to four sentences on what the block does and why. */
  explanation: string;
  /** KaTeX source of the block's formula. */
  formula: string;
  /** Zod object schema of the params; defaults, ranges and `.describe()` docs live here. */
  params: z.ZodObject<any>;
  inputs(params: P): PortSpec[];
  outputs(params: P): PortSpec[];
  inferShape(ctx: ShapeContext<P>): ShapeResult;
  /** Trainable parameters, given input types whose feature dims are numbers. */
  paramCount(ctx: ShapeContext<P>): number;
  /** True when the block's parameters count as embeddings (excluded from "non-embedding"). */
  embedding?: boolean;
  /** Forward FLOPs (a multiply-add is 2) for the concrete shapes given. */
  flops(ctx: CostContext<P>): number;
  /** Key params inline on the node: `Linear 128`, `Attention 4 heads causal`. */
  summary(params: P): string;
  /**
   * The block as plain data every back end reads (tfjs compile, TypeScript export): its layer
   * class and full config, or its structural role. Pure; no tfjs.
   */
  lower(params: P, ctx: LowerContext): Lowering;
}

/** Identity helper that keeps the param type of a block tied to its schema. */
export function defineBlock<S extends z.ZodObject<any>>(def: BlockDef<z.infer<S>> & { params: S }): BlockDef<z.infer<S>> {
  return def;
}

export type { Shape };
