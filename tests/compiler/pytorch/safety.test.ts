/**
 * Hostile user strings never become Python: for the TypeScript export's hostile cases (labels,
 * document names, node and group ids of quotes, backslashes, triple quotes, newlines, invisible,
 * bidi and astral characters), every model.py parses, its marker never appears outside a string
 * token (not in a name, comment or keyword), MODEL_NAME and LABELS hold each string exactly, and
 * Model() builds in real PyTorch. All cases run in one Python process.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emitPyTorch } from "@/compiler";
import { MARK, hostileCases } from "../codegen/hostile";
import { PYTHON, useTorchDir } from "./torch";

const CHECK = String.raw`
import io, json, os, sys, tokenize
sys.dont_write_bytecode = True
root, mark = sys.argv[1], sys.argv[2]
problems = []
for case in sorted(os.listdir(root)):
    folder = os.path.join(root, case)
    with open(os.path.join(folder, "model.py"), encoding="utf-8") as f:
        source = f.read()
    with open(os.path.join(folder, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if mark in tok.string and tok.type != tokenize.STRING:
            problems.append(f"{case}: {mark} outside a string at line {tok.start[0]}: {tok.line.strip()[:80]}")
    scope = {"__name__": "exported_" + case}
    exec(compile(source, case + "/model.py", "exec"), scope)
    if scope["MODEL_NAME"] != expected["name"]:
        problems.append(f"{case}: MODEL_NAME is {scope['MODEL_NAME']!r}")
    if [name for name, _ in scope["TFJS_WEIGHTS"]] != [s + "/kernel" for s in expected["weights"]]:
        problems.append(f"{case}: TFJS_WEIGHTS changed the names")
    for s in expected["labels"]:
        if s not in scope["LABELS"].values():
            problems.append(f"{case}: label {s!r} missing from LABELS")
    model = scope["Model"]()
    count = sum(p.numel() for p in model.parameters())
    if count != expected["params"]:
        problems.append(f"{case}: {count} parameters, the app has {expected['params']}")
print(json.dumps(problems))
`;

const root = useTorchDir();

describe("hostile labels, names and ids in the PyTorch export", () => {
  it("stay data: model.py parses, keeps each string exactly, never lets one out of a string, and builds", () => {
    const samples = fc.sample(hostileCases, { numRuns: 32, seed: 8 });
    let n = 0;
    for (const { doc, strings } of samples) {
      // One base (random graph 2) has a repeated block the PyTorch export refuses (see equivalence.test.ts).
      if (doc.groups.some((g) => g.nodes.filter((x) => x.type === "GroupOutput").length > 1)) continue;
      // tfjs refuses such names, so the app cannot compile these graphs; hostile weight names stand in for its list.
      const files = emitPyTorch(doc, { weights: strings.map((s, i) => ({ name: `${s}/kernel`, shape: [i + 1] })) });
      const folder = join(root(), `case${String(n++).padStart(2, "0")}`);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, "model.py"), files["model.py"]);
      const params = Number(/"""The model: ([\d,]+) parameters/.exec(files["model.py"])![1].replace(/,/g, ""));
      writeFileSync(join(folder, "expected.json"), JSON.stringify({ name: doc.name, labels: strings.slice(1), weights: strings, params }));
      expect(files["model.py"]).toContain("TFJS_WEIGHTS = [");
    }
    expect(n).toBeGreaterThanOrEqual(16);
    const run = spawnSync(PYTHON, ["-c", CHECK, root(), MARK], { encoding: "utf8", env: { ...process.env, OMP_NUM_THREADS: "1" } });
    expect(run.stderr).toBe("");
    expect((JSON.parse(run.stdout) as string[]).join("\n")).toBe("");
  });
});
