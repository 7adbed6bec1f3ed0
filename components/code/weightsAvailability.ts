/**
 * Whether the Code tab can offer the trained weights, and the button's title saying why not.
 * The weights must come from a run of the graph the code shows: a run of an earlier version
 * would not load into this model.ts.
 */
import { runLabel } from "../train/runStore";
import type { RunRecord } from "../train/runStore";
import { weightsReadable } from "../train/weightsFiles";

export const NO_RUN_YET = "No run has trained this graph yet: train it in the Train tab, then download its weights here";

export interface WeightsAvailability {
  ok: boolean;
  title: string;
}

/**
 * @param run the Train tab's active run (the model the training worker holds)
 * @param fingerprint `modelFingerprint` of the document the code is generated from
 */
export function weightsAvailability(run: RunRecord | undefined, fingerprint: string): WeightsAvailability {
  if (!run) return { ok: false, title: NO_RUN_YET };
  if (!weightsReadable(run)) {
    const why =
      run.status === "failed"
        ? `${runLabel(run)} failed; train again to download weights`
        : run.info === undefined
          ? `${runLabel(run)} is still building its model`
          : `${runLabel(run)} is training: pause or stop it to download its weights`;
    return { ok: false, title: why };
  }
  if (run.fingerprint !== fingerprint) {
    return {
      ok: false,
      title: `${runLabel(run)} trained an earlier version of this graph; train it again to download weights that fit this code`,
    };
  }
  return { ok: true, title: `Download the weights of ${runLabel(run)}: model.json and its weights file (tfjs format)` };
}
