/** The parallelism planner: figures from the graph, formulas from the papers, a plan per strategy. */
export { transformerDims } from "./dims";
export type { DimName, TransformerDims } from "./dims";
export { DEFAULT_CLUSTER, clusterProblems } from "./cluster";
export type { Cluster } from "./cluster";
export * from "./formulas";
export { strategySpecs } from "./strategies";
export type { StrategySpec } from "./strategies";
export { CITATIONS, modelFigures, planParallelism } from "./planner";
export type { ModelFigures, Plan, StrategyPlan } from "./planner";
export { torchrunCommand } from "./torchrun";
