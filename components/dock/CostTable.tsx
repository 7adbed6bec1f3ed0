/** The Cost tab's per-node table: sortable by any column; clicking a row selects the node. */
import { useState } from "react";
import { formatBytes, formatExact, formatFlops, formatParams } from "./format";
import { sortRows, nextSort, NUMERIC_KEYS } from "./costRows";
import type { CostRow, SortKey, SortState } from "./costRows";

interface Props {
  rows: CostRow[];
  selection: readonly string[];
  batch: number;
  onSelect(id: string): void;
}

const COLUMNS: { key: SortKey; label: string; title: string }[] = [
  { key: "id", label: "Node", title: "Node id (and label)" },
  { key: "summary", label: "Block", title: "Block and its key settings; a repeated block shows ×N" },
  { key: "shape", label: "Output", title: "Output shape (B = batch, T = sequence length)" },
  { key: "params", label: "Params", title: "Trainable parameters (a repeated block: all copies)" },
  { key: "flops", label: "FLOPs", title: "Forward FLOPs for one sample (a multiply-add counts 2)" },
  { key: "memory", label: "Memory", title: "Activation memory kept for the backward pass (float32) at the chosen batch" },
];

export function CostTable({ rows, selection, batch, onSelect }: Props) {
  const [sort, setSort] = useState<SortState>({ key: "order", dir: "asc" });
  const sorted = sortRows(rows, sort);
  const selected = new Set(selection);
  const total = rows.reduce((a, r) => ({ params: a.params + r.params, flops: a.flops + r.flops, memory: a.memory + r.memory }), {
    params: 0,
    flops: 0,
    memory: 0,
  });

  return (
    <table className="tl-cost-table" data-testid="cost-table">
      <colgroup>
        <col className="tl-col-node" />
        <col className="tl-col-block" />
        <col className="tl-col-shape" />
        <col className="tl-col-params" />
        <col className="tl-col-flops" />
        <col className="tl-col-memory" />
      </colgroup>
      <thead>
        <tr>
          {COLUMNS.map((c) => {
            const active = sort.key === c.key;
            return (
              <th
                key={c.key}
                scope="col"
                className={NUMERIC_KEYS.has(c.key) ? "tl-num" : undefined}
                aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}
              >
                <button
                  type="button"
                  className="tl-sort"
                  title={`${c.title}. Click to sort${active ? "; again to reverse" : ""}.`}
                  onClick={() => setSort(nextSort(sort, c.key))}
                >
                  {c.label}
                  <span className="tl-sort-mark" aria-hidden>
                    {active ? (sort.dir === "asc" ? "▲" : "▼") : ""}
                  </span>
                </button>
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {sorted.map((r) => (
          <tr
            key={r.id}
            className={selected.has(r.id) ? "tl-row-selected" : undefined}
            onClick={() => onSelect(r.id)}
            onKeyDown={(e) => {
              if (e.key === "Enter" || e.key === " ") {
                e.preventDefault();
                onSelect(r.id);
              }
            }}
            tabIndex={0}
            data-testid={`cost-row-${r.id}`}
          >
            <td title={r.label ? `${r.label} (${r.id})` : r.id}>
              <span className="tl-mono">{r.id}</span>
              {r.label && <span className="tl-muted"> {r.label}</span>}
            </td>
            <td title={r.summary}>{r.summary}</td>
            <td className="tl-mono" title={r.shape}>
              {r.shape || "—"}
            </td>
            <td className="tl-num" title={`${formatExact(r.params)} parameters`}>
              {r.params ? formatParams(r.params) : "—"}
            </td>
            <td className="tl-num" title={`${formatExact(r.flops)} FLOPs`}>
              {r.flops ? formatFlops(r.flops) : "—"}
            </td>
            <td className="tl-num" title={`${formatExact(r.memory)} bytes at B=${batch}`}>
              {r.memory ? formatBytes(r.memory) : "—"}
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={3}>
            Total ({rows.length} node{rows.length === 1 ? "" : "s"})
          </th>
          <td className="tl-num">{formatParams(total.params)}</td>
          <td className="tl-num">{formatFlops(total.flops)}</td>
          <td className="tl-num">{formatBytes(total.memory)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
