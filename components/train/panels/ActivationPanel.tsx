"use client";
/**
 * Activations: statistics of one node's output on a validation batch — mean, spread, range,
 * the share of exact zeros (dead ReLUs) and a histogram. The node is picked from the list or
 * follows the canvas selection.
 */
import { useId, useMemo, useState } from "react";
import { useEditor } from "../../editor/context";
import { activationTargets, targetForSelection } from "../activationTargets";
import { useTrainContext } from "../context";
import type { RunRecord } from "../runStore";
import type { TensorStats } from "../types";
import { usePoll } from "./usePoll";

const REFRESH_MS = 4000;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

const num = (v: number) =>
  !Number.isFinite(v)
    ? String(v)
    : v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4)
      ? v.toExponential(2)
      : String(Number(v.toPrecision(4)));

/** What the numbers suggest, in words; undefined when nothing stands out. */
export function activationWarning(s: Pick<TensorStats, "zeros" | "std" | "min" | "max">): string | undefined {
  if (![s.min, s.max, s.std].every(Number.isFinite)) return "Non-finite values: the activations have blown up";
  if (s.zeros >= 0.5) return `${Math.round(s.zeros * 100)}% exact zeros: many units are dead (a ReLU that never fires)`;
  if (Math.max(Math.abs(s.min), Math.abs(s.max)) > 1e3) return "Very large values: activations are exploding";
  if (s.std < 1e-4) return "Almost constant: this tensor carries little information";
  return undefined;
}

function Histogram({ stats }: { stats: TensorStats }) {
  const W = 320;
  const H = 96;
  const { counts, edges } = stats.histogram;
  const max = Math.max(1, ...counts);
  const bw = W / Math.max(1, counts.length);
  return (
    <svg
      className="tl-histogram"
      width={W}
      height={H + 16}
      viewBox={`0 0 ${W} ${H + 16}`}
      role="img"
      aria-label={`Histogram of ${stats.ref}`}
      data-testid="activation-histogram"
    >
      {counts.map((c, i) => {
        const h = (c / max) * H;
        return (
          <rect key={i} className="tl-histogram-bar" x={i * bw + 0.5} y={H - h} width={Math.max(0.5, bw - 1)} height={h}>
            <title>{`${num(edges[i])} to ${num(edges[i + 1])}: ${c}`}</title>
          </rect>
        );
      })}
      <line className="tl-chart-axis" x1={0} x2={W} y1={H + 0.5} y2={H + 0.5} />
      <text className="tl-chart-tick" x={0} y={H + 12}>
        {num(edges[0])}
      </text>
      <text className="tl-chart-tick" x={W} y={H + 12} textAnchor="end">
        {num(edges[edges.length - 1])}
      </text>
    </svg>
  );
}

export function ActivationPanel({ run }: { run: RunRecord }) {
  const { client } = useTrainContext();
  const selectId = useId();
  const targets = useMemo(() => activationTargets(run.doc), [run.doc]);
  const selection = useEditor((s) => s.selection);
  const scope = useEditor((s) => s.scope);
  const fromCanvas = targetForSelection(targets, selection, scope);
  const [picked, setPicked] = useState<string | undefined>(undefined);
  // The canvas selection wins when it points at a node; otherwise the list's choice, or the first hidden layer.
  const ref = fromCanvas?.ref ?? picked ?? targets.find((t) => t.type !== "Input")?.ref ?? targets[0]?.ref;
  const [stats, setStats] = useState<TensorStats | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  usePoll(
    async () => {
      if (!ref) return;
      try {
        setStats(await client().activationStats(ref));
        setError(undefined);
      } catch (err) {
        setStats(undefined);
        setError(`${ref} could not be measured: ${messageOf(err)}`);
      }
    },
    REFRESH_MS,
    run.status === "running",
    [run.id, run.status, ref],
  );

  const warning = stats ? activationWarning(stats) : undefined;
  return (
    <div className="tl-activations" data-testid="activation-panel">
      <div className="tl-activation-side">
        <div className="tl-knob tl-knob-wide">
          <label htmlFor={selectId}>Node</label>
          <select
            id={selectId}
            className="tl-train-select"
            value={ref ?? ""}
            onChange={(e) => setPicked(e.target.value)}
            data-testid="activation-node"
            disabled={fromCanvas !== undefined}
          >
            {targets.map((t) => (
              <option key={t.ref} value={t.ref}>
                {t.label} · {t.type}
              </option>
            ))}
          </select>
        </div>
        <p className="tl-muted tl-panel-note">
          {fromCanvas ? "Following the canvas selection; click the empty canvas to pick from the list." : "Or select a node on the canvas."}
        </p>
        {stats && (
          <dl className="tl-stat-grid" data-testid="activation-stats">
            <div>
              <dt>shape</dt>
              <dd className="tl-mono">{stats.shape.join("×")}</dd>
            </div>
            <div>
              <dt>mean</dt>
              <dd>{num(stats.mean)}</dd>
            </div>
            <div>
              <dt>std</dt>
              <dd>{num(stats.std)}</dd>
            </div>
            <div>
              <dt>min</dt>
              <dd>{num(stats.min)}</dd>
            </div>
            <div>
              <dt>max</dt>
              <dd>{num(stats.max)}</dd>
            </div>
            <div>
              <dt>zeros</dt>
              <dd>{(stats.zeros * 100).toFixed(1)}%</dd>
            </div>
          </dl>
        )}
      </div>
      <div className="tl-activation-main">
        {error && <p className="tl-setting-error">{error}</p>}
        {warning && <p className="tl-train-msg tl-train-msg-warning">{warning}</p>}
        {stats ? <Histogram stats={stats} /> : !error && <p className="tl-muted">Measuring…</p>}
      </div>
    </div>
  );
}
