/** The public face of the compiler: graph → tfjs model, and graph → TypeScript source. */
export { compile, inspectionModel } from "./compile";
export type { AttentionInfo, CompileOptions, CompileResult, CompiledModel, ModelInputInfo, ModelOutputInfo, OutputKind } from "./compile";
export { buildLayer, resolveConfig } from "./build-layer";
export { CodegenError, emitTypeScript } from "./codegen";
export type { EmitOptions } from "./codegen";
export { emitPyTorch, pyString } from "./pytorch";
export type { PyTorchOptions } from "./pytorch";
export { emitTrainingFiles } from "./pytorch/train";
export type { TorchArraySpec, TorchDataSpec, TorchSplitSpec, TorchTrainConfig } from "./pytorch/train";
