"use client";
/**
 * The inspector for one node: its problems, label and params (a form drawn from the block's
 * zod schema), the block it runs if it is a group, the shapes on its ports, its cost, and
 * what the block does with its formula.
 */
import { useMemo } from "react";
import { CATEGORY_LABELS, formatTensor, getBlock, MAX_LABEL, nodePorts, setLabel } from "@/graph";
import type { Diagnostic, GraphDocument, GraphNode, NodeInfo } from "@/graph";
import { useEditor, useEditorStore } from "../editor/context";
import { formatBytes, formatExact, formatFlops, formatParams } from "../dock/format";
import { SeverityIcon } from "../dock/ProblemsTab";
import { applyParam } from "./applyParam";
import { CodeText } from "./CodeText";
import { describeFields } from "./fields";
import { Formula } from "./Formula";
import { ParamField } from "./ParamField";
import type { Choice } from "./ParamField";

interface Props {
  node: GraphNode;
  /** Analysis of the node (shapes, cost); undefined while it cannot be analysed. */
  info: NodeInfo | undefined;
  diagnostics: Diagnostic[];
}

/** Every Embedding node of the document, for Linear's weight tying. */
function embeddingChoices(doc: GraphDocument): Choice[] {
  const all = [...doc.nodes, ...doc.groups.flatMap((g) => g.nodes)].filter((n) => n.type === "Embedding");
  return [
    { value: "", label: "none" },
    ...all.map((n) => ({
      value: n.id,
      label: `${n.label ? `${n.label} (${n.id})` : n.id} · ${String(n.params.vocabSize)}×${String(n.params.dim)}`,
    })),
  ];
}

export function NodeInspector({ node, info, diagnostics }: Props) {
  const store = useEditorStore();
  const doc = useEditor((s) => s.doc);
  const scope = useEditor((s) => s.scope);
  const def = getBlock(node.type);
  const fields = useMemo(() => (def ? describeFields(def.params) : []), [def]);
  const isGroup = node.type === "Group";
  const group = isGroup ? doc.groups.find((g) => g.id === node.params.group) : undefined;

  if (!def) {
    return (
      <div className="tl-inspector-body">
        <p className="tl-empty">
          Unknown block type <code>{node.type}</code>: delete the node or update Tensorloom.
        </p>
      </div>
    );
  }

  const title = node.label || group?.name || def.label;
  const ports = nodePorts(doc, node);
  const repeat = isGroup ? Number(node.params.repeat ?? 1) : 1;
  const shown = fields.filter((f) => !(isGroup && f.key === "group"));

  return (
    <div className="tl-inspector-body">
      <header className="tl-inspector-head">
        <span className={`tl-cat-dot tl-cat-${def.category}`} aria-hidden />
        <div className="tl-inspector-title">
          <h2 title={title}>{title}</h2>
          <p>
            {title === def.label ? CATEGORY_LABELS[def.category] : def.label} · <span className="tl-mono">{node.id}</span>
          </p>
        </div>
      </header>

      {diagnostics.length > 0 && (
        <ul className="tl-inspector-problems" aria-label="Problems of this block">
          {diagnostics.map((d, i) => (
            <li key={i} className={`tl-inline-problem tl-${d.severity}`}>
              <SeverityIcon severity={d.severity} />
              <span>
                <CodeText text={d.message} />
              </span>
            </li>
          ))}
        </ul>
      )}

      <section className="tl-inspector-section" aria-label="Settings">
        <h3>Settings</h3>
        <div className="tl-field">
          <div className="tl-field-row">
            <label className="tl-field-label" htmlFor={`label-${node.id}`}>
              Label
            </label>
            <div className="tl-field-control">
              <input
                id={`label-${node.id}`}
                className="tl-input"
                type="text"
                data-testid="param-label"
                value={node.label ?? ""}
                maxLength={MAX_LABEL}
                placeholder={group?.name ?? def.label}
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => {
                  const label = e.target.value;
                  store.getState().edit((d) => setLabel(d, { id: node.id, label, scope }));
                }}
              />
            </div>
          </div>
        </div>
        {isGroup && (
          <div className="tl-group-box">
            <div className="tl-group-name">
              <span className="tl-muted">Block</span> <strong>{group?.name ?? String(node.params.group)}</strong>
              {group && <span className="tl-muted"> · {group.nodes.length} nodes</span>}
            </div>
            <button
              type="button"
              className="tl-button"
              data-testid="open-block"
              disabled={!group}
              onClick={() => store.getState().enterScope(String(node.params.group))}
              title="Edit the block's body; every copy uses it"
            >
              Open block
            </button>
          </div>
        )}
        {shown.map((f) => (
          <ParamField
            key={`${node.id}:${f.key}`}
            field={f}
            value={node.params[f.key]}
            apply={(value) => applyParam(store, node.id, f, value)}
            label={isGroup && f.key === "repeat" ? "Repeat ×N" : undefined}
            choices={node.type === "Linear" && f.key === "tieTo" ? embeddingChoices(doc) : undefined}
          />
        ))}
        {shown.length === 0 && <p className="tl-muted tl-small">This block has no settings.</p>}
      </section>

      <section className="tl-inspector-section" aria-label="Shapes">
        <h3>Shapes</h3>
        <dl className="tl-kv">
          {ports.inputs.map((p) => {
            const types = info?.inputs[p.name] ?? [];
            return (
              <div key={`in-${p.name}`}>
                <dt>
                  in <span className="tl-mono">{p.name}</span>
                </dt>
                <dd className="tl-mono">
                  {types.length ? (
                    types.map(formatTensor).join(", ")
                  ) : (
                    <span className="tl-muted">{p.optional ? "optional" : "not connected"}</span>
                  )}
                </dd>
              </div>
            );
          })}
          {ports.outputs.map((p) => {
            const t = info?.outputs[p.name];
            return (
              <div key={`out-${p.name}`}>
                <dt>
                  {p.name === "out" ? (
                    "out"
                  ) : (
                    <>
                      out <span className="tl-mono">{p.name}</span>
                    </>
                  )}
                </dt>
                <dd className="tl-mono">{t ? formatTensor(t) : <span className="tl-muted">unknown</span>}</dd>
              </div>
            );
          })}
          {ports.inputs.length + ports.outputs.length === 0 && <p className="tl-muted tl-small">No ports.</p>}
        </dl>
      </section>

      <section className="tl-inspector-section" aria-label="Cost">
        <h3>Cost{repeat > 1 ? ` · all ${repeat} copies` : ""}</h3>
        <dl className="tl-kv tl-kv-num">
          <div>
            <dt>Parameters</dt>
            <dd title={`${formatExact(info?.cost.params ?? 0)} parameters`} data-testid="inspector-params">
              {formatParams(info?.cost.params ?? 0)}
              {repeat > 1 && info && <span className="tl-muted"> ({formatParams(info.cost.params / repeat)} each)</span>}
            </dd>
          </div>
          <div>
            <dt>Forward FLOPs</dt>
            <dd title={`${formatExact(info?.cost.flops ?? 0)} FLOPs for one sample`} data-testid="inspector-flops">
              {formatFlops(info?.cost.flops ?? 0)} <span className="tl-muted">/ sample</span>
            </dd>
          </div>
          <div>
            <dt>Activations</dt>
            <dd title={`${formatExact(info?.cost.activationBytes ?? 0)} bytes at batch 1`}>
              {formatBytes(info?.cost.activationBytes ?? 0)} <span className="tl-muted">at B=1</span>
            </dd>
          </div>
        </dl>
      </section>

      <section className="tl-inspector-section" aria-label="How it works">
        <h3>How it works</h3>
        <p className="tl-explanation">
          <CodeText text={def.explanation} />
        </p>
        <Formula block={def} />
      </section>
    </div>
  );
}
