"use client";
/** Save the active run's weights in this browser, load them back, or download them as tfjs files. */
import { useState } from "react";
import { useTrainContext } from "./context";
import { runLabel } from "./runStore";
import type { RunRecord } from "./runStore";
import { downloadWeights, weightsKey, weightsReadable, WEIGHTS_NOT_READY } from "./weightsFiles";

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function WeightsActions({ run }: { run: RunRecord | undefined }) {
  const { store, client } = useTrainContext();
  const [busy, setBusy] = useState(false);
  // Saving and downloading read the weights, so a paused run will do; loading replaces them, so the run must have ended.
  const ready = weightsReadable(run);
  const loadable = ready && run?.status !== "paused";
  const title = ready ? undefined : WEIGHTS_NOT_READY;

  const act = async (what: () => Promise<string>, failure: string) => {
    setBusy(true);
    try {
      store.setState({ flash: { kind: "info", text: await what() } });
    } catch (err) {
      store.setState({ flash: { kind: "error", text: `${failure}: ${messageOf(err)}` } });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="tl-train-row">
      <span className="tl-train-label">Weights</span>
      <button
        type="button"
        className="tl-button tl-button-small"
        disabled={!ready || busy}
        title={title ?? "Keep these weights in this browser (IndexedDB), one slot per graph name"}
        data-testid="weights-save"
        onClick={() =>
          run &&
          void act(async () => {
            await client().saveWeights(weightsKey(run.graphName));
            return `Saved the weights of ${runLabel(run)} in this browser`;
          }, "Saving failed")
        }
      >
        Save
      </button>
      <button
        type="button"
        className="tl-button tl-button-small"
        disabled={!loadable || busy}
        title={title ?? (loadable ? "Load the weights saved for this graph name into the model" : "Stop the run to load weights into it")}
        data-testid="weights-load"
        onClick={() =>
          run &&
          void act(async () => {
            await client().loadWeights(weightsKey(run.graphName));
            return `Loaded the saved weights of ${run.graphName}`;
          }, "Loading failed")
        }
      >
        Load
      </button>
      <button
        type="button"
        className="tl-button tl-button-small"
        disabled={!ready || busy}
        title={title ?? "Download model.json and its weights file (tfjs format)"}
        data-testid="weights-download"
        onClick={() => run && void act(() => downloadWeights(client(), run.graphName), "Download failed")}
      >
        Download
      </button>
    </div>
  );
}
