"""Checks an exported PyTorch project against the app, for tests/compiler/pytorch/equivalence.test.ts.

    python check.py <project dir> <case dir>

The case dir holds what the app (tfjs) computed: case.json (input shapes and dtypes, output kind, loss,
where each tensor sits in case.bin), case.bin (float32/int32 little-endian) and the app's weights download
weights/model.json. It loads those weights through convert.py, runs the same inputs in PyTorch, compares
outputs, loss and every weight's gradient, writes the weights back with state_dict_to_tfjs into
<case dir>/back/ and prints one JSON line with the largest differences.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

project, case_dir = sys.argv[1], sys.argv[2]
sys.path.insert(0, project)
torch.set_num_threads(1)
import convert  # noqa: E402
import model as exported  # noqa: E402

with open(os.path.join(case_dir, "case.json")) as f:
    case = json.load(f)
with open(os.path.join(case_dir, "case.bin"), "rb") as f:
    blob = f.read()


def tensor(entry):
    dtype = np.int32 if entry["dtype"] == "int32" else np.float32
    count = int(np.prod(entry["shape"], dtype=np.int64))
    return np.frombuffer(blob, dtype, count, entry["offset"]).reshape(entry["shape"])


state = convert.tfjs_to_state_dict(os.path.join(case_dir, "weights", "model.json"))
net = exported.Model()
net.load_state_dict(state, strict=True)
net.eval()
inputs = [torch.from_numpy(tensor(e).astype(np.int64 if e["dtype"] == "int32" else np.float32)) for e in case["inputs"]]
out = net(*inputs)
expected = tensor(case["output"])
target = torch.from_numpy(np.array(tensor(case["target"])))
if case["kind"] == "regression":
    loss = (out - target.reshape(out.shape).float()).pow(2).mean()
else:
    loss = F.cross_entropy(out.reshape(-1, out.shape[-1]), target.reshape(-1).long())
loss.backward()

mapping = convert.weight_map(net)
params = dict(net.named_parameters())
grad_diff, worst = 0.0, ""
for name, entry in case["grads"].items():
    key, transposed = mapping[name]
    g = params[key].grad
    g = np.zeros(params[key].shape, np.float32) if g is None else g.numpy()
    diff = float(np.max(np.abs((g.T if transposed else g) - tensor(entry)), initial=0.0))
    if diff > grad_diff:
        grad_diff, worst = diff, name

# The init: a fresh Model()'s weights spread as the app's do (same distributions, other random numbers).
torch.manual_seed(0)
fresh_params = dict(exported.Model().named_parameters())
init_diff, worst_init = 0.0, ""
for name, std in case["initStd"].items():
    key, _ = mapping[name]
    ours = float(fresh_params[key].detach().std(unbiased=False))
    diff = abs(ours - std) / max(std, 1e-12) if std > 0 else ours
    if diff > init_diff:
        init_diff, worst_init = diff, name

missing = sorted(set(exported.Model().state_dict()) - set(state))
convert.state_dict_to_tfjs(net.state_dict(), os.path.join(case_dir, "back"), "model")

# A file that does not fit: one weight missing, one renamed (extra), one in another shape.
mismatch = ""
if case.get("mismatch"):
    with open(os.path.join(case_dir, "weights", "model.json")) as f:
        doc = json.load(f)
    specs = doc["weightsManifest"][0]["weights"]
    specs[1]["name"] = "renamed/kernel"
    specs[2]["shape"] = [1] + specs[2]["shape"]
    doc["weightsManifest"][0]["weights"] = specs[1:]
    bad = os.path.join(case_dir, "weights", "bad.model.json")
    with open(bad, "w") as f:
        json.dump(doc, f)
    try:
        convert.tfjs_to_state_dict(bad)
    except convert.WeightsMismatch as err:
        mismatch = str(err)

print(json.dumps({
    "out": float(np.max(np.abs(out.detach().numpy() - expected))),
    "outScale": float(np.max(np.abs(expected))),
    "loss": float(loss.item()),
    "grad": grad_diff,
    "init": init_diff,
    "worstInit": worst_init,
    "worstGrad": worst,
    "gradsChecked": len(case["grads"]),
    "params": sum(p.numel() for p in net.parameters()),
    "missing": missing,
    "mismatch": mismatch,
    "torch": torch.__version__,
}))
