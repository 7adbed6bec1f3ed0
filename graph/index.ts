/**
 * The public face of the graph core: document types, parsing, the block registry,
 * shape algebra, analysis and pure edit operations. No React, no tfjs.
 */
export * from "./types";
export * from "./shapes";
export { blockList, categories, CATEGORY_LABELS, defaultParams, getBlock, reshapeTarget } from "./blocks";
export type { BlockDef, BlockIssue, Category, CostContext, PortSpec, ShapeContext, ShapeResult } from "./blocks";
export type {
  ConfigValue,
  LayerConfig,
  LayerLowering,
  Lowering,
  LowerContext,
  ObjectValue,
  ResidualStdValue,
  SeedValue,
} from "./blocks/block";
export { lowerFlatGraph, lowerNode, peerId, residualLayers, scopeOf, usesResidualInit } from "./lowering";
export { analyse, isValid } from "./analysis";
export type { Analysis, AnalyseOptions, CostTotals, NodeCost, NodeInfo, ScopeAnalysis } from "./analysis";
export { findGroup, groupInterface, nodePorts } from "./ports";
export type { NodePorts } from "./ports";
export { adjacency, edgeOrder, findCycle, leadingTo, reachable, topoSort, wouldCycle } from "./topology";
export type { Link } from "./topology";
export { groupStructure, repeatOf } from "./expansion";
export type { GroupStructure } from "./expansion";
export { LIMITS } from "./limits";
export { emptyRecord } from "./record";
export { createBuilder, idPrefixFor } from "./builder";
export type { Builder, NodeOptions, Ref, Wiring } from "./builder";
export { flattenGraph } from "./flatten";
export type { FlatEdge, FlatGraph, FlatNode, FlatRef } from "./flatten";
export { GRAPH_VERSION, parseGraph, serializeGraph } from "./document";
export type { DocError, DocErrorCode, ParseResult, Repair } from "./document";
export {
  DataFileRefSchema,
  DatasetSpecSchema,
  RECALL_MAX_DISTANCE,
  RECALL_MIN_DISTANCE,
  TrainConfigSchema,
  TrainingSpecSchema,
} from "./training";
export { TRAIN_RECIPES } from "./recipes";
export type { DataFileRef, DatasetSpec, TrainConfig, TrainingSpec } from "./training";
export * from "./ops";
export * from "./plan";
export * from "./scaling";
