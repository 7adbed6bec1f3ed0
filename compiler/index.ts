/** The public face of the compiler: graph → tfjs model, and graph → TypeScript source. */
export { compile, inspectionModel } from "./compile";
export type { AttentionInfo, CompileOptions, CompileResult, CompiledModel, ModelInputInfo, ModelOutputInfo, OutputKind } from "./compile";
export { compilableTypes } from "./builders";
export { CodegenError, emitTypeScript } from "./codegen";
export type { EmitOptions } from "./codegen";
