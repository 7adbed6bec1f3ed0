/**
 * The model part of an exported file: one function per group body (called once per copy, in a
 * loop) and `buildModel()`, built with the functional API. Layer names, seeds and initialisers
 * follow compile() exactly, so the two models match layer for layer and weight for weight.
 */
import { findGroup, groupInterface, idPrefixFor, lowerNode, topoSort } from "../../graph";
import type {
  Analysis,
  ConfigValue,
  GraphDocument,
  GraphEdge,
  GraphNode,
  GroupDef,
  LayerConfig,
  Lowering,
  ScopeAnalysis,
  TensorType,
} from "../../graph";
import { isAppClass } from "./layer-code";
import { CodegenError, Names, Writer, array, call, formatCount, numberLiteral, object, stringLiteral } from "./source";
import type { Doc } from "./source";
import { builtParams, liveNodes, residualCount } from "./structure";

export interface ModelInput {
  kind: "features" | "tokens" | "sequence";
  /** Shape without the batch axis. */
  shape: number[];
  vocabSize?: number;
  lengthName: "T" | "S";
}

export interface ModelOutput {
  kind: "classification" | "language_model" | "regression";
  /** Size of the last axis. */
  width: number;
}

export interface ModelSource {
  /** Block functions and buildModel. */
  source: string;
  /** The app's layer classes the model uses (their modules are embedded). */
  classes: Set<string>;
  /** Module-level helpers it uses: `apply`, `applyAll`, `RESIDUAL_STDDEV`, `layerSeed`. */
  helpers: Set<string>;
  /** How many residual projections share RESIDUAL_STDDEV. */
  residualLayers: number;
  inputs: ModelInput[];
  outputs: ModelOutput[];
  params: number;
  /** buildModel takes a seed. */
  seeded: boolean;
}

interface GroupFunction {
  name: string;
  seeded: boolean;
  inputs: string[];
  outputs: string[];
}

interface Scope {
  nodes: GraphNode[];
  edges: GraphEdge[];
  info: ScopeAnalysis;
  /** The group body this is, or undefined for the top level. */
  group?: GroupDef;
}

/** What a scope's emission reports back. */
interface ScopeResult {
  body: Writer;
  seeded: boolean;
  outputs: Map<string, string>;
}

const FIXED_LOCALS = ["prefix", "seed", "i"];

/** `[B, T, 128]` for a comment; symbols are the analysis's own (`B`, `T`, `S`, `T·4`). */
export function shapeText(t: TensorType | undefined): string {
  if (!t) return "[?]";
  return `[${t.shape.map((d) => (typeof d === "number" || /^[A-Za-z0-9·]{1,16}$/.test(d) ? String(d) : "?")).join(", ")}]`;
}

const paramsText = (n: number) => (n > 0 ? `, ${formatCount(n)} params` : "");
const capitalise = (s: string) => s[0].toUpperCase() + s.slice(1);

class ModelEmitter {
  readonly classes = new Set<string>();
  readonly helpers = new Set<string>();
  readonly inputs: ModelInput[] = [];
  readonly outputs: ModelOutput[] = [];
  private readonly functions = new Map<string, GroupFunction>();
  /** Block function names, claimed before any scope names its variables. */
  private readonly functionNames: Map<string, string>;
  private readonly functionSources: Writer[] = [];
  readonly residualLayers: number;
  /** Parameters of the built model. */
  readonly params: number;

  constructor(
    private readonly doc: GraphDocument,
    private readonly analysis: Analysis,
    private readonly moduleNames: Names,
  ) {
    this.functionNames = new Map(doc.groups.map((g) => [g.id, moduleNames.claim(g.id, "block")]));
    this.params = builtParams(doc, analysis);
    this.residualLayers = residualCount(doc, analysis);
  }

  /** The function for a group body, emitted (with the bodies it calls) on first use. */
  private groupFunction(group: GroupDef): GroupFunction {
    const known = this.functions.get(group.id);
    if (known) return known;
    const ports = groupInterface(group);
    const names = new Names([...this.moduleNames.names(), ...FIXED_LOCALS]);
    const params = new Map(ports.inputs.map((p) => [p, names.claim(p, "input")]));
    const info = this.analysis.groups[group.id];
    const result = this.emitScope({ nodes: group.nodes, edges: group.edges, info, group }, names, params);
    const fn: GroupFunction = {
      name: this.functionNames.get(group.id)!,
      seeded: result.seeded,
      inputs: ports.inputs,
      outputs: ports.outputs,
    };
    this.functions.set(group.id, fn);

    const w = new Writer();
    const perCopy = Object.values(info.nodes).reduce((sum, n) => sum + n.cost.params, 0);
    const layers = group.nodes.filter((n) => !["GroupInput", "GroupOutput"].includes(n.type)).length;
    const lines = [`One copy of a repeated block: ${layers} blocks, ${formatCount(perCopy)} parameters.`];
    const inputShapes = ports.inputs.map((p) => {
      const input = group.nodes.find((n) => n.type === "GroupInput" && n.params.name === p);
      return `${params.get(p)} ${shapeText(input && info.nodes[input.id]?.outputs.out)}`;
    });
    lines.push(`Inputs: ${inputShapes.join(", ")}; layers are named prefix + their node id.`);
    if (fn.seeded) lines.push("A layer's initial weights come from seed and its name (layerSeed).");
    w.doc(lines);
    const signature = [...params.values()].map((v) => `${v}: tf.SymbolicTensor`);
    signature.push("prefix: string");
    if (fn.seeded) signature.push("seed: number");
    const returns = fn.outputs.length === 1 ? "tf.SymbolicTensor" : `[${fn.outputs.map(() => "tf.SymbolicTensor").join(", ")}]`;
    w.statement("", call(`function ${fn.name}`, ...signature), `: ${returns} {`);
    w.append(result.body);
    const outs = fn.outputs.map((p) => result.outputs.get(p)!);
    w.line(`  return ${outs.length === 1 ? outs[0] : `[${outs.join(", ")}]`};`);
    w.line("}");
    this.functionSources.push(w);
    return fn;
  }

  /**
   * Emits one scope: the top level (`params` undefined) or a group body whose inputs are the
   * function parameters `params`. Nodes come in compile()'s order.
   */
  private emitScope(scope: Scope, names: Names, params?: Map<string, string>): ScopeResult {
    const body = new Writer(1);
    const inGroup = scope.group !== undefined;
    const where = (id: string) => (inGroup ? `node ${id} in block ${scope.group!.id}` : `node ${id}`);
    const byId = new Map(scope.nodes.map((n) => [n.id, n]));
    const incoming = new Map<string, GraphEdge[]>();
    for (const e of scope.edges) {
      const list = incoming.get(e.target);
      if (list) list.push(e);
      else incoming.set(e.target, [e]);
    }
    const live = liveNodes(scope.nodes, scope.edges, inGroup ? "GroupOutput" : "Output", scope.info);
    const refs = new Map<string, string>(); // `${node}:${port}` → variable
    const tiedLayers = new Map<string, string>(); // Embedding id → its layer variable
    const outputs = new Map<string, string>();
    const modelInputs: string[] = [];
    const modelOutputs: string[] = [];
    let seeded = false;
    const wire = (e: GraphEdge) => {
      const ref = refs.get(`${e.source}:${e.sourcePort}`);
      if (!ref) throw new CodegenError(`${where(e.target)}: its input ${e.targetPort} is not built before it`);
      return ref;
    };
    const wires = (id: string, port: string) => (incoming.get(id) ?? []).filter((e) => e.targetPort === port).map(wire);
    const idLiteral = (text: string, id: string) => stringLiteral(text, `the id of ${where(id)}`);
    const layerName = (id: string, suffix = "") => (inGroup ? `prefix + ${idLiteral(id + suffix, id)}` : idLiteral(id + suffix, id));
    const lowerings = new Map<string, Lowering>(scope.nodes.map((n) => [n.id, lowerNode(n, scope.info.nodes[n.id], scope.nodes)]));
    // Nodes whose layer another live node applies again (an Embedding with a tied head).
    const reused = new Set([...lowerings].flatMap(([id, l]) => (l.kind === "reuse" && live.has(id) ? [l.node] : [])));
    const printValue = (value: ConfigValue, id: string, key: string): Doc => {
      if (value === null) return "null";
      if (typeof value === "number") return numberLiteral(value, `${where(id)}: ${key}`);
      if (typeof value === "string") return stringLiteral(value, `${where(id)}: ${key}`);
      if (typeof value === "boolean") return String(value);
      if (Array.isArray(value)) return array(value.map((v, i) => printValue(v, id, `${key}[${i}]`)));
      const token = value as Exclude<ConfigValue, readonly ConfigValue[] | number | string | boolean | null>;
      if (token.$ === "seed") {
        seeded = true;
        this.helpers.add("layerSeed");
        return call("layerSeed", "seed", layerName(id, token.part ? `.${token.part}` : ""));
      }
      if (token.$ === "residualStd") {
        this.helpers.add("RESIDUAL_STDDEV");
        return "RESIDUAL_STDDEV";
      }
      return this.construct(token.className, token.config, (v, k) => printValue(v, id, `${key}.${k}`), "tf.initializers");
    };

    for (const id of topoSort(
      scope.nodes.map((n) => n.id),
      scope.edges,
    ).order) {
      const node = byId.get(id)!;
      const info = scope.info.nodes[id];
      const lowering = lowerings.get(id)!;
      if (node.type === "GroupInput") {
        refs.set(`${id}:out`, params!.get(String(node.params.name))!);
        continue;
      }
      if (node.type === "GroupOutput") {
        outputs.set(String(node.params.name), wires(id, "x")[0]);
        continue;
      }
      if (lowering.kind === "input" || lowering.kind === "output") {
        if (inGroup) throw new CodegenError(`${where(id)}: export needs Input and Output blocks at the top level, not inside a block`);
        if (lowering.kind === "input") modelInputs.push(this.emitInput(body, node, lowering.shape, info, names, refs));
        else modelOutputs.push(this.emitOutput(node, info, wires(id, "x")[0], where(id)));
        continue;
      }
      if (!live.has(id)) continue; // leads to no output: compile() builds it, but the model never uses it
      if (node.type === "Group") {
        seeded = this.emitGroupCall(body, node, info, names, refs, { inGroup, wires: (port) => wires(id, port) }) || seeded;
        continue;
      }
      if (lowering.kind === "structure") continue;
      const ins = lowering.inputs.flatMap((p) => wires(id, p));
      const input: Doc = lowering.inputs.length === 1 && !(lowering.kind === "layer" && lowering.list) ? ins[0] : array(ins);
      const v = names.claim(id, lowering.kind === "reuse" ? "head" : idPrefixFor(node.type));
      const comment = `${shapeText(info.outputs.out)}${paramsText(info.cost.params)}`;
      let layer: Doc;
      if (lowering.kind === "reuse") {
        const shared = tiedLayers.get(lowering.node);
        if (!shared || inGroup) {
          throw new CodegenError(
            `${where(id)}: export supports reusing the layer of a node built before it at the top level; untie it or move both out of the block`,
          );
        }
        layer = shared;
      } else {
        layer = this.construct(
          lowering.className,
          { name: "", ...lowering.config },
          (value, key) => (key === "name" ? layerName(id) : printValue(value, id, key)),
          "tf.layers",
        );
        if (reused.has(id) && !inGroup) {
          const shared = names.claim(`${v}Layer`, `${v}Layer`);
          tiedLayers.set(id, shared);
          body.statement(`const ${shared} = `, layer);
          layer = shared;
        }
      }
      if (lowering.outputs.length === 1) {
        this.helpers.add("apply");
        const tied = lowering.kind === "reuse" ? `, tied to ${layer as string}` : "";
        body.statement(
          `const ${v} = `,
          call("apply", input, layer),
          ";",
          `${shapeText(info.outputs.out)}${tied}${paramsText(info.cost.params)}`,
        );
        refs.set(`${id}:out`, v);
      } else {
        // Several outputs (attention: [out, weights]); only the used ones get a name.
        const used = lowering.outputs.map((p, i) =>
          i === 0 || scope.edges.some((e) => e.source === id && e.sourcePort === p) ? p : undefined,
        );
        while (used[used.length - 1] === undefined) used.pop();
        const vars = used.map((p, i) => (p === undefined ? "" : i === 0 ? v : names.claim(`${v}${capitalise(p)}`, `${v}${capitalise(p)}`)));
        used.forEach((p, i) => p && refs.set(`${id}:${p}`, vars[i]));
        this.helpers.add("applyAll");
        body.statement(`const [${vars.join(", ")}] = `, call("applyAll", input, layer), ";", comment);
      }
    }
    if (!inGroup) {
      if (modelOutputs.length === 0) throw new CodegenError("the graph has no Output block: add one to export");
      body.statement(
        "return ",
        call(
          "tf.model",
          object([
            ["inputs", array(modelInputs)],
            ["outputs", array(modelOutputs)],
            ["name", '"tensorloom"'],
          ]),
        ),
      );
    }
    return { body, seeded, outputs };
  }

  /**
   * `new TLLinear({ … })` for a class the app defines (its module is then embedded), else the
   * tfjs factory of the class in `namespace`: `tf.layers.lstm({ … })`, `tf.initializers.glorotUniform({ … })`.
   */
  private construct(className: string, config: LayerConfig, print: (value: ConfigValue, key: string) => Doc, namespace: string): Doc {
    const args = object(Object.entries(config).map(([k, v]) => [k, print(v, k)]));
    if (isAppClass(className)) {
      this.classes.add(className);
      return call(`new ${className}`, args);
    }
    const factory = /^[A-Z0-9]+$/.test(className) ? className.toLowerCase() : className[0].toLowerCase() + className.slice(1);
    return call(`${namespace}.${factory}`, args);
  }

  private emitInput(
    w: Writer,
    node: GraphNode,
    shape: number[],
    info: ScopeAnalysis["nodes"][string],
    names: Names,
    refs: Map<string, string>,
  ): string {
    const p = node.params as { kind: ModelInput["kind"]; features: number; seqLen: number; vocabSize: number; lengthName: "T" | "S" };
    const at = (key: string) => numberLiteral(p[key as keyof typeof p], `node ${node.id}: ${key}`);
    const v = names.claim(node.id, p.kind === "tokens" ? "tokens" : "input");
    const args: [string, Doc][] = [
      ["name", stringLiteral(node.id, `the id of node ${node.id}`)],
      [
        "shape",
        `[${(p.kind === "features" ? ["features"] : p.kind === "tokens" ? ["seqLen"] : ["seqLen", "features"]).map(at).join(", ")}]`,
      ],
    ];
    if (p.kind === "tokens") args.push(["dtype", '"int32"']);
    const length = p.kind === "features" ? "" : `, ${p.lengthName} = ${at("seqLen")}`;
    w.statement(`const ${v} = `, call("tf.input", object(args)), ";", `${shapeText(info.outputs.out)}${length}`);
    refs.set(`${node.id}:out`, v);
    this.inputs.push({ kind: p.kind, shape, lengthName: p.lengthName, ...(p.kind === "tokens" ? { vocabSize: p.vocabSize } : {}) });
    return v;
  }

  private emitOutput(node: GraphNode, info: ScopeAnalysis["nodes"][string], x: string, where: string): string {
    const t = info.inputs.x?.[0];
    const width = t?.shape[t.shape.length - 1];
    if (typeof width !== "number") throw new CodegenError(`${where}: the Output needs a fixed size on its last axis`);
    this.outputs.push({ kind: node.params.kind as ModelOutput["kind"], width });
    return x;
  }

  /**
   * A Group node: its body's function called once per copy, each copy named and seeded apart.
   * Returns whether the call uses the scope's seedAt.
   */
  private emitGroupCall(
    w: Writer,
    node: GraphNode,
    info: ScopeAnalysis["nodes"][string],
    names: Names,
    refs: Map<string, string>,
    at: { inGroup: boolean; wires: (port: string) => string[] },
  ): boolean {
    const group = findGroup(this.doc, node.params.group)!;
    const fn = this.groupFunction(group);
    const repeat = Number(node.params.repeat ?? 1);
    const idPart = (suffix: string) => stringLiteral(`${node.id}${suffix}`, `the id of node ${node.id}`);
    const outer = at.inGroup ? "prefix + " : "";
    const first = names.claim(node.id, "block");
    const vars = fn.outputs.map((p, i) => (i === 0 ? first : names.claim(`${first}${capitalise(p)}`, `${first}Out`)));
    fn.outputs.forEach((p, i) => refs.set(`${node.id}:${p}`, vars[i]));
    const chained = new Map<string, string>();
    fn.outputs.forEach((p, i) => fn.inputs.includes(p) && chained.set(p, vars[i]));
    const args = fn.inputs.map((p) => (repeat > 1 && chained.get(p)) || at.wires(p)[0]);
    args.push(repeat === 1 ? `${outer}${idPart("_0_")}` : `${outer}${idPart("_")} + i + "_"`);
    if (fn.seeded) args.push("seed");
    const result = fn.outputs.length === 1 ? vars[0] : `[${vars.join(", ")}]`;
    const shapes = fn.outputs.map((p) => shapeText(info.outputs[p])).join(", ");
    const copies = repeat === 1 ? `1 copy of ${fn.name}` : `${repeat} copies of ${fn.name}, each with its own weights`;
    w.line(`// ${copies}${paramsText(info.cost.params)}`);
    if (repeat === 1) {
      w.statement(`const ${result} = `, call(fn.name, ...args), ";", shapes);
      return fn.seeded;
    }
    for (const [p, v] of chained) w.line(`let ${v} = ${at.wires(p)[0]};`);
    for (const v of vars) if (![...chained.values()].includes(v)) w.line(`let ${v}!: tf.SymbolicTensor;`);
    w.block(`for (let i = 0; i < ${repeat}; i++) {`, () => {
      w.statement(`${result} = `, call(fn.name, ...args), ";", shapes);
    });
    return fn.seeded;
  }

  emit(): ModelSource {
    const names = new Names([...this.moduleNames.names(), ...FIXED_LOCALS]);
    const top = this.emitScope({ nodes: this.doc.nodes, edges: this.doc.edges, info: this.analysis }, names);
    const w = new Writer();
    for (const f of this.functionSources) w.append(f).blank();
    const params = this.params;
    const same = top.seeded ? " and, for the same seed, its initial weights" : "";
    w.doc([
      `Builds the model: ${formatCount(params)} parameters, with the layer names of Tensorloom's model${same}.`,
      "@example const model = buildModel(); model.summary();",
    ]);
    w.line(`export function buildModel(${top.seeded ? "seed = 0" : ""}): tf.LayersModel {`);
    w.append(top.body).line("}");
    return {
      source: w.toString(),
      classes: this.classes,
      helpers: this.helpers,
      residualLayers: this.residualLayers,
      inputs: this.inputs,
      outputs: this.outputs,
      params,
      seeded: top.seeded,
    };
  }
}

/**
 * The model section of an exported file for a graph analysis found valid. `moduleNames` holds
 * every module-level name; block functions claim theirs from it.
 */
export function emitModel(doc: GraphDocument, analysis: Analysis, moduleNames: Names): ModelSource {
  return new ModelEmitter(doc, analysis, moduleNames).emit();
}
