"use client";
/**
 * One live chart (loss, accuracy or learning rate against step) drawn by uPlot. The plot is
 * built once per set of runs and theme; new metrics only replace its data, on the next
 * animation frame after the run store's (throttled) revision changes.
 */
import { useEffect, useMemo, useRef } from "react";
import uPlot from "uplot";
import { useEditor } from "../editor/context";
import { alignRuns, CHART_COLUMNS, tickLabel } from "./chartData";
import type { ChartKind } from "./chartData";
import { formatAccuracy, formatLoss, formatLr } from "./progress";
import { runLabel } from "./runStore";
import type { RunRecord } from "./runStore";

const FORMAT: Record<ChartKind, (v: number | null | undefined) => string> = { loss: formatLoss, accuracy: formatAccuracy, lr: formatLr };

const css = (el: Element, name: string, fallback: string) => getComputedStyle(el).getPropertyValue(name).trim() || fallback;

const tickFormat = (kind: ChartKind) => (_u: uPlot, values: number[]) =>
  values.map((v) => (v === null || v === undefined ? "" : tickLabel(kind, v)));

/** Room for the y tick labels: 6px per character of the 10px font, and the ticks. */
const axisSize = (_u: uPlot, values: string[] | null) => Math.max(32, Math.max(0, ...(values ?? []).map((t) => String(t).length)) * 6 + 14);

const stepTicks = (_u: uPlot, values: number[]) => values.map((v) => (v >= 10_000 ? `${Number((v / 1000).toPrecision(3))}k` : String(v)));

interface Props {
  kind: ChartKind;
  title: string;
  /** The runs to draw, in order. */
  runs: RunRecord[];
  /** The run store's revision: a change means the series grew. */
  revision: number;
  testId?: string;
  /** Extra attributes on the figure (for tests: the active run's loss trend). */
  data?: Record<string, string | number | undefined>;
}

export function MetricChart({ kind, title, runs, revision, testId, data }: Props) {
  const theme = useEditor((s) => s.theme);
  const box = useRef<HTMLDivElement>(null);
  const readout = useRef<HTMLSpanElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const columns = CHART_COLUMNS[kind];
  // The plot's series change only when the set of runs or their colours do.
  const structure = runs.map((r) => `${r.id}:${r.color}`).join(",");
  const runsRef = useRef(runs);
  useEffect(() => {
    runsRef.current = runs;
  }, [runs]);
  const labels = useMemo(() => runs.map(runLabel), [runs]);

  useEffect(() => {
    const el = box.current;
    if (!el || runsRef.current.length === 0) return;
    const muted = css(el, "--muted", "#5f6b7a");
    const border = css(el, "--border", "#d9dee5");
    const font = "10px system-ui, sans-serif";
    const axis = { stroke: muted, font, grid: { stroke: border, width: 1 }, ticks: { stroke: border, width: 1, size: 4 } };
    const list = runsRef.current;
    const series: uPlot.Series[] = [{}];
    for (const r of list) {
      for (const c of columns) {
        const val = c.role === "val";
        series.push({
          label: `${runLabel(r)} ${val ? "validation" : "training"}`,
          stroke: val || kind === "lr" ? r.color : `${r.color}b3`,
          width: val ? 2 : 1.25,
          dash: val ? [5, 3] : undefined,
          spanGaps: true,
          points: val ? { show: true, size: 5, fill: r.color, stroke: r.color } : { show: false },
        });
      }
    }
    const rect = el.getBoundingClientRect();
    const opts: uPlot.Options = {
      width: Math.max(120, Math.floor(rect.width)),
      height: Math.max(80, Math.floor(rect.height)),
      legend: { show: false },
      padding: [8, 16, 0, 0],
      cursor: { drag: { x: false, y: false, setScale: false }, points: { size: 6 } },
      scales: {
        x: { time: false },
        y:
          kind === "accuracy"
            ? { range: [0, 1] }
            : kind === "lr"
              ? { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] }
              : { auto: true },
      },
      axes: [
        { ...axis, size: 24, values: stepTicks },
        { ...axis, size: axisSize, values: tickFormat(kind) },
      ],
      series,
      hooks: {
        setCursor: [
          (u) => {
            const out = readout.current;
            if (!out) return;
            const i = u.cursor.idx;
            if (i === null || i === undefined) {
              out.textContent = "";
              return;
            }
            const parts = [`step ${u.data[0][i]}`];
            for (let s = 1; s < u.data.length; s++) {
              const v = u.data[s][i];
              if (v !== null && v !== undefined)
                parts.push(`${u.series[s].label?.toString().replace(" training", "").replace(" validation", " val")} ${FORMAT[kind](v)}`);
            }
            out.textContent = parts.join(" · ");
          },
        ],
      },
    };
    const u = new uPlot(
      opts,
      alignRuns(
        runsRef.current.map((r) => r.series),
        kind,
      ) as uPlot.AlignedData,
      el,
    );
    plot.current = u;
    const resize = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      if (width > 0 && height > 0) u.setSize({ width: Math.floor(width), height: Math.floor(height) });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = undefined;
    };
  }, [structure, theme, kind, columns]);

  // New data: replace it on the next frame (revisions come at most a few times a second).
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      plot.current?.setData(
        alignRuns(
          runsRef.current.map((r) => r.series),
          kind,
        ) as uPlot.AlignedData,
      );
    });
    return () => cancelAnimationFrame(frame);
  }, [revision, kind, structure]);

  return (
    <figure
      className="tl-metric-chart"
      data-testid={testId}
      aria-label={`${title} against step for ${labels.join(", ") || "no runs"}`}
      {...Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]))}
    >
      <figcaption className="tl-metric-head">
        <span className="tl-metric-title">{title}</span>
        <span className="tl-metric-readout" ref={readout} />
      </figcaption>
      <div className="tl-metric-plot" ref={box}>
        {runs.length === 0 && <p className="tl-metric-empty">Curves appear here when a run starts.</p>}
      </div>
    </figure>
  );
}
