/** Scaling laws: the Chinchilla fit, compute-optimal sizes, and model families from a graph. */
export { CHINCHILLA, CHINCHILLA_GRID, computeOptimal, fitScalingLaw, predictLoss, trainingFlops } from "./fit";
export type { ComputeOptimal, ScalingFit, ScalingLaw, ScalingPoint } from "./fit";
export { scaleDecoder } from "./family";
export type { FamilyMember, FamilyResult } from "./family";
export { minimize } from "./lbfgs";
export type { MinimizeResult, Objective } from "./lbfgs";
