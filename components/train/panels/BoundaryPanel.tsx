"use client";
/**
 * The decision boundary of a 2-D classifier: the plane coloured by the predicted class (paler
 * where the model is unsure) with the validation points on top, refreshed every few seconds
 * while it trains; beside it the accuracy and the confusion matrix.
 */
import { useEffect, useRef, useState } from "react";
import { useEditor } from "../../editor/context";
import { useTrainContext } from "../context";
import { boundaryPixels, boundarySide, confusionShares, toCanvas } from "../boundaryImage";
import { formatAccuracy } from "../progress";
import { CLASS_COLORS } from "../runColors";
import type { RunRecord } from "../runStore";
import type { DecisionBoundary } from "../types";
import { usePoll } from "./usePoll";

const RESOLUTION = 64;
const REFRESH_MS = 2500;
/** Width kept beside the plot for the accuracy and the confusion matrix (and the gap). */
const SIDE_COLUMN = 296;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Paints a boundary grid and its validation points into a square canvas (`size` px, its CSS width by default). */
export function drawBoundary(canvas: HTMLCanvasElement, b: DecisionBoundary, classes: number, size = canvas.clientWidth) {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(size * dpr);
  canvas.height = Math.round(size * dpr);
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, size, size);
  const grid = document.createElement("canvas");
  grid.width = b.resolution;
  grid.height = b.resolution;
  grid.getContext("2d")?.putImageData(new ImageData(boundaryPixels(b, classes), b.resolution, b.resolution), 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(grid, 0, 0, size, size);
  const panel = getComputedStyle(canvas).getPropertyValue("--panel").trim() || "#fff";
  ctx.lineWidth = 1;
  ctx.strokeStyle = panel;
  for (let i = 0; i < b.labels.length; i++) {
    const [x, y] = toCanvas(b, size, b.points[2 * i], b.points[2 * i + 1]);
    ctx.beginPath();
    ctx.arc(x, y, 2.5, 0, Math.PI * 2);
    ctx.fillStyle = CLASS_COLORS[b.labels[i] % CLASS_COLORS.length];
    ctx.fill();
    ctx.stroke();
  }
}

export function BoundaryPanel({ run }: { run: RunRecord }) {
  const { client } = useTrainContext();
  const theme = useEditor((s) => s.theme);
  const canvas = useRef<HTMLCanvasElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  // The plot is a square as big as the panel's height and the width the table leaves allow.
  const [side, setSide] = useState<number | undefined>(undefined);
  useEffect(() => {
    const el = panel.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => setSide(boundarySide(entry.contentRect.width - SIDE_COLUMN, entry.contentRect.height)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const [boundary, setBoundary] = useState<{ b: DecisionBoundary; step: number } | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const classes = run.info?.pointsTask?.numClasses ?? 2;

  usePoll(
    async () => {
      try {
        const b = await client().boundary(RESOLUTION);
        setBoundary({ b, step: run.last?.step ?? 0 });
        setError(undefined);
      } catch (err) {
        setError(`The boundary could not be computed: ${messageOf(err)}`);
      }
    },
    REFRESH_MS,
    run.status === "running",
    [run.id, run.status],
  );

  useEffect(() => {
    if (canvas.current && boundary && side) drawBoundary(canvas.current, boundary.b, classes, side - 2); // inside its 1px border
  }, [boundary, classes, theme, side]);

  const shares = boundary ? confusionShares(boundary.b.confusion) : [];
  return (
    <div className="tl-boundary" ref={panel} data-testid="boundary-panel">
      <canvas
        ref={canvas}
        className="tl-boundary-canvas"
        role="img"
        aria-label="Decision boundary over the validation points"
        data-testid="boundary-canvas"
        data-step={boundary?.step}
        style={side ? { width: side, height: side } : undefined}
      />
      <div className="tl-boundary-side">
        {error && <p className="tl-setting-error">{error}</p>}
        {boundary ? (
          <>
            <dl className="tl-stat-list">
              <div>
                <dt>Validation accuracy</dt>
                <dd className="tl-big" data-testid="boundary-accuracy">
                  {formatAccuracy(boundary.b.accuracy)}
                </dd>
              </div>
              <div>
                <dt>Drawn at</dt>
                <dd>step {boundary.step.toLocaleString("en-US")}</dd>
              </div>
            </dl>
            <table className="tl-confusion" aria-label="Confusion matrix: rows are the true class, columns the predicted one">
              <thead>
                <tr>
                  <th scope="col" className="tl-confusion-corner" title="rows: true class; columns: predicted">
                    true ╲ pred
                  </th>
                  {boundary.b.confusion.map((_, j) => (
                    <th key={j} scope="col">
                      <span className="tl-class-dot" style={{ background: CLASS_COLORS[j % CLASS_COLORS.length] }} />
                      {j}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {boundary.b.confusion.map((row, i) => (
                  <tr key={i}>
                    <th scope="row">
                      <span className="tl-class-dot" style={{ background: CLASS_COLORS[i % CLASS_COLORS.length] }} />
                      {i}
                    </th>
                    {row.map((v, j) => (
                      <td
                        key={j}
                        className={i === j ? "tl-confusion-hit" : v > 0 ? "tl-confusion-miss" : undefined}
                        style={{ ["--share" as string]: shares[i][j] }}
                        title={`${v} of class ${i} predicted as ${j} (${Math.round(shares[i][j] * 100)}%)`}
                      >
                        {v}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          !error && <p className="tl-muted">Drawing the boundary…</p>
        )}
      </div>
    </div>
  );
}
