"use client";
/**
 * The Cost tab: parameters, forward FLOPs and activation memory of the whole graph at a
 * chosen batch and sequence length, a sortable per-node table of the scope being edited,
 * and a chart of how cost grows with the sequence length.
 */
import { useDeferredValue, useMemo, useState } from "react";
import { analyse, isValid } from "@/graph";
import { useEditor } from "../editor/context";
import { useAnalysis, useStructure } from "../editor/useAnalysis";
import { scopeAnalysis } from "../canvas/toFlow";
import { CostChart } from "./CostChart";
import { costRows } from "./costRows";
import { attentionShare, costSeries } from "./costSeries";
import { CostTable } from "./CostTable";
import { PlannerSection } from "./PlannerSection";
import { NumberField } from "../common/NumberField";
import { formatBytes, formatExact, formatFlops, formatParams, formatPercent } from "./format";

const MAX_BATCH = 4096;
const MAX_LENGTH = 65_536;

export function CostTab() {
  // Positions do not change costs; and the table and chart (seven analyses and a row per
  // block) render after the canvas has shown an edit, not before.
  const doc = useDeferredValue(useStructure(useEditor((s) => s.doc)));
  const scope = useEditor((s) => s.scope);
  const selection = useEditor((s) => s.selection);
  const select = useEditor((s) => s.select);
  const base = useAnalysis(doc);
  /** The length the graph's Input blocks bind; undefined when nothing is a sequence. */
  const bound = base.totals.seqLen;

  const [batch, setBatch] = useState(1);
  const [lengthOverride, setLengthOverride] = useState<number | undefined>(undefined);
  const seqLen = bound === undefined ? undefined : (lengthOverride ?? bound);

  const analysis = useMemo(() => analyse(doc, { batch, ...(seqLen !== undefined ? { seqLen } : {}) }), [doc, batch, seqLen]);
  const series = useMemo(() => (bound === undefined ? [] : costSeries(doc, batch, bound)), [doc, batch, bound]);
  const rows = useMemo(() => costRows(doc, scope, scopeAnalysis(analysis, scope)), [doc, scope, analysis]);

  const t = analysis.totals;
  const share = attentionShare(t);
  const last = series[series.length - 1];
  const group = scope ? doc.groups.find((g) => g.id === scope) : undefined;
  const valid = isValid(analysis);
  const chartNote = () => {
    if (!valid) return "Blocks with errors, and those after them, are left out of these numbers: see Problems.";
    if (series.length < 2) return "The graph has no sequence input, so its cost does not depend on a length.";
    if (t.attentionBytes === 0 || !last) return "No attention here: cost grows in step with T.";
    const later = formatPercent(attentionShare({ attentionBytes: last.attentionBytes, activationBytes: last.bytes }));
    return `Attention holds ${formatPercent(share)} of activation memory at T=${seqLen} and ${later} at T=${last.T}: it grows like T².`;
  };

  return (
    <section className="tl-cost" data-testid="cost-tab" aria-label="Cost">
      <PlannerSection doc={doc} analysis={base} />
      <div className="tl-cost-grid">
        <div className="tl-cost-side">
          <div className="tl-cost-controls">
            <NumberField
              className="tl-cost-control"
              min={1}
              integer
              label="Batch"
              title="Batch size B for activation memory"
              value={batch}
              max={MAX_BATCH}
              onChange={setBatch}
              testId="cost-batch"
            />
            {bound !== undefined && (
              <NumberField
                className="tl-cost-control"
                min={1}
                integer
                label="T"
                title={`Sequence length T for FLOPs and memory; the graph's Input binds T=${bound}`}
                value={seqLen ?? bound}
                max={MAX_LENGTH}
                onChange={(v) => setLengthOverride(v === bound ? undefined : v)}
                testId="cost-seqlen"
              />
            )}
            {lengthOverride !== undefined && bound !== undefined && (
              <button
                type="button"
                className="tl-link"
                onClick={() => setLengthOverride(undefined)}
                title={`Back to T=${bound}, the length the graph's Input binds`}
              >
                reset
              </button>
            )}
          </div>
          <dl className="tl-cost-totals">
            <div>
              <dt>Parameters</dt>
              <dd className="tl-big" data-testid="cost-params" title={`${formatExact(t.params)} parameters`}>
                {formatParams(t.params)}
              </dd>
              <dd className="tl-sub" title={`${formatExact(t.paramsNonEmbedding)} parameters outside embeddings`}>
                {formatParams(t.paramsNonEmbedding)} without embeddings
              </dd>
            </div>
            <div>
              <dt>Forward FLOPs</dt>
              {seqLen !== undefined ? (
                <>
                  <dd className="tl-big" title={`${formatExact(t.flopsPerToken)} FLOPs per token`}>
                    {formatFlops(t.flopsPerToken)} <span className="tl-unit">/ token</span>
                  </dd>
                  <dd className="tl-sub" title={`${formatExact(t.flopsPerSample)} FLOPs per sample`}>
                    {formatFlops(t.flopsPerSample)} / sample of {seqLen}
                  </dd>
                </>
              ) : (
                <dd className="tl-big" title={`${formatExact(t.flopsPerSample)} FLOPs per sample`}>
                  {formatFlops(t.flopsPerSample)} <span className="tl-unit">/ sample</span>
                </dd>
              )}
            </div>
            <div>
              <dt>Activation memory</dt>
              <dd className="tl-big" title={`${formatExact(t.activationBytes)} bytes (float32), kept for the backward pass`}>
                {formatBytes(t.activationBytes)}
              </dd>
              <dd className="tl-sub">
                at B={batch}
                {seqLen !== undefined ? `, T=${seqLen}` : ""}
                {t.attentionBytes > 0 ? ` · attention ${formatPercent(share)}` : ""}
              </dd>
            </div>
          </dl>
        </div>

        <div className="tl-cost-table-wrap">
          {group && (
            <p className="tl-cost-caption">
              Inside <strong>{group.name}</strong>: costs of one copy.
            </p>
          )}
          {rows.length ? (
            <CostTable rows={rows} selection={selection} batch={batch} onSelect={(id) => select([id])} />
          ) : (
            <p className="tl-empty">No blocks here yet.</p>
          )}
        </div>

        <figure className="tl-cost-chart" data-testid="cost-chart">
          {series.length >= 2 && (
            <>
              <figcaption className="tl-chart-legend">
                <span className="tl-key tl-key-flops" title="Forward FLOPs for one sample (left axis)">
                  FLOPs
                </span>
                <span className="tl-key tl-key-bytes" title={`Activation memory at B=${batch} (right axis)`}>
                  memory
                </span>
                {series.some((p) => p.attentionBytes > 0) && (
                  <span className="tl-key tl-key-attention" title="Memory held by attention matrices (right axis)">
                    attention
                  </span>
                )}
              </figcaption>
              <CostChart points={series} current={seqLen} batch={batch} />
            </>
          )}
          <p className={valid ? "tl-chart-note" : "tl-chart-note tl-cost-note"} data-testid="cost-attention-share">
            {chartNote()}
          </p>
        </figure>
      </div>
    </section>
  );
}
