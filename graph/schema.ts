/**
 * The zod schema of a current-version document: structure only. `parseGraph` checks the rest
 * (ids, blocks, params, wires, limits) in graph/semantics.ts.
 */
import { z } from "zod";
import { GRAPH_FORMAT, type GraphDocument } from "./types";

/** The document version this app writes. Bump it only together with a migration. */
export const GRAPH_VERSION = 1;

export const Id = z.string().min(1).max(128);
export const Label = z.string().max(200);
export const PositionSchema = z.object({ x: z.number(), y: z.number() }); // zod 4 numbers are finite
export const NodeSchema = z.object({
  id: Id,
  type: z.string().min(1).max(128),
  label: Label.optional(),
  params: z.record(z.string(), z.unknown()),
  position: PositionSchema,
});
export const EdgeSchema = z.object({ id: Id, source: Id, sourcePort: Id, target: Id, targetPort: Id });
export const GroupSchema = z.object({ id: Id, name: Label, nodes: z.array(NodeSchema), edges: z.array(EdgeSchema) });
export const MetaSchema = z.object({
  description: z.string().max(10_000).optional(),
  preset: z.string().max(200).optional(),
  createdWith: z.string().max(200).optional(),
  training: z.record(z.string(), z.unknown()).optional(),
});

/** The zod schema of a current-version document (structure only; see `parseGraph` for the rest). */
export const GraphDocumentSchema = z.object({
  format: z.literal(GRAPH_FORMAT),
  version: z.literal(GRAPH_VERSION),
  name: Label,
  nodes: z.array(NodeSchema),
  edges: z.array(EdgeSchema),
  groups: z.array(GroupSchema),
  meta: MetaSchema,
});

// Compile-time check that the schema and the hand-written types agree.
const _schemaMatchesTypes: (d: z.infer<typeof GraphDocumentSchema>) => GraphDocument = (d) => d;
