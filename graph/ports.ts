/** The ports a node has: from its block definition, or, for a group, from the group's body. */
import { getBlock } from "./blocks";
import type { PortSpec } from "./blocks";
import type { GraphDocument, GraphNode, GroupDef } from "./types";

export interface NodePorts {
  inputs: PortSpec[];
  outputs: PortSpec[];
}

const NO_PORTS: NodePorts = { inputs: [], outputs: [] };

export function findGroup(doc: Pick<GraphDocument, "groups">, id: unknown): GroupDef | undefined {
  return typeof id === "string" ? doc.groups.find((g) => g.id === id) : undefined;
}

/** Port names declared by a group body's `GroupInput` / `GroupOutput` nodes, in node order. */
export function groupInterface(group: GroupDef): { inputs: string[]; outputs: string[] } {
  const names = (type: string) => group.nodes.filter((n) => n.type === type).map((n) => String(n.params.name ?? ""));
  return { inputs: names("GroupInput"), outputs: names("GroupOutput") };
}

/** `nodePorts(doc, node)` → its input and output ports (empty for an unknown type). */
export function nodePorts(doc: Pick<GraphDocument, "groups">, node: GraphNode): NodePorts {
  const def = getBlock(node.type);
  if (!def) return NO_PORTS;
  if (node.type === "Group") {
    const group = findGroup(doc, node.params.group);
    if (!group) return NO_PORTS;
    const { inputs, outputs } = groupInterface(group);
    return {
      inputs: inputs.map((name) => ({ name, dtype: "any" })),
      outputs: outputs.map((name) => ({ name, dtype: "any" })),
    };
  }
  const parsed = def.params.safeParse(node.params);
  const params = parsed.success ? parsed.data : (def.params.safeParse({}).data ?? node.params);
  return { inputs: def.inputs(params), outputs: def.outputs(params) };
}
