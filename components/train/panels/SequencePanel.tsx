"use client";
/**
 * Sequence tasks: validation examples the model answers on its own (greedy, token by token),
 * with its mistakes marked, and the share of answers that are exactly right.
 */
import { useState } from "react";
import { useTrainContext } from "../context";
import { formatAccuracy } from "../progress";
import type { RunRecord } from "../runStore";
import { markMistakes } from "../sequenceDiff";
import type { SequenceEvaluation } from "../types";
import { usePoll } from "./usePoll";

const COUNT = 8;
const REFRESH_MS = 4000;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function SequencePanel({ run }: { run: RunRecord }) {
  const { client } = useTrainContext();
  const [result, setResult] = useState<{ e: SequenceEvaluation; step: number } | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [nonce, setNonce] = useState(0);

  usePoll(
    async () => {
      try {
        setResult({ e: await client().sequenceExamples(COUNT), step: run.last?.step ?? 0 });
        setError(undefined);
      } catch (err) {
        setError(`The examples could not be evaluated: ${messageOf(err)}`);
      }
    },
    REFRESH_MS,
    run.status === "running",
    [run.id, run.status, nonce],
  );

  return (
    <div className="tl-sequences" data-testid="sequence-panel">
      <div className="tl-panel-head">
        {result ? (
          <p className="tl-panel-stats">
            <span title="Answers with every token right">
              exact-sequence accuracy <strong data-testid="sequence-exact">{formatAccuracy(result.e.exactAccuracy)}</strong>
            </span>
            <span title="Answer tokens right">
              token accuracy <strong>{formatAccuracy(result.e.tokenAccuracy)}</strong>
            </span>
            <span className="tl-muted">at step {result.step.toLocaleString("en-US")}, the model writing each answer itself</span>
          </p>
        ) : (
          <p className="tl-panel-stats tl-muted">{error ? "" : "Evaluating validation examples…"}</p>
        )}
        <button type="button" className="tl-button tl-button-small" onClick={() => setNonce((n) => n + 1)}>
          Refresh
        </button>
      </div>
      {error && <p className="tl-setting-error">{error}</p>}
      {result && (
        <table className="tl-seq-table">
          <thead>
            <tr>
              <th scope="col">Input</th>
              <th scope="col">Target</th>
              <th scope="col">Prediction</th>
              <th scope="col" aria-label="Right or wrong" />
            </tr>
          </thead>
          <tbody>
            {result.e.examples.map((ex, i) => (
              <tr key={i} className={ex.correct ? undefined : "tl-seq-wrong"}>
                <td className="tl-mono">{ex.input}</td>
                <td className="tl-mono">{ex.target}</td>
                <td className="tl-mono">
                  {markMistakes(ex.target, ex.prediction).map((seg, j) =>
                    seg.wrong ? (
                      <mark key={j} className="tl-seq-mistake">
                        {seg.text}
                      </mark>
                    ) : (
                      <span key={j}>{seg.text}</span>
                    ),
                  )}
                </td>
                <td className={ex.correct ? "tl-seq-ok" : "tl-seq-bad"}>{ex.correct ? "✓" : "✗"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
