/** The benchmark's one model size: nanoGPT's CPU "baby GPT" (0.81M parameters). */
export const GPT_CONFIG = {
  vocab: 65, // token ids (characters)
  context: 64, // T
  width: 128, // C
  heads: 4, // h, head size d = 32
  layers: 4,
  batch: 16, // B: 1,024 tokens per step
} as const;

export type GptConfig = typeof GPT_CONFIG;

/** Training FLOPs per token, the usual estimate: 6·params + 12·layers·width·context. */
export function flopsPerToken(params: number, c: GptConfig = GPT_CONFIG): number {
  return 6 * params + 12 * c.layers * c.width * c.context;
}
