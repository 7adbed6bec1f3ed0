"use client";
/**
 * Attention: pick an attention layer and a validation example (or, for a language model, type
 * a text) and see each head's weights as a heatmap with the tokens on both axes.
 */
import { useId, useState } from "react";
import { useTrainContext } from "../context";
import type { RunRecord } from "../runStore";
import type { AttentionMap } from "../types";
import { Heatmap } from "./Heatmap";
import { NumberField } from "../../common/NumberField";
import { usePoll } from "./usePoll";

const REFRESH_MS = 5000;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function AttentionPanel({ run }: { run: RunRecord }) {
  const { client } = useTrainContext();
  const layers = run.info?.attention ?? [];
  const layerId = useId();
  const textId = useId();
  const [layer, setLayer] = useState(layers[0]?.nodeId ?? "");
  const [example, setExample] = useState(0);
  const [text, setText] = useState("");
  const [map, setMap] = useState<AttentionMap | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const lm = run.info?.kind === "language_model" && !run.info.sequenceTask;

  usePoll(
    async () => {
      if (!layer) return;
      try {
        setMap(await client().attention(layer, example, lm && text ? text : undefined));
        setError(undefined);
      } catch (err) {
        setError(`The attention weights could not be read: ${messageOf(err)}`);
      }
    },
    REFRESH_MS,
    run.status === "running",
    [run.id, run.status, layer, example, text],
  );

  return (
    <div className="tl-attention" data-testid="attention-panel">
      <div className="tl-panel-head">
        <div className="tl-knob">
          <label htmlFor={layerId}>Layer</label>
          <select
            id={layerId}
            className="tl-train-select"
            value={layer}
            onChange={(e) => setLayer(e.target.value)}
            data-testid="attention-layer"
          >
            {layers.map((l) => (
              <option key={l.nodeId} value={l.nodeId}>
                {l.nodeId} · {l.heads} head{l.heads === 1 ? "" : "s"}
                {l.causal ? " · causal" : ""}
              </option>
            ))}
          </select>
        </div>
        {lm ? (
          <div className="tl-knob tl-knob-wide">
            <label htmlFor={textId} title="Text to read (empty: a validation example)">
              Text
            </label>
            <input
              id={textId}
              className="tl-train-input"
              value={text}
              placeholder={`validation example ${example}`}
              spellCheck={false}
              onChange={(e) => setText(e.target.value)}
              data-testid="attention-text"
            />
          </div>
        ) : null}
        {(!lm || !text) && (
          <NumberField
            className="tl-knob"
            inputClassName="tl-train-input"
            label="Example"
            title="Which validation example"
            value={example}
            min={0}
            max={999}
            step={1}
            integer
            onChange={setExample}
            testId="attention-example"
          />
        )}
      </div>
      {error && <p className="tl-setting-error">{error}</p>}
      {map ? <Heatmap map={map} /> : !error && <p className="tl-muted tl-panel-note">Reading attention weights…</p>}
    </div>
  );
}
