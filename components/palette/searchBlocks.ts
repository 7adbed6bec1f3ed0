/** Block search for the palette and quick-add: "att" finds the attention blocks. */
import { blockList, CATEGORY_LABELS } from "@/graph";
import type { BlockDef } from "@/graph";

/** Blocks a user can add by hand in this scope (groups are made with "Group into block"). */
export function addableBlocks(insideGroup: boolean): BlockDef[] {
  return blockList.filter((b) => b.type !== "Group" && (insideGroup || (b.type !== "GroupInput" && b.type !== "GroupOutput")));
}

export function searchBlocks(query: string, insideGroup: boolean): BlockDef[] {
  const q = query.trim().toLowerCase();
  const all = addableBlocks(insideGroup);
  if (!q) return all;
  const score = (b: BlockDef) => {
    const fields = [b.type, b.label, CATEGORY_LABELS[b.category], b.category].map((f) => f.toLowerCase());
    if (fields.some((f) => f.startsWith(q))) return 0;
    if (fields.some((f) => f.includes(q))) return 1;
    if (b.description.toLowerCase().includes(q)) return 2;
    return 3;
  };
  return all
    .map((b) => [b, score(b)] as const)
    .filter(([, s]) => s < 3)
    .sort((a, b) => a[1] - b[1])
    .map(([b]) => b);
}
