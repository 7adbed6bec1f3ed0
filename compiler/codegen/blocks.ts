/**
 * One codegen entry per block type: the source that constructs its layer, mirroring
 * compiler/builders.ts arg for arg (args equal to a layer's default are left out, since the
 * layer fills them in and its config comes out the same). Adding a block means one entry here.
 */
import { call, numberLiteral, object, stringLiteral } from "./source";
import type { Doc } from "./source";

/** What an entry gets: the node's params (defaults filled in) and expressions it may use. */
export interface BlockArgs {
  params: Record<string, any>;
  /** The layer name, e.g. `prefix + "attn1"`. */
  name: Doc;
  /** The seed expression of this layer, e.g. `seedAt(2)`. */
  seed(): string;
  /** The init std-dev of residual projections (a module constant). */
  residualStd(): string;
  /** For an Embedding: a tied head uses it with a bias. */
  headBias: boolean;
  /** Rank of each input, batch included. */
  inputRank(port: string): number;
  /** The sizes of the (first) output after the batch axis, when all are numbers. */
  outputSizes(): number[] | undefined;
  /** Names the node in error messages: `node attn1`. */
  where: string;
}

export interface LayerSource {
  /** The layer construction, e.g. `new TLLinear({ … })`. */
  layer: Doc;
  /** The custom class (a snippet id) it needs, if any. */
  snippet?: string;
  /** Input ports in the order the layer takes them (several, or a `multiple` port: an array). */
  ports: string[];
  /** The input port takes several wires. */
  multiple?: boolean;
  /** Output ports in the order the layer returns them. */
  outputs: string[];
}

type Entry = (a: BlockArgs) => LayerSource;
type Args = [string, Doc][];

const num = (a: BlockArgs, key: string): string => numberLiteral(a.params[key], `${a.where}: ${key}`);
const bool = (a: BlockArgs, key: string): string => String(a.params[key] === true);
const str = (a: BlockArgs, key: string): string => stringLiteral(String(a.params[key]), `${a.where}: ${key}`);
/** `[arg, value]` when param `key` differs from the layer's default, else nothing. */
const unless = (a: BlockArgs, key: string, fallback: unknown, value: Doc, arg = key): Args => (a.params[key] === fallback ? [] : [[arg, value]]);

const custom = (cls: string, args: Args, rest: Omit<LayerSource, "layer" | "snippet"> = { ports: ["x"], outputs: ["out"] }): LayerSource => ({
  layer: call(`new ${cls}`, object(args)),
  snippet: cls,
  ...rest,
});
const builtin = (fn: string, args: Args, rest: Omit<LayerSource, "layer"> = { ports: ["x"], outputs: ["out"] }): LayerSource => ({
  layer: call(`tf.layers.${fn}`, object(args)),
  ...rest,
});

function linear(a: BlockArgs): LayerSource {
  const init: Args = a.params.init === "glorot" ? [] : [["init", '"normal"']];
  const stddev: Args = a.params.init === "residual" ? [["stddev", a.residualStd()]] : [];
  return custom("TLLinear", [["name", a.name], ["units", num(a, "units")], ...unless(a, "bias", true, "false", "useBias"), ...init, ...stddev, ["seed", a.seed()]]);
}

function recurrent(fn: string): Entry {
  return (a) => {
    const seed = a.seed();
    const args: Args = [
      ["name", a.name],
      ["units", num(a, "units")],
      ["returnSequences", bool(a, "returnSequences")],
      ["kernelInitializer", call("tf.initializers.glorotUniform", object([["seed", seed]]))],
      ["recurrentInitializer", call("new TLOrthogonal", object([["seed", `${seed} + 1`]]))],
    ];
    return { ...builtin(fn, args), snippet: "TLOrthogonal" };
  };
}

function attention(a: BlockArgs): LayerSource {
  const args: Args = [
    ["name", a.name],
    ["heads", num(a, "heads")],
    ["causal", bool(a, "causal")],
    ...unless(a, "rope", false, "true"),
    ...unless(a, "dropout", 0, num(a, "dropout")),
    ...unless(a, "bias", true, "false", "useBias"),
    ...unless(a, "cross", false, "true"),
    ...(a.params.residualInit === true ? ([["outStddev", a.residualStd()]] as Args) : []),
    ["seed", a.seed()],
  ];
  return custom("TLMultiHeadAttention", args, { ports: a.params.cross === true ? ["query", "context"] : ["x"], outputs: ["out", "weights"] });
}

const ENTRIES: Record<string, Entry> = {
  Linear: linear,
  Activation: (a) => custom("TLActivation", [["name", a.name], ["fn", str(a, "fn")]]),
  Dropout: (a) => builtin("dropout", [["name", a.name], ["rate", num(a, "rate")], ["seed", a.seed()]]),
  Flatten: (a) => builtin("flatten", [["name", a.name]]),
  Reshape: (a) => {
    // The sizes analysis worked out (a −1 resolved), as compile() builds it: tfjs would leave a
    // −1 axis unknown and a Linear after it could not build.
    const shape = ((a.outputSizes() ?? a.params.shape) as unknown[]).map((d, i) => numberLiteral(d, `${a.where}: shape[${i}]`));
    return builtin("reshape", [["name", a.name], ["targetShape", `[${shape.join(", ")}]`]]);
  },
  Concat: (a) => builtin("concatenate", [["name", a.name], ["axis", num(a, "axis")]], { ports: ["x"], multiple: true, outputs: ["out"] }),
  Add: (a) => builtin("add", [["name", a.name]], { ports: ["x"], multiple: true, outputs: ["out"] }),
  Multiply: (a) => builtin("multiply", [["name", a.name]], { ports: ["x"], multiple: true, outputs: ["out"] }),
  Embedding: (a) => {
    const args: Args = [["name", a.name], ["vocabSize", num(a, "vocabSize")], ["dim", num(a, "dim")], ["seed", a.seed()]];
    const rank = a.inputRank("ids");
    if (rank !== 2) args.push(["idsRank", String(rank)]);
    if (a.headBias) args.push(["headBias", "true"]);
    return custom("TLEmbedding", args, { ports: ["ids"], outputs: ["out"] });
  },
  PositionEmbedding: (a) => custom("TLPositionEmbedding", [["name", a.name], ["maxLen", num(a, "maxLen")], ["seed", a.seed()]]),
  SinusoidalPositionalEncoding: (a) => custom("TLSinusoidal", [["name", a.name]]),
  RoPE: (a) => custom("TLRoPE", [["name", a.name], ["heads", num(a, "heads")], ...unless(a, "base", 10_000, num(a, "base"))]),
  SimpleRNN: recurrent("simpleRNN"),
  LSTM: recurrent("lstm"),
  GRU: recurrent("gru"),
  LayerNorm: (a) => custom("TLLayerNorm", [["name", a.name], ...unless(a, "eps", 1e-5, num(a, "eps")), ...unless(a, "affine", true, "false")]),
  RMSNorm: (a) => custom("TLRMSNorm", [["name", a.name], ...unless(a, "eps", 1e-6, num(a, "eps")), ...unless(a, "affine", true, "false")]),
  MultiHeadAttention: attention,
  SplitHeads: (a) => custom("TLSplitHeads", [["name", a.name], ["heads", num(a, "heads")]]),
  MergeHeads: (a) => custom("TLMergeHeads", [["name", a.name]]),
  ScaledDotProductAttention: (a) =>
    custom("TLScaledDotProductAttention", [["name", a.name], ["causal", bool(a, "causal")]], { ports: ["q", "k", "v"], outputs: ["out", "weights"] }),
};

/** The layer source of a (non-structural) block, or undefined for a type with no entry. */
export function layerSource(type: string, args: BlockArgs): LayerSource | undefined {
  return ENTRIES[type]?.(args);
}

/** Block types codegen can emit (a test checks every registry type has an entry). */
export const emittableTypes = new Set([...Object.keys(ENTRIES), "Input", "Output", "Group", "GroupInput", "GroupOutput"]);
