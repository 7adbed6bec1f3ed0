/**
 * The dataset layer of the training core: seeded generators and parsers that return plain typed
 * arrays (no tfjs, no React), so they run the same in Node, the browser and a Web Worker.
 */
export { createRng, type Rng, type MutableList } from "./random";
export {
  spirals,
  moons,
  circles,
  xor,
  blobs,
  makePoints,
  POINT_DATASETS,
  type PointDataset,
  type PointDatasetName,
  type PointOptions,
} from "./points";
export {
  makeSequenceTask,
  toDecoderOnly,
  decodeTokens,
  encodeTokens,
  SEQUENCE_TASKS,
  PAD_ID,
  BOS_ID,
  SEP_ID,
  type SequenceTaskName,
  type SequenceTaskOptions,
  type SequenceDataset,
  type DecoderOnlyDataset,
} from "./sequences";
export { CharTokenizer, UnknownCharacterError, type CharTokenizerJSON } from "./tokenizer";
export { generateCorpus, unigramEntropy, type CorpusOptions } from "./corpus";
export { corpusSample, CORPUS_SAMPLE_CHARS } from "./corpus-sample";
export { exportData, type ExportData } from "./exportData";
export { createBpeTextDataset, type BpeTextDataset, type BpeTextOptions } from "./bpe-text";
export {
  createTextDataset,
  corpusTextDataset,
  sampleWindows,
  type TextDataset,
  type TextDatasetOptions,
  type TextBatch,
  type TextSplit,
} from "./text";
export { parseCsv, type CsvOptions, type CsvTable, type CsvClassification, type CsvRegression, type CsvError } from "./csv";
export { splitIndices, splitXY, takeRows, type SplitOptions, type SplitIndices, type RowArray, type XY } from "./split";
export {
  describeData,
  minTokensFor,
  splitSizes,
  VAL_FRACTION,
  type DataFacts,
  type RowFacts,
  type TextFacts,
  type SequenceFacts,
} from "./facts";
export { checkTraining, type CheckInput, type DataFix, type DataProblem, type DataProblemCode, type ParamEdit } from "./check";
export { applyDataFixes } from "./fixes";
export { defaultConfigFor, defaultTraining, withDefaultTraining } from "./defaults";
export { exportTorchData, torchTrainingFiles, type TorchData, type TorchDataResult } from "./torchData";
export { makeRecallTask, RECALL_MAX_DISTANCE, RECALL_MIN_DISTANCE, type RecallDataset, type RecallOptions } from "./recall";
