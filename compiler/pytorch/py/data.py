"""The training data, exactly as the app draws it: the exporter wrote the examples the app generates
(points, sequence tasks, CSV rows, or the token ids of the text) into data/*.bin, and config.json
says their dtype and shape. Batches are random rows (or random windows of the text) drawn from one
generator that every process seeds the same way, so N processes that each take their slice of the
global batch see the same examples as one process taking all of it.
"""
import json
import os

import numpy as np
import torch

DTYPES = {"float32": np.float32, "int32": np.int32, "uint16": np.uint16}


def load_array(root, spec):
    """One array of config.json's data section: {"file", "dtype", "shape"} → a torch tensor."""
    path = os.path.join(root, spec["file"])
    data = np.fromfile(path, dtype=np.dtype(DTYPES[spec["dtype"]]).newbyteorder("<"))
    want = int(np.prod(spec["shape"]))
    if data.size != want:
        raise ValueError(f"{spec['file']} holds {data.size} values but config.json says shape {spec['shape']}: export the project again")
    data = data.reshape(spec["shape"])
    if data.dtype == np.uint16 or data.dtype == np.int32:
        return torch.from_numpy(data.astype(np.int64))
    return torch.from_numpy(data.astype(np.float32))


class Split:
    """The examples of one split; `take(rows)` gives (inputs, target, weights or None) for global row ids."""

    def __init__(self, root, spec, block_size):
        self.kind = spec["kind"]
        if self.kind == "text":
            self.ids = load_array(root, spec["ids"])
            self.block_size = block_size
            if self.ids.numel() < block_size + 1:
                raise ValueError(f"the text split has {self.ids.numel()} tokens but block size {block_size} needs {block_size + 1}")
            self.count = self.ids.numel() - block_size
        else:
            self.inputs = [load_array(root, s) for s in spec["inputs"]]
            self.target = load_array(root, spec["target"])
            self.weights = load_array(root, spec["weights"]) if spec.get("weights") else None
            self.count = self.target.shape[0]

    def take(self, rows):
        if self.kind == "text":
            offsets = rows[:, None] + torch.arange(self.block_size + 1)[None, :]  # [b, T + 1]
            window = self.ids[offsets]
            return [window[:, :-1]], window[:, 1:], None
        weights = self.weights[rows] if self.weights is not None else None
        return [x[rows] for x in self.inputs], self.target[rows], weights


class Data:
    """config.json's "data" section: a train and a val split and how the loss reads them."""

    def __init__(self, root, config):
        spec = config["data"]
        self.loss = config["loss"]
        self.block_size = spec.get("blockSize", 0)
        self.train = Split(root, spec["train"], self.block_size)
        self.val = Split(root, spec["val"], self.block_size)
        self.vocab = spec.get("vocab")

    def split(self, name):
        return self.train if name == "train" else self.val

    def draw(self, name, generator, count):
        """`count` global row ids (with replacement, like the app's batches) from one split."""
        return torch.randint(self.split(name).count, (count,), generator=generator)


def read_config(root):
    with open(os.path.join(root, "config.json"), encoding="utf-8") as f:
        return json.load(f)
