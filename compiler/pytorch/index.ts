/**
 * `emitPyTorch(graph)`: a valid graph → a PyTorch project (file name → text): model.py (the same
 * model as compile() builds, one nn.Module per block body, repeated blocks in an nn.ModuleList,
 * layers named after the graph's nodes), convert.py (the app's tfjs weights ↔ a state_dict, by
 * name), requirements.txt and README.md. It walks the same lowering the TypeScript export walks
 * (lowerNode per scope, liveNodes, the analysis's shapes); the layer classes are the Python files
 * in compiler/pytorch/py/, embedded from py-sources.json. Identifiers come from the generator;
 * labels and other user strings enter Python only as escaped string literals.
 */
import { analyse, findGroup, groupInterface, isValid, lowerNode, topoSort } from "../../graph";
import type { Analysis, ConfigValue, GraphDocument, GraphEdge, GraphNode, GroupDef, ScopeAnalysis, TensorType } from "../../graph";
import { CodegenError, Names, formatCount } from "../codegen/source";
import { shapeText } from "../codegen/model";
import { builtParams, liveNodes, residualCount } from "../codegen/structure";
import { compile } from "../compile";
import sources from "./py-sources.json" with { type: "json" };

export interface PyTorchOptions {
  /**
   * The app's weight names and shapes in its model's order (`model.weights`), when the caller has
   * the compiled model; otherwise emitPyTorch compiles the graph once to read them.
   */
  weights?: { name: string; shape: number[] }[];
}

const PY_KEYWORDS =
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type".split(
    " ",
  );
/** Names model.py defines or imports at module level, and nn.Module attributes a layer attribute must not shadow. */
const MODULE_NAMES = [
  ..."math torch F nn np Model INPUTS OUTPUT MODEL_NAME LABELS TFJS_WEIGHTS RESIDUAL_STDDEV MASKED_SCORE ACTIVATIONS".split(" "),
  ..."normal_ glorot_uniform_ orthogonal_ gelu_tanh sinusoid_table apply_rope attend hard_sigmoid".split(" "),
  ..."TLLinear TLEmbedding TLLayerNorm TLRMSNorm TLActivation TLPositionEmbedding TLSinusoidal TLMultiHeadAttention KerasLSTM TLLSTM TLGRU".split(
    " ",
  ),
  ..."TLRoPE TLSplitHeads TLMergeHeads TLScaledDotProductAttention KerasSimpleRNN KerasGRU TLSwiGLU".split(" "),
  // Python built-ins the generated code calls, and the loop variable of repeated blocks.
  ..."block str range super len print list tuple dict int float bool object".split(" "),
];
const MODULE_ATTRIBUTES =
  "self prefix inputs training forward state_dict parameters modules children apply cuda cpu to eval train type float half double bfloat16 zero_grad register_buffer register_parameter add_module named_modules named_parameters buffers load_state_dict requires_grad_ extra_repr dump_patches T_destination call_super_init get_submodule get_parameter".split(
    " ",
  );

/** A user string as a Python string literal: printable ASCII as is, everything else escaped. */
export function pyString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code < 0x100) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += `\\U${code.toString(16).padStart(8, "0")}`;
  }
  return `${out}"`;
}

/** A finite number as a Python literal, naming `where` when it is not one. */
function pyNumber(value: unknown, where: string): string {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new CodegenError(`${where} must be a finite number to export, got ${typeof value === "number" ? String(value) : typeof value}`);
  }
  return String(value);
}

const pyBool = (value: unknown) => (value === true ? "True" : "False");

/** One scope's emitted code: constructor lines and forward lines (unindented), and its outputs by port. */
interface ScopeCode {
  init: string[];
  forward: string[];
  /** GroupOutput name (body) → variable. */
  outputs: Map<string, string>;
  /** Parameters of the layers it builds (every copy of its blocks in full). */
  params: number;
}

interface Scope {
  nodes: GraphNode[];
  edges: GraphEdge[];
  info: ScopeAnalysis;
  group?: GroupDef;
}

interface BodyClass {
  name: string;
  inputs: string[];
  outputs: string[];
  params: number;
}

class PyEmitter {
  private readonly classNames = new Names([...PY_KEYWORDS, ...MODULE_NAMES]);
  private readonly bodies = new Map<string, BodyClass>();
  private readonly classSources: string[] = [];
  residualUsed = false;
  readonly inputs: { name: string; kind: string; shape: number[]; arg: string }[] = [];
  readonly outputs: { name: string; kind: string; variable: string }[] = [];

  constructor(
    private readonly doc: GraphDocument,
    private readonly analysis: Analysis,
  ) {}

  private freshNames(): Names {
    return new Names([...PY_KEYWORDS, ...MODULE_NAMES, ...MODULE_ATTRIBUTES, ...this.classNames.names()]);
  }

  /** The nn.Module class of a block body, emitted on first use. */
  private bodyClass(group: GroupDef): BodyClass {
    const known = this.bodies.get(group.id);
    if (known) return known;
    const name = this.classNames.claim(group.id.length > 0 ? group.id[0].toUpperCase() + group.id.slice(1) : undefined, "Block");
    const ports = groupInterface(group);
    const names = this.freshNames();
    const params = new Map(ports.inputs.map((p) => [p, names.claim(p, "x")]));
    const info = this.analysis.groups[group.id];
    const code = this.emitScope({ nodes: group.nodes, edges: group.edges, info, group }, names, params);
    const body: BodyClass = { name, inputs: ports.inputs, outputs: ports.outputs, params: code.params };
    this.bodies.set(group.id, body);
    const perCopy = Object.values(info.nodes).reduce((sum, n) => sum + n.cost.params, 0);
    const lines = [
      `class ${name}(nn.Module):`,
      `    """One copy of block ${pyString(group.id).slice(1, -1)}: ${formatCount(perCopy)} parameters; its layers are named prefix + their node id in the app."""`,
      "",
      "    def __init__(self, prefix):",
      "        super().__init__()",
      ...(code.init.length > 0 ? code.init.map((l) => `        ${l}`) : []),
      "",
      `    def forward(self, ${[...params.values()].join(", ")}):`,
      ...code.forward.map((l) => `        ${l}`),
      `        return ${ports.outputs.map((p) => code.outputs.get(p)!).join(", ")}`,
    ];
    this.classSources.push(lines.join("\n"));
    return body;
  }

  private emitScope(scope: Scope, names: Names, params?: Map<string, string>): ScopeCode {
    const inGroup = scope.group !== undefined;
    const where = (id: string) => (inGroup ? `node ${id} in block ${scope.group!.id}` : `node ${id}`);
    const byId = new Map(scope.nodes.map((n) => [n.id, n]));
    const incoming = new Map<string, GraphEdge[]>();
    for (const e of scope.edges) (incoming.get(e.target) ?? incoming.set(e.target, []).get(e.target)!).push(e);
    const live = liveNodes(scope.nodes, scope.edges, inGroup ? "GroupOutput" : "Output", scope.info);
    const refs = new Map<string, string>();
    const attrs = new Map<string, string>(); // node id → self attribute
    const code: ScopeCode = { init: [], forward: [], outputs: new Map(), params: 0 };
    const wire = (e: GraphEdge) => {
      const ref = refs.get(`${e.source}:${e.sourcePort}`);
      if (!ref) throw new CodegenError(`${where(e.target)}: its input ${e.targetPort} is not built before it`);
      return ref;
    };
    const wires = (id: string, port: string) => (incoming.get(id) ?? []).filter((e) => e.targetPort === port).map(wire);
    const layerName = (id: string) => (inGroup ? `prefix + ${pyString(id)}` : pyString(id));
    const lastDim = (t: TensorType | undefined, id: string, what: string): string => {
      const d = t?.shape[t.shape.length - 1];
      if (typeof d !== "number")
        throw new CodegenError(`${where(id)}: export to PyTorch needs a fixed size on the last axis of its ${what}`);
      return String(d);
    };
    const attrNames = this.freshNames(); // self.<attribute>s, apart from the forward's locals
    const attr = (id: string) => {
      const a = attrNames.claim(id, "layer");
      attrs.set(id, a);
      return a;
    };

    for (const id of topoSort(
      scope.nodes.map((n) => n.id),
      scope.edges,
    ).order) {
      const node = byId.get(id)!;
      const info = scope.info.nodes[id];
      const lowering = lowerNode(node, info, scope.nodes);
      const shape = shapeText(info?.outputs.out);
      if (node.type === "GroupInput") {
        refs.set(`${id}:out`, params!.get(String(node.params.name))!);
        continue;
      }
      if (node.type === "GroupOutput") {
        code.outputs.set(String(node.params.name), wires(id, "x")[0]);
        continue;
      }
      if (lowering.kind === "input" || lowering.kind === "output") {
        if (inGroup) throw new CodegenError(`${where(id)}: export needs Input and Output blocks at the top level, not inside a block`);
        if (lowering.kind === "output") {
          const kind = String(node.params.kind);
          this.outputs.push({ name: id, kind: kind === "language_model" ? "lm" : kind, variable: wires(id, "x")[0] });
        }
        // Inputs are the forward arguments, named in document order by emit().
        else refs.set(`${id}:out`, this.inputs.find((i) => i.name === id)!.arg);
        continue;
      }
      if (!live.has(id)) continue;
      if (node.type === "Group") {
        this.emitGroup(code, node, info, { attrs: attrNames, locals: names }, refs, inGroup, (port) => wires(id, port));
        continue;
      }
      if (lowering.kind === "structure") continue;
      const ins = lowering.inputs.flatMap((p) => wires(id, p));
      const v = names.claim(id, "h");
      if (lowering.kind === "reuse") {
        const shared = attrs.get(lowering.node);
        if (!shared || inGroup) {
          throw new CodegenError(
            `${where(id)}: export supports reusing the layer of a node built before it at the top level; untie it or move both out of the block`,
          );
        }
        code.forward.push(`${v} = self.${shared}.head(${ins[0]})  # ${shape}, tied to ${shared}`);
        refs.set(`${id}:out`, v);
        continue;
      }
      const c = lowering.config;
      const value = (key: string) => this.value(c[key], `${where(id)}: ${key}`);
      const input = info?.inputs[lowering.inputs[0]]?.[0];
      let ctor: string | undefined;
      let call = "";
      const paramText = `${formatCount(info?.cost.params ?? 0)} params`;
      switch (lowering.className) {
        case "TLLinear":
          ctor = `TLLinear(${lastDim(input, id, "input")}, ${value("units")}, bias=${pyBool(c.useBias)}, init=${pyString(String(c.init))}, stddev=${value("stddev")}, name=${layerName(id)})`;
          break;
        case "TLEmbedding":
          ctor = `TLEmbedding(${value("vocabSize")}, ${value("dim")}, stddev=${value("stddev")}, head_bias=${pyBool(c.headBias)}, name=${layerName(id)})`;
          break;
        case "TLLayerNorm":
        case "TLRMSNorm":
          ctor = `${lowering.className}(${lastDim(input, id, "input")}, eps=${value("eps")}, affine=${pyBool(c.affine)}, name=${layerName(id)})`;
          break;
        case "TLSwiGLU":
          ctor = `TLSwiGLU(${lastDim(input, id, "input")}, ${value("hidden")}, bias=${pyBool(c.useBias)}, stddev=${value("stddev")}, name=${layerName(id)})`;
          break;
        case "TLActivation":
          ctor = `TLActivation(${pyString(String(c.fn))}, name=${layerName(id)})`;
          break;
        case "TLPositionEmbedding":
          ctor = `TLPositionEmbedding(${value("maxLen")}, ${lastDim(input, id, "input")}, stddev=${value("stddev")}, name=${layerName(id)})`;
          break;
        case "TLSinusoidal":
          ctor = `TLSinusoidal(name=${layerName(id)})`;
          break;
        case "LSTM":
          ctor = `KerasLSTM(${lastDim(input, id, "input")}, ${value("units")}, return_sequences=${pyBool(c.returnSequences)}, name=${layerName(id)})`;
          break;
        case "TLLSTM":
          ctor = `TLLSTM(${lastDim(input, id, "input")}, ${value("units")}, return_sequences=${pyBool(c.returnSequences)}, unit_forget_bias=${pyBool(c.unitForgetBias !== false)}, name=${layerName(id)})`;
          break;
        case "TLGRU":
          ctor = `TLGRU(${lastDim(input, id, "input")}, ${value("units")}, return_sequences=${pyBool(c.returnSequences)}, name=${layerName(id)})`;
          break;
        case "TLMultiHeadAttention": {
          const weightsUsed = scope.edges.some((e) => e.source === id && e.sourcePort !== "out" && live.has(e.target));
          const context = c.cross === true ? `, context_dim=${lastDim(info?.inputs[lowering.inputs[1]]?.[0], id, "context")}` : "";
          ctor =
            `TLMultiHeadAttention(${lastDim(input, id, "input")}, ${value("heads")}, causal=${pyBool(c.causal)}, rope=${pyBool(c.rope)}, ` +
            `rope_base=${value("ropeBase")}, dropout=${value("dropout")}, bias=${pyBool(c.useBias)}, cross=${pyBool(c.cross)}${context}, ` +
            `stddev=${value("stddev")}, out_stddev=${value("outStddev")}, need_weights=${pyBool(weightsUsed)}, name=${layerName(id)})`;
          if (weightsUsed) {
            const w = names.claim(`${v}_weights`, `${v}_weights`);
            refs.set(`${id}:weights`, w);
            call = `${v}, ${w} = self.${attr(id)}(${ins.join(", ")})  # ${shape}, ${shapeText(info?.outputs.weights)}; ${paramText}`;
          }
          break;
        }
        case "Add":
          call = `${v} = ${ins.join(" + ")}  # ${shape}`;
          break;
        case "Multiply":
          call = `${v} = ${ins.join(" * ")}  # ${shape}`;
          break;
        case "Concatenate":
          call = `${v} = torch.cat([${ins.join(", ")}], dim=${value("axis")})  # ${shape}`;
          break;
        case "Flatten":
          call = `${v} = ${ins[0]}.flatten(1)  # ${shapeText(input)} → ${shape}`;
          break;
        case "Reshape": {
          const target = Array.isArray(c.targetShape) ? c.targetShape : [];
          const dims = target.map((d, i) => pyNumber(d, `${where(id)}: targetShape[${i}]`));
          call = `${v} = ${ins[0]}.reshape(${[`${ins[0]}.shape[0]`, ...dims].join(", ")})  # ${shapeText(input)} → ${shape}`;
          break;
        }
        case "Dropout":
          ctor = `nn.Dropout(${value("rate")})`;
          break;
        case "TLRoPE":
          ctor = `TLRoPE(${value("heads")}, ${value("base")}, name=${layerName(id)})`;
          break;
        case "TLSplitHeads":
          ctor = `TLSplitHeads(${value("heads")}, name=${layerName(id)})`;
          call = `${v} = self.${attr(id)}(${ins[0]})  # ${shapeText(input)} → ${shape}`;
          break;
        case "TLMergeHeads":
          ctor = `TLMergeHeads(name=${layerName(id)})`;
          call = `${v} = self.${attr(id)}(${ins[0]})  # ${shapeText(input)} → ${shape}`;
          break;
        case "SimpleRNN":
        case "GRU":
          ctor = `Keras${lowering.className}(${lastDim(input, id, "input")}, ${value("units")}, return_sequences=${pyBool(c.returnSequences)}, name=${layerName(id)})`;
          break;
        case "TLScaledDotProductAttention": {
          const weightsUsed = scope.edges.some((e) => e.source === id && e.sourcePort !== "out" && live.has(e.target));
          ctor = `TLScaledDotProductAttention(causal=${pyBool(c.causal)}, need_weights=${pyBool(weightsUsed)}, name=${layerName(id)})`;
          if (weightsUsed) {
            const w = names.claim(`${v}_weights`, `${v}_weights`);
            refs.set(`${id}:weights`, w);
            call = `${v}, ${w} = self.${attr(id)}(${ins.join(", ")})  # ${shape}, ${shapeText(info?.outputs.weights)}`;
          }
          break;
        }
        default:
          throw new CodegenError(`${where(id)}: export to PyTorch does not support ${node.type} blocks (layer ${lowering.className}) yet`);
      }
      code.params += info?.cost.params ?? 0;
      if (ctor !== undefined) {
        const a = attrs.get(id) ?? attr(id);
        code.init.push(`self.${a} = ${ctor}  # ${paramText}`);
        if (!call) call = `${v} = self.${a}(${ins.join(", ")})  # ${shape}`;
      }
      code.forward.push(call);
      refs.set(`${id}:out`, v);
    }
    return code;
  }

  /** A config number: a literal, or RESIDUAL_STDDEV for GPT-2's residual init. */
  private value(v: ConfigValue | undefined, where: string): string {
    if (v !== null && typeof v === "object" && !Array.isArray(v) && (v as { $?: string }).$ === "residualStd") {
      this.residualUsed = true;
      return "RESIDUAL_STDDEV";
    }
    return pyNumber(v, where);
  }

  /** A Group node: an nn.ModuleList of `repeat` copies of its body, applied in a loop. */
  private emitGroup(
    code: ScopeCode,
    node: GraphNode,
    info: ScopeAnalysis["nodes"][string],
    names: { attrs: Names; locals: Names },
    refs: Map<string, string>,
    inGroup: boolean,
    wires: (port: string) => string[],
  ): void {
    const group = findGroup(this.doc, node.params.group)!;
    const body = this.bodyClass(group);
    const repeat = Number(node.params.repeat ?? 1);
    code.params += repeat * body.params;
    const a = names.attrs.claim(node.id, "blocks");
    const outer = inGroup ? "prefix + " : "";
    code.init.push(
      `self.${a} = nn.ModuleList([${body.name}(${outer}${pyString(`${node.id}_`)} + str(i) + "_") for i in range(${repeat})])  # ${formatCount(info?.cost.params ?? 0)} params`,
    );
    const vars = body.outputs.map((p) => names.locals.claim(`${node.id}_${p}`, "h"));
    body.outputs.forEach((p, i) => refs.set(`${node.id}:${p}`, vars[i]));
    const chained = new Map<string, string>();
    body.outputs.forEach((p, i) => body.inputs.includes(p) && chained.set(p, vars[i]));
    for (const [p, v] of chained) code.forward.push(`${v} = ${wires(p)[0]}`);
    const args = body.inputs.map((p) => chained.get(p) ?? wires(p)[0]);
    const shapes = body.outputs.map((p) => shapeText(info?.outputs[p])).join(", ");
    code.forward.push(`for block in self.${a}:  # ${repeat} ${repeat === 1 ? "copy" : "copies, each with its own weights"}`);
    code.forward.push(`    ${vars.join(", ")} = block(${args.join(", ")})  # ${shapes}`);
  }

  emit(): string {
    const names = this.freshNames();
    for (const n of this.doc.nodes) {
      if (n.type !== "Input") continue;
      const p = n.params as { kind: string; features: number; seqLen: number };
      const shape = p.kind === "features" ? [p.features] : p.kind === "tokens" ? [p.seqLen] : [p.seqLen, p.features];
      this.inputs.push({ name: n.id, kind: p.kind, shape, arg: names.claim(n.id, "x") });
    }
    const top = this.emitScope({ nodes: this.doc.nodes, edges: this.doc.edges, info: this.analysis }, names);
    if (this.outputs.length === 0) throw new CodegenError("the graph has no Output block: add one to export");
    const built = builtParams(this.doc, this.analysis);
    if (top.params !== built) {
      // compile() leaves out the layers of a copy that lead nowhere (an output of a repeated block
      // that only its last copy passes on); every copy here builds its block in full.
      throw new CodegenError(
        `a repeated block has an output only its last copy passes on, so the app's model leaves out layers of the other copies (${formatCount(top.params - built)} parameters): export to PyTorch does not support that yet; wire that output into the next copy or drop it`,
      );
    }
    const args = this.inputs.map((i) => i.arg);
    const lines = [
      ...this.classSources.flatMap((s) => [s, "", ""]),
      "class Model(nn.Module):",
      `    """The model: ${formatCount(built)} parameters, with the layer names of Tensorloom's model. forward takes ${this.inputs.map((i) => `${i.arg} (${i.kind === "tokens" ? "int64 [B, T]" : i.kind === "features" ? "float32 [B, F]" : "float32 [B, T, F]"})`).join(", ")}."""`,
      "",
      "    def __init__(self):",
      "        super().__init__()",
      ...top.init.map((l) => `        ${l}`),
      "",
      `    def forward(self, ${args.join(", ")}):`,
      ...top.forward.map((l) => `        ${l}`),
      `        return ${this.outputs.map((o) => o.variable).join(", ")}`,
    ];
    return lines.join("\n");
  }
}

/** The app's weight names and shapes in its model's order, from one compile of the graph. */
function appWeights(doc: GraphDocument): { name: string; shape: number[] }[] {
  let r: ReturnType<typeof compile>;
  try {
    r = compile(doc);
  } catch (err) {
    throw new CodegenError(`the app cannot build this graph: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!r.ok) throw new CodegenError(`the graph does not compile: ${r.diagnostics[0]?.message ?? "unknown error"}`);
  try {
    return r.compiled.model.weights.map((w) => ({ name: w.originalName, shape: [...w.shape] as number[] }));
  } finally {
    r.compiled.model.dispose();
  }
}

const README = (name: string) => `# ${name.replace(/[\r\n]+/g, " ")}: exported from Tensorloom as a PyTorch project

    pip install -r requirements.txt

- \`model.py\`: \`Model\`, the same network as in the app (layer names, shapes and init).
  \`INPUTS\` and \`OUTPUT\` describe what \`Model()(...)\` takes and returns.
- \`convert.py\`: weights between the app and PyTorch.

      python convert.py to-torch model.model.json model.pt   # the app's Weights download → a state_dict
      python convert.py to-tfjs model.pt out/ model           # a state_dict → out/model.model.json + out/model.weights.bin
                                                              # (open them with the app's "load weights")

  In Python: \`from convert import tfjs_to_state_dict; model = Model(); model.load_state_dict(tfjs_to_state_dict("x.model.json"))\`.
`;

/**
 * The PyTorch project for `graph`: file name → text. Throws a CodegenError naming the node (or
 * field) and the fix when the graph has errors or uses a block the PyTorch export lacks.
 * @example const files = emitPyTorch(buildPreset("gpt").graph); files["model.py"]
 */
export function emitPyTorch(graph: GraphDocument, options: PyTorchOptions = {}): Record<string, string> {
  const analysis = analyse(graph);
  if (!isValid(analysis)) {
    const errors = analysis.diagnostics.filter((d) => d.severity === "error");
    const first = errors[0];
    throw new CodegenError(
      `the graph has ${errors.length} error${errors.length === 1 ? "" : "s"}; fix them to export (first${first.nodeId ? `, node ${first.nodeId}` : ""}: ${first.message})`,
    );
  }
  const emitter = new PyEmitter(graph, analysis);
  const body = emitter.emit();
  const weights = options.weights ?? appWeights(graph);
  const labels = [
    ...graph.nodes.filter((n) => n.label).map((n): [string, string] => [n.id, n.label!]),
    ...graph.groups.flatMap((g) => g.nodes.filter((n) => n.label).map((n): [string, string] => [`${g.id}/${n.id}`, n.label!])),
  ];
  const output = emitter.outputs;
  const model = [
    `"""A neural network exported from Tensorloom (MODEL_NAME below) as PyTorch: \`Model\` builds it; convert.py loads the weights trained in the app."""`,
    sources["layers.py"].replace(/^# .*\n(#.*\n)*/, ""),
    "",
    "# The document's name in Tensorloom, and the labels of its blocks by node id (in a block body: body id/node id).",
    `MODEL_NAME = ${pyString(graph.name)}`,
    `LABELS = {${labels.map(([k, v]) => `${pyString(k)}: ${pyString(v)}`).join(", ")}}`,
    "",
    "# What forward takes (in order) and returns; shapes without the batch axis.",
    `INPUTS = [${emitter.inputs.map((i) => `{"name": ${pyString(i.name)}, "kind": ${pyString(i.kind)}, "shape": [${i.shape.join(", ")}]}`).join(", ")}]`,
    output.length === 1
      ? `OUTPUT = {"name": ${pyString(output[0].name)}, "kind": ${pyString(output[0].kind)}}`
      : `OUTPUT = [${output.map((o) => `{"name": ${pyString(o.name)}, "kind": ${pyString(o.kind)}}`).join(", ")}]`,
    "",
    "# The app's weights (name, shape) in the order its model holds them: convert.py writes them in this order.",
    "TFJS_WEIGHTS = [",
    ...weights.map((w) => `    (${pyString(w.name)}, (${w.shape.join(", ")}${w.shape.length === 1 ? "," : ""})),`),
    "]",
    ...(emitter.residualUsed
      ? [
          "",
          `# GPT-2's init for residual projections: std-dev 0.02/√R for the model's R = ${residualCount(graph, analysis)} of them.`,
          `RESIDUAL_STDDEV = 0.02 / math.sqrt(${residualCount(graph, analysis)})`,
        ]
      : []),
    "",
    "",
    body,
    "",
  ].join("\n");
  return {
    "model.py": model,
    "convert.py": sources["convert.py"],
    "requirements.txt": "torch>=1.13\nnumpy\n",
    "README.md": README(graph.name),
  };
}
