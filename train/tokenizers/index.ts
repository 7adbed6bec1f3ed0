/** Tokenizers beyond characters: byte-level BPE (training, encoding, the saved form). */
export { BpeTokenizer, BpeTokenizerJsonSchema, MAX_BPE_VOCAB, type BpeMerge, type BpeTokenizerJSON } from "./bpe";
export { bpeMerges, trainBpe, trainBpeAsync, BpeCancelledError, type BpeProgress, type BpeTrainOptions } from "./bpe-train";
export { toWellFormed, utf8Bytes, utf8Text, byteSymbols } from "./bytes";
export { GPT2_SPLIT_PATTERN, splitPieces, pieceCounts } from "./pretokenize";
export { createBpeWorkerCore, type BpeWorkerApi } from "./worker-core";
