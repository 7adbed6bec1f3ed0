"use client";
/**
 * What this document's runs take in the browser's storage — weights (with optimizer state) and
 * records (curves, snapshots, the graph) per run — and buttons to free space: drop a run's
 * weights (its curves stay) or delete the run.
 */
import { useEffect, useState } from "react";
import { useTrainContext, useTrain } from "./context";
import { isLive, removeRun, runLabel } from "./runStore";
import type { RunRecord } from "./runStore";
import type { RunUsage } from "./runsDb";

/** `1.2 MB`, `340 kB`, `900 B`. */
export function formatBytes(n: number): string {
  if (n >= 1048576) return `${(n / 1048576).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} kB`;
  return `${n} B`;
}

export function StorageView({ runs }: { runs: RunRecord[] }) {
  const { store, keeper } = useTrainContext();
  const docId = useTrain((s) => s.docId);
  const [usage, setUsage] = useState<RunUsage[]>([]);
  const [browser, setBrowser] = useState<{ usage?: number; quota?: number } | undefined>(undefined);
  // Re-read when a run is added, removed, saved or its weights dropped.
  const key = runs.map((r) => `${r.id}:${r.checkpoint?.step ?? "-"}:${r.status}`).join(",");
  useEffect(() => {
    let live = true;
    void keeper.usage(docId).then(
      (u) => live && setUsage(u),
      () => {},
    );
    void navigator.storage?.estimate?.().then(
      (e) => live && setBrowser(e),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [keeper, docId, key]);
  const byId = new Map(usage.map((u) => [u.id, u]));
  const total = usage.reduce((n, u) => n + u.weights + u.metrics, 0);

  return (
    <section className="tl-storage" aria-label="Storage" data-testid="storage-view">
      <h3 className="tl-compare-title">
        Storage: this document&apos;s runs take <span data-testid="storage-total">{formatBytes(total)}</span>
        {browser?.quota ? ` (this site uses ${formatBytes(browser.usage ?? 0)} of ${formatBytes(browser.quota)})` : ""}
      </h3>
      <table className="tl-storage-table">
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Weights</th>
            <th scope="col">Curves &amp; record</th>
            <th scope="col" aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => {
            const u = byId.get(r.id);
            return (
              <tr key={r.id} data-testid={`storage-row-${r.number}`}>
                <td>{runLabel(r)}</td>
                <td className="tl-num" data-testid={`storage-weights-${r.number}`}>
                  {u ? (u.weights ? `${formatBytes(u.weights)} (step ${r.checkpoint?.step.toLocaleString("en-US") ?? "?"})` : "none") : "…"}
                </td>
                <td className="tl-num">{u ? formatBytes(u.metrics) : "…"}</td>
                <td>
                  <button
                    type="button"
                    className="tl-button tl-button-small"
                    disabled={!u?.weights || isLive(r)}
                    data-testid={`storage-drop-${r.number}`}
                    title="Delete the saved weights; the curves and snapshots stay"
                    onClick={() => void keeper.dropWeights(r.id)}
                  >
                    Drop weights
                  </button>
                  <button
                    type="button"
                    className="tl-button tl-button-small"
                    disabled={isLive(r)}
                    title="Delete the run, its curves and its weights"
                    onClick={() => {
                      removeRun(store, r.id);
                      void keeper.remove(r.id);
                    }}
                  >
                    Delete run
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
