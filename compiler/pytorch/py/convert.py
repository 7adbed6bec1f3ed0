"""Weights between Tensorloom (the tfjs model.json + .bin of its Weights download) and PyTorch (a state_dict
of model.Model), by weight name.

    python convert.py to-torch model.json out.pt     # the app's download → a state_dict file
    python convert.py to-tfjs in.pt out_dir/ [name]  # a state_dict file → name.model.json + name.weights.bin

The app's "load weights" (Train tab) reads the pair written by to-tfjs.
"""
import json
import os
import sys

import numpy as np
import torch

from model import TFJS_WEIGHTS, Model

DTYPES = {"float32": np.float32, "int32": np.int32}


class WeightsMismatch(ValueError):
    """The weights do not fit the model; the message lists every missing, extra and misshapen weight."""


def weight_map(model):
    """The app's weight name → (state_dict key, transposed?) for every parameter of `model`."""
    names = {}
    for path, module in model.named_modules():
        tfjs_name = getattr(module, "tfjs_name", "")
        if not tfjs_name:
            continue
        for suffix, param, transposed in type(module).TFJS_MAP:
            owner = module
            parts = param.split(".")
            for part in parts[:-1]:
                owner = getattr(owner, part, None)
            if owner is None or getattr(owner, parts[-1], None) is None:
                continue
            key = f"{path}.{param}" if path else param
            names[f"{tfjs_name}/{suffix}"] = (key, transposed)
    return names


def check_fit(found, wanted, where):
    """Raises one WeightsMismatch naming every missing, extra and misshapen weight: found/wanted map name → shape."""
    missing = [f"{n} {list(s)}" for n, s in wanted.items() if n not in found]
    extra = [n for n in found if n not in wanted]
    shaped = [f"{n} is {list(found[n])} in {where} but {list(s)} in the model" for n, s in wanted.items() if n in found and list(found[n]) != list(s)]
    problems = []
    if missing:
        problems.append("missing: " + ", ".join(missing))
    if extra:
        problems.append("extra: " + ", ".join(extra))
    if shaped:
        problems.append("misshapen: " + "; ".join(shaped))
    if problems:
        raise WeightsMismatch(f"the weights in {where} do not fit this model: " + " | ".join(problems))


def tfjs_to_state_dict(model_json_path):
    """Reads the app's model.json and the weights file(s) its manifest names (beside it) into a state_dict."""
    with open(model_json_path, encoding="utf-8") as f:
        manifest = json.load(f).get("weightsManifest") or []
    specs = [spec for group in manifest for spec in group["weights"]]
    if not specs:
        raise WeightsMismatch(f"{model_json_path} names no weights: is it the model.json of Tensorloom's Weights download?")
    folder = os.path.dirname(model_json_path)
    data = b""
    for group in manifest:
        for path in group["paths"]:
            file = os.path.join(folder, path[2:] if path.startswith("./") else path)
            if not os.path.exists(file):
                raise WeightsMismatch(f"cannot read {file} (named by {model_json_path}; keep it beside that file)")
            with open(file, "rb") as f:
                data += f.read()
    arrays, offset = {}, 0
    for spec in specs:
        if spec.get("quantization"):
            raise WeightsMismatch(f"{spec['name']} is quantized; download the float32 weights to convert them")
        dtype = DTYPES.get(spec["dtype"])
        if dtype is None:
            raise WeightsMismatch(f"{spec['name']} has dtype {spec['dtype']}; only float32 weights convert")
        count = int(np.prod(spec["shape"], dtype=np.int64))
        size = count * np.dtype(dtype).itemsize
        if offset + size > len(data):
            raise WeightsMismatch(f"the weights file of {model_json_path} ends before {spec['name']}")
        arrays[spec["name"]] = np.frombuffer(data, dtype, count, offset).reshape(spec["shape"])
        offset += size
    check_fit({n: a.shape for n, a in arrays.items()}, {n: s for n, s in TFJS_WEIGHTS}, model_json_path)
    mapping = weight_map(Model())
    state = {}
    for name, array in arrays.items():
        key, transposed = mapping[name]
        tensor = torch.from_numpy(np.ascontiguousarray(array.T if transposed else array).astype(np.float32))
        state[key] = tensor
    return state


def state_dict_to_tfjs(state_dict, out_dir, name="model"):
    """Writes name.model.json and name.weights.bin (the app's weight order) into out_dir; returns the model.json path."""
    mapping = weight_map(Model())
    by_key = {key: (tfjs, transposed) for tfjs, (key, transposed) in mapping.items()}
    state = {k: v for k, v in state_dict.items() if k in by_key or not k.endswith(("_mask", "num_batches_tracked"))}
    found = {}
    for key, value in state.items():
        if key in by_key:
            tfjs, transposed = by_key[key]
            found[tfjs] = tuple(value.t().shape if transposed else value.shape)
        else:
            found[key] = tuple(value.shape)
    check_fit(found, {n: s for n, s in TFJS_WEIGHTS}, "the state_dict")
    tensors = {tfjs: state[key] for tfjs, (key, _) in mapping.items()}
    os.makedirs(out_dir, exist_ok=True)
    bin_name = f"{name}.weights.bin"
    chunks, specs = [], []
    for tfjs, shape in TFJS_WEIGHTS:
        value = tensors[tfjs].detach().to("cpu", torch.float32)
        if mapping[tfjs][1]:
            value = value.t()
        chunks.append(np.ascontiguousarray(value.numpy()).astype("<f4").tobytes())
        specs.append({"name": tfjs, "shape": list(shape), "dtype": "float32"})
    with open(os.path.join(out_dir, bin_name), "wb") as f:
        f.write(b"".join(chunks))
    json_path = os.path.join(out_dir, f"{name}.model.json")
    with open(json_path, "w", encoding="utf-8") as f:
        json.dump({"format": "layers-model", "generatedBy": "Tensorloom convert.py", "convertedBy": None,
                   "modelTopology": None, "weightsManifest": [{"paths": [f"./{bin_name}"], "weights": specs}]}, f)
    return json_path


def main(argv):
    usage = "usage: python convert.py to-torch model.json out.pt | python convert.py to-tfjs in.pt out_dir/ [name]"
    if len(argv) >= 3 and argv[0] == "to-torch":
        torch.save(tfjs_to_state_dict(argv[1]), argv[2])
        print(f"wrote {argv[2]}")
    elif len(argv) >= 3 and argv[0] == "to-tfjs":
        state = torch.load(argv[1], map_location="cpu")
        if isinstance(state, dict) and "model" in state and isinstance(state["model"], dict):
            state = state["model"]  # a training checkpoint
        print(f"wrote {state_dict_to_tfjs(state, argv[2], argv[3] if len(argv) > 3 else 'model')}")
    else:
        print(usage, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except WeightsMismatch as err:
        print(f"convert.py: {err}", file=sys.stderr)
        sys.exit(1)
