/**
 * A small log–log chart of forward FLOPs and activation memory against sequence length.
 * Both axes are logarithmic, so cost that grows like T is a line of slope 1 and attention's
 * T² a line of slope 2: the bend is the lesson. Plain SVG, no chart library.
 */
import type { SeriesPoint } from "./costSeries";
import { formatBytes, formatFlops } from "./format";

const W = 320;
const H = 140;
const PAD = { left: 44, right: 52, top: 16, bottom: 30 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;

interface Props {
  points: SeriesPoint[];
  /** The length the tab is showing, marked with a vertical line. */
  current?: number;
  batch: number;
}

/** Whole decades covering the positive values: `[10^lo, 10^hi]` with hi > lo. */
function decades(values: number[]): [number, number] {
  const pos = values.filter((v) => v > 0);
  if (pos.length === 0) return [0, 1];
  const lo = Math.floor(Math.log10(Math.min(...pos)));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...pos))));
  return [lo, hi];
}

function ticks([lo, hi]: [number, number]): number[] {
  const every = hi - lo > 6 ? 2 : 1;
  const out: number[] = [];
  for (let e = lo; e <= hi; e += every) out.push(e);
  return out;
}

/** FLOP ticks with SI prefixes only (`100G`): "B" would read as bytes next to the memory axis. */
const flopTick = (v: number) =>
  formatFlops(v)
    .replace(/ ?FLOPs$/, "")
    .replace(" ", "");

const lengthLabel = (T: number) => (T >= 1024 ? `${T / 1024}k` : String(T));

export function CostChart({ points, current, batch }: Props) {
  if (points.length < 2) return null;
  const lx = (T: number) => Math.log2(T);
  const [x0, x1] = [lx(points[0].T), lx(points[points.length - 1].T)];
  const x = (T: number) => PAD.left + ((lx(T) - x0) / (x1 - x0)) * PLOT_W;
  const flopRange = decades(points.map((p) => p.flops));
  const byteRange = decades(points.flatMap((p) => [p.bytes, p.attentionBytes]));
  const y =
    ([lo, hi]: [number, number]) =>
    (v: number) =>
      PAD.top + (1 - (Math.log10(v) - lo) / (hi - lo)) * PLOT_H;
  const yFlops = y(flopRange);
  const yBytes = y(byteRange);
  const path = (pick: (p: SeriesPoint) => number, yOf: (v: number) => number) =>
    points
      .filter((p) => pick(p) > 0)
      .map((p, i) => `${i === 0 ? "M" : "L"}${x(p.T).toFixed(1)},${yOf(pick(p)).toFixed(1)}`)
      .join(" ");
  const labelEvery = points.length > 6 ? 2 : 1;
  const hasAttention = points.some((p) => p.attentionBytes > 0);
  const showCurrent = current !== undefined && current >= points[0].T && current <= points[points.length - 1].T;

  return (
    <svg
      className="tl-chart"
      width={W}
      height={H}
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label="Forward FLOPs and activation memory against sequence length, log–log"
    >
      {ticks(flopRange).map((e) => (
        <g key={`f${e}`}>
          <line className="tl-chart-grid" x1={PAD.left} x2={W - PAD.right} y1={yFlops(10 ** e)} y2={yFlops(10 ** e)} />
          <text className="tl-chart-tick" x={PAD.left - 4} y={yFlops(10 ** e)} textAnchor="end" dominantBaseline="middle">
            {flopTick(10 ** e)}
          </text>
        </g>
      ))}
      {ticks(byteRange).map((e) => (
        <text key={`b${e}`} className="tl-chart-tick" x={W - PAD.right + 4} y={yBytes(10 ** e)} dominantBaseline="middle">
          {formatBytes(10 ** e)}
        </text>
      ))}
      {points.map((p, i) => (
        <g key={p.T}>
          <line className="tl-chart-axis" x1={x(p.T)} x2={x(p.T)} y1={H - PAD.bottom} y2={H - PAD.bottom + 3} />
          {i % labelEvery === 0 && (
            <text className="tl-chart-tick" x={x(p.T)} y={H - PAD.bottom + 12} textAnchor="middle">
              {lengthLabel(p.T)}
            </text>
          )}
        </g>
      ))}
      <line className="tl-chart-axis" x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} />
      <text className="tl-chart-title" x={PAD.left + PLOT_W / 2} y={H - 4} textAnchor="middle">
        sequence length T (tokens, log scale)
      </text>
      <text className="tl-chart-title" x={PAD.left - 4} y={8} textAnchor="end">
        FLOPs
      </text>
      {showCurrent && (
        <g>
          <line className="tl-chart-current" x1={x(current)} x2={x(current)} y1={PAD.top} y2={H - PAD.bottom} />
          {/* The label sits on the side of the line with more room, clear of the axis ticks. */}
          <text
            className="tl-chart-tick"
            x={x(current) + (x(current) > PAD.left + PLOT_W / 2 ? -3 : 3)}
            y={PAD.top + 8}
            textAnchor={x(current) > PAD.left + PLOT_W / 2 ? "end" : "start"}
          >
            T={current}
          </text>
        </g>
      )}
      <path className="tl-chart-line tl-chart-flops" d={path((p) => p.flops, yFlops)} />
      <path className="tl-chart-line tl-chart-bytes" d={path((p) => p.bytes, yBytes)} />
      {hasAttention && <path className="tl-chart-line tl-chart-attention" d={path((p) => p.attentionBytes, yBytes)} />}
      {points.map((p) => (
        <g key={`p${p.T}`}>
          <rect className="tl-chart-hit" x={x(p.T) - 8} y={PAD.top} width={16} height={PLOT_H} />
          {p.flops > 0 && <circle className="tl-chart-dot tl-chart-flops" cx={x(p.T)} cy={yFlops(p.flops)} r={2.5} />}
          {p.bytes > 0 && <circle className="tl-chart-dot tl-chart-bytes" cx={x(p.T)} cy={yBytes(p.bytes)} r={2.5} />}
          <title>{`T=${p.T}: ${formatFlops(p.flops)} per sample, ${formatBytes(p.bytes)} of activations at B=${batch}${p.attentionBytes > 0 ? ` (attention ${formatBytes(p.attentionBytes)})` : ""}`}</title>
        </g>
      ))}
    </svg>
  );
}
