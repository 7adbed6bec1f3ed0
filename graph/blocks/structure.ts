/**
 * Groups: a `Group` node runs the subgraph of a `GroupDef` (optionally repeated ×N), whose
 * `GroupInput` / `GroupOutput` nodes name its ports. Analysis resolves a group's ports and
 * shapes from its body; these definitions carry the params and texts.
 */
import { z } from "zod";
import { defineBlock, structure } from "./block";
import { ok } from "./rules";

const portName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a port name is a letter or _ followed by letters, digits or _");

export const Group = defineBlock({
  type: "Group",
  category: "structure",
  label: "Block (group)",
  description: "A named subgraph, optionally repeated ×N (a Transformer block ×6).",
  explanation:
    "Holds a subgraph with named inputs and outputs. With a repeat count N the body runs N times in a chain, each copy with its own weights: an output feeds the input of the same name in the next copy, and inputs with no matching output reach every copy unchanged (like the encoder output in a decoder).",
  formula: String.raw`y = f_N \circ \cdots \circ f_1(x)`,
  params: z.object({
    group: z.string().min(1).max(128).describe("Id of the group body"),
    repeat: z.number().int().min(1).max(256).default(1).describe("How many unshared copies run in a chain"),
  }),
  inputs: () => [],
  outputs: () => [],
  inferShape: () => ok({}),
  paramCount: () => 0,
  flops: () => 0,
  summary: (p) => (p.repeat > 1 ? `${p.repeat} copies · own weights` : "1 copy"),
  lower: structure,
});

export const GroupInput = defineBlock({
  type: "GroupInput",
  category: "structure",
  label: "Block input",
  description: "A named input port of the enclosing block.",
  explanation: "Inside a group body, stands for the tensor wired into the group's port of this name.",
  formula: String.raw`x`,
  params: z.object({ name: portName.default("x").describe("Port name") }),
  inputs: () => [],
  outputs: () => [{ name: "out", dtype: "any" }],
  inferShape: () => ok({}),
  paramCount: () => 0,
  flops: () => 0,
  summary: (p) => `in: ${p.name}`,
  lower: structure,
});

export const GroupOutput = defineBlock({
  type: "GroupOutput",
  category: "structure",
  label: "Block output",
  description: "A named output port of the enclosing block.",
  explanation: "Inside a group body, sends the tensor wired here out of the group's port of this name.",
  formula: String.raw`y`,
  params: z.object({ name: portName.default("x").describe("Port name") }),
  inputs: () => [{ name: "x", dtype: "any" }],
  outputs: () => [],
  inferShape: () => ok({}),
  paramCount: () => 0,
  flops: () => 0,
  summary: (p) => `out: ${p.name}`,
  lower: structure,
});

/** This family's blocks, in palette order. */
export const STRUCTURE_BLOCKS = [Group, GroupInput, GroupOutput] as const;
