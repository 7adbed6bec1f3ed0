"use client";
/**
 * Runs side by side: the decision boundary and the attention map each run kept at its last
 * save, so runs whose models are no longer in the worker can still be compared.
 */
import { useEffect, useRef } from "react";
import { useEditor } from "../editor/context";
import { drawBoundary } from "./panels/BoundaryPanel";
import { Heatmap } from "./panels/Heatmap";
import { formatAccuracy } from "./progress";
import { runLabel } from "./runStore";
import type { RunRecord } from "./runStore";
import type { DecisionBoundary } from "./types";

function BoundaryThumb({ run, boundary }: { run: RunRecord; boundary: DecisionBoundary }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const theme = useEditor((s) => s.theme);
  const classes = run.info?.pointsTask?.numClasses ?? Math.max(2, ...Array.from(boundary.labels, (l) => l + 1));
  useEffect(() => {
    if (canvas.current) drawBoundary(canvas.current, boundary, classes);
  }, [boundary, classes, theme]);
  return (
    <figure className="tl-compare-item" data-testid={`compare-boundary-${run.number}`}>
      <canvas ref={canvas} className="tl-compare-canvas" role="img" aria-label={`Decision boundary of ${runLabel(run)}`} />
      <figcaption>
        <span className="tl-run-swatch" style={{ background: run.color }} aria-hidden /> {runLabel(run)} ·{" "}
        {formatAccuracy(boundary.accuracy)}
      </figcaption>
    </figure>
  );
}

export function RunsCompare({ runs }: { runs: RunRecord[] }) {
  const bounded = runs.filter((r) => r.boundary);
  const attended = runs.filter((r) => r.attention);
  if (!bounded.length && !attended.length) return null;
  return (
    <section className="tl-compare" aria-label="Runs side by side">
      {bounded.length > 0 && (
        <>
          <h3 className="tl-compare-title">Decision boundaries (at each run&apos;s last save)</h3>
          <div className="tl-compare-row" data-testid="compare-boundaries">
            {bounded.map((r) => (
              <BoundaryThumb key={r.id} run={r} boundary={r.boundary!} />
            ))}
          </div>
        </>
      )}
      {attended.length > 0 && (
        <>
          <h3 className="tl-compare-title">
            Attention of {attended[0].attention!.layer} (validation example 0, at each run&apos;s last save)
          </h3>
          <div className="tl-compare-row" data-testid="compare-attention">
            {attended.map((r) => (
              <figure key={r.id} className="tl-compare-item tl-compare-wide" data-testid={`compare-attention-${r.number}`}>
                <Heatmap map={r.attention!} />
                <figcaption>
                  <span className="tl-run-swatch" style={{ background: r.color }} aria-hidden /> {runLabel(r)}
                </figcaption>
              </figure>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
