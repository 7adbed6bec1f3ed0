"use client";
/**
 * The Curves sub-tab: training and validation loss, accuracy where the task has one, and the
 * learning rate, for every visible run of the document; beside them the run list, where runs are
 * shown, hidden, picked or forgotten.
 */
import { useShallow } from "zustand/react/shallow";
import { useTrain } from "./context";
import { hasColumn } from "./chartData";
import { lastValue, lossTrend, rowCount } from "./metricSeries";
import { MetricChart } from "./MetricChart";
import { activeRun, docRuns } from "./runStore";
import { RunList } from "./RunList";

export function CurvesPanel() {
  const runs = useTrain(useShallow(docRuns));
  const revision = useTrain((s) => s.revision);
  const active = useTrain(activeRun);
  const visible = runs.filter((r) => r.visible);
  const series = visible.map((r) => r.series);
  const showAccuracy = hasColumn(series, "accuracy");
  const trend = active ? lossTrend(active.series) : undefined;

  return (
    <div className="tl-curves">
      <div className={showAccuracy ? "tl-curves-charts tl-curves-3" : "tl-curves-charts"}>
        <MetricChart
          kind="loss"
          title="Loss (solid: training, dashed: validation)"
          runs={visible}
          revision={revision}
          testId="loss-chart"
          data={{ rows: active ? rowCount(active.series) : 0, "loss-start": trend?.start, "loss-end": trend?.end }}
        />
        {showAccuracy && (
          <MetricChart
            kind="accuracy"
            title="Accuracy"
            runs={visible}
            revision={revision}
            testId="accuracy-chart"
            data={{ "val-accuracy": active ? lastValue(active.series.valAccuracy) : undefined }}
          />
        )}
        <MetricChart kind="lr" title="Learning rate" runs={visible} revision={revision} testId="lr-chart" />
      </div>
      <RunList />
    </div>
  );
}
