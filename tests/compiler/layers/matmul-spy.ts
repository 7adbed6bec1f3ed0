/** Records the transpose flags of every BatchMatMul kernel call on the active backend. */
import * as tf from "@tensorflow/tfjs";

export interface MatMulCall {
  transposeA: boolean;
  transposeB: boolean;
  rank: number;
}

/** Runs `f` with BatchMatMul wrapped by a recorder, then restores the original kernel. */
export function recordMatMuls(f: () => void): MatMulCall[] {
  const backend = tf.getBackend();
  const original = tf.getKernel("BatchMatMul", backend);
  if (!original) throw new Error(`no BatchMatMul kernel on ${backend}`);
  const calls: MatMulCall[] = [];
  tf.unregisterKernel("BatchMatMul", backend);
  tf.registerKernel({
    ...original,
    kernelFunc: (args) => {
      const attrs = args.attrs as { transposeA?: boolean; transposeB?: boolean };
      const a = (args.inputs as { a: tf.TensorInfo }).a;
      calls.push({ transposeA: !!attrs.transposeA, transposeB: !!attrs.transposeB, rank: a.shape.length });
      return original.kernelFunc(args);
    },
  });
  try {
    f();
  } finally {
    tf.unregisterKernel("BatchMatMul", backend);
    tf.registerKernel(original);
  }
  return calls;
}
