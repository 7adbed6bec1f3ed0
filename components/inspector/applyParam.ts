/**
 * Setting one param from the inspector: check the value with the block's zod schema, try the
 * edit on the current document, and only then apply it, so an invalid value never reaches
 * the graph (nor the undo history). Returns the message to show under the field.
 */
import { getBlock, getScope, setParams, setRepeat } from "@/graph";
import type { EditResult, GraphDocument } from "@/graph";
import type { EditorStore } from "../editor/store";
import { checkParam } from "./fields";
import type { FieldSpec } from "./fields";

const same = (a: unknown, b: unknown) => Object.is(a, b) || JSON.stringify(a) === JSON.stringify(b);

/**
 * @example applyParam(store, "linear1", unitsField, 0) // "Must be an integer from 1 to 1,000,000"
 * @example applyParam(store, "linear1", unitsField, 128) // undefined, and the document has units 128
 */
export function applyParam(store: EditorStore, nodeId: string, field: FieldSpec, value: unknown): string | undefined {
  const s = store.getState();
  const node = getScope(s.doc, s.scope)?.nodes.find((n) => n.id === nodeId);
  const def = node && getBlock(node.type);
  if (!node || !def) return "This node is no longer in the graph";
  const invalid = checkParam(def.params, node.params, field, value);
  if (invalid) return invalid;
  if (same(node.params[field.key], value)) return undefined;
  const scope = s.scope;
  const op = (d: GraphDocument): EditResult =>
    node.type === "Group" && field.key === "repeat"
      ? setRepeat(d, { id: nodeId, repeat: value as number, scope })
      : setParams(d, { id: nodeId, params: { [field.key]: value }, scope });
  const trial = op(s.doc);
  if (!trial.ok) return trial.message;
  s.edit(op, { merge: `param:${scope ?? ""}:${nodeId}:${field.key}` });
  return undefined;
}
