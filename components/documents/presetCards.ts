/** The data of the preset gallery's cards: each preset built with its defaults and counted. */
import { analyse } from "@/graph";
import type { GraphDocument } from "@/graph";
import { buildPreset, presets } from "@/presets";

export interface PresetCard {
  id: string;
  title: string;
  summary: string;
  graph: GraphDocument;
  /** Trainable parameters with the default settings. */
  params: number;
}

/** One card per preset, in the order of the learning path; a preset that fails to build is left out. */
export function presetCards(): PresetCard[] {
  return presets.flatMap((p) => {
    const built = buildPreset(p.id);
    if (!built.ok) return [];
    return [{ id: p.id, title: p.title, summary: p.summary, graph: built.graph, params: analyse(built.graph, { batch: 1 }).totals.params }];
  });
}

/**
 * A parameter count as people say it.
 * @example formatParamCount(812_544) // "813K"; formatParamCount(1_234) // "1.2K"
 */
export function formatParamCount(n: number): string {
  const scaled = (value: number, unit: string) => `${value >= 100 ? Math.round(value) : Number(value.toPrecision(2))}${unit}`;
  if (n >= 1e9) return scaled(n / 1e9, "B");
  if (n >= 1e6) return scaled(n / 1e6, "M");
  if (n >= 1e3) return scaled(n / 1e3, "K");
  return String(n);
}
