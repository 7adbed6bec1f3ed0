"""Trains model.Model on the exported data with the document's settings (config.json).

    python train.py                                           # one device
    torchrun --standalone --nproc_per_node=4 train.py         # data parallel (DDP) on 4 processes
    torchrun --standalone --nproc_per_node=4 train.py --fsdp  # fully sharded (FSDP)
    python train.py --max-steps 200 --out run --resume        # continue run/ckpt.pt
    python train.py --weights model.json                      # start from the app's weights

(torch 1.13 under Python 3.11: add `--redirects 2 --tee 2` after torchrun, whose default "0" it cannot parse.)

The batch size in config.json is the examples of one optimisation step, as in the app; it is
split over processes and --grad-accum micro-steps (--batch-size sets the per-process micro-batch).
Every process draws the same global batch of row ids from one seeded generator and takes its own
slice, so 2 processes × batch b train on exactly what 1 process × batch 2b trains on. Checkpoints
(rank 0 writes them) hold the model, the optimiser, the step and the generator, so --resume goes on
where the run stopped. At the end the weights are written back as tfjs (out/tfjs/model.json) for
the app's "load weights" (out/tfjs/model.model.json).
"""
import argparse
import math
import os
import time

import torch
import torch.distributed as dist
import torch.nn.functional as F

from data import Data, read_config
from model import Model

ROOT = os.path.dirname(os.path.abspath(__file__))


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--max-steps", type=int, default=None, help="stop after this many steps (default: config.json's steps)")
    p.add_argument("--batch-size", type=int, default=None, help="examples per process per micro-step")
    p.add_argument("--grad-accum", type=int, default=1, help="micro-steps per optimisation step")
    p.add_argument("--out", default="out", help="folder for ckpt.pt and tfjs/")
    p.add_argument("--resume", action="store_true", help="continue from OUT/ckpt.pt")
    p.add_argument("--weights", default=None, help="the app's model.json to start from")
    p.add_argument("--fsdp", action="store_true", help="shard parameters, gradients and optimiser state (FSDP)")
    p.add_argument("--config", default=os.path.join(ROOT, "config.json"))
    return p.parse_args()


def learning_rate(c, step):
    """Linear warmup, then cosine down to minLrRatio·lr at `steps` (or constant): the app's schedule."""
    warm = c["warmupSteps"]
    if step < warm:
        return c["lr"] * (step + 1) / warm
    if c["schedule"] == "constant":
        return c["lr"]
    low = c["lr"] * c["minLrRatio"]
    progress = min(1.0, (step - warm) / max(1, c["steps"] - warm))
    return low + 0.5 * (c["lr"] - low) * (1 + math.cos(math.pi * progress))


def make_optimizer(model, c):
    """Adam (β₂ 0.999), AdamW (β₂ 0.95, decay on ≥2-D weights only) or SGD with momentum, as the app's."""
    params = [p for p in model.parameters() if p.requires_grad]
    if c["optimizer"] == "sgd":
        return torch.optim.SGD(params, lr=c["lr"], momentum=c["momentum"])
    if c["optimizer"] == "adam":
        return torch.optim.Adam(params, lr=c["lr"], betas=(0.9, 0.999), eps=1e-8)
    groups = [
        {"params": [p for p in params if p.dim() >= 2], "weight_decay": c["weightDecay"]},
        {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0},
    ]
    return torch.optim.AdamW(groups, lr=c["lr"], betas=(0.9, 0.95), eps=1e-8)


def loss_sum(kind, out, target, weights):
    """Σ of the per-position loss (cross-entropy, or squared error for regression), weighted by a mask."""
    if kind == "regression":
        return (out.float() - target.reshape(out.shape)).square().sum()
    nll = F.cross_entropy(out.float().reshape(-1, out.shape[-1]), target.reshape(-1), reduction="none")
    return (nll * weights.reshape(-1)).sum() if weights is not None else nll.sum()


def loss_count(data, split, rows):
    """What the app's loss divides by for these rows: the mask's sum, or the number of positions."""
    s = data.split(split)
    if s.kind != "text" and s.weights is not None:
        return max(float(s.weights[rows].sum()), 1e-9)
    per_row = data.block_size if s.kind == "text" else max(1, s.target[0].numel())
    return float(len(rows) * per_row)


class Run:
    def __init__(self, args):
        self.args = args
        self.config = read_config(os.path.dirname(os.path.abspath(args.config)))
        self.c = self.config["train"]
        self.distributed = "RANK" in os.environ
        if self.distributed:
            cuda = torch.cuda.is_available()
            dist.init_process_group(backend="nccl" if cuda else "gloo")
            self.rank, self.world = dist.get_rank(), dist.get_world_size()
            local = int(os.environ.get("LOCAL_RANK", 0))
            self.device = torch.device(f"cuda:{local}") if cuda else torch.device("cpu")
            if cuda:
                torch.cuda.set_device(self.device)
        else:
            self.rank, self.world = 0, 1
            self.device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
        per_step = self.world * args.grad_accum
        if args.batch_size is None:
            if self.c["batchSize"] % per_step:
                self.fail(f"batch size {self.c['batchSize']} does not split over {self.world} processes × {args.grad_accum} micro-steps: pass --batch-size")
            args.batch_size = self.c["batchSize"] // per_step
        self.global_batch = args.batch_size * per_step
        self.data = Data(ROOT, self.config)
        torch.manual_seed(self.c["seed"])
        model = Model()
        if args.weights:
            import convert

            model.load_state_dict(convert.tfjs_to_state_dict(args.weights))
        self.raw = model.to(self.device)
        self.model = self.wrap(self.raw)
        self.optimizer = make_optimizer(self.model if args.fsdp else self.raw, self.c)
        self.generator = torch.Generator().manual_seed(self.c["seed"])
        self.step = 0
        self.ckpt = os.path.join(args.out, "ckpt.pt")
        if args.resume:
            self.load()

    def fail(self, message):
        raise SystemExit(f"train.py: {message}")

    def log(self, message):
        if self.rank == 0:
            print(message, flush=True)

    def wrap(self, model):
        if self.args.fsdp:
            if not self.distributed:
                self.fail("--fsdp needs several processes: run it under torchrun --nproc_per_node=N")
            from torch.distributed.fsdp import FullyShardedDataParallel

            return FullyShardedDataParallel(model, device_id=self.device if self.device.type == "cuda" else None)
        if self.distributed:
            from torch.nn.parallel import DistributedDataParallel

            return DistributedDataParallel(model, device_ids=[self.device.index] if self.device.type == "cuda" else None)
        return model

    def autocast(self):
        if self.device.type == "cuda":
            return torch.autocast("cuda", dtype=torch.bfloat16)
        return torch.autocast("cpu", enabled=False)

    def micro_loss(self, split, rows, count):
        """This process's share of the step's loss: Σ loss of its rows / the global count."""
        inputs, target, weights = self.data.split(split).take(rows)
        inputs = [x.to(self.device) for x in inputs]
        target = target.to(self.device)
        weights = weights.to(self.device) if weights is not None else None
        with self.autocast():
            out = self.model(*inputs)
        if isinstance(out, tuple):
            out = out[0]
        return loss_sum(self.config["loss"], out, target, weights) / count

    def my_rows(self, rows, micro):
        b = self.args.batch_size
        start = (micro * self.world + self.rank) * b
        return rows[start : start + b]

    def reduce(self, value):
        t = torch.tensor([value], dtype=torch.float64, device=self.device if self.device.type == "cuda" else "cpu")
        if self.distributed:
            dist.all_reduce(t)
        return float(t.item())

    def train_step(self):
        lr = learning_rate(self.c, self.step)
        for group in self.optimizer.param_groups:
            group["lr"] = lr
        rows = self.data.draw("train", self.generator, self.global_batch)
        count = loss_count(self.data, "train", rows)
        total = 0.0
        self.model.train()
        for micro in range(self.args.grad_accum):
            last = micro == self.args.grad_accum - 1
            sync = last or not self.distributed or self.args.fsdp
            context = self.model.no_sync() if not sync else _null()
            with context:
                loss = self.micro_loss("train", self.my_rows(rows, micro), count)
                # DDP and FSDP average gradients over processes; ×world makes that average the sum.
                (loss * self.world).backward()
            total += loss.item()
        if self.c["clipNorm"] > 0:
            if self.args.fsdp:
                self.model.clip_grad_norm_(self.c["clipNorm"])
            else:
                torch.nn.utils.clip_grad_norm_(self.raw.parameters(), self.c["clipNorm"])
        self.optimizer.step()
        self.optimizer.zero_grad(set_to_none=True)
        self.step += 1
        return self.reduce(total), lr

    @torch.no_grad()
    def evaluate(self):
        """Mean loss over evalBatches validation batches, the same batches at every evaluation."""
        self.model.eval()
        generator = torch.Generator().manual_seed(self.c["seed"] + 1)
        losses = []
        for _ in range(self.c["evalBatches"]):
            rows = self.data.draw("val", generator, self.global_batch)
            count = loss_count(self.data, "val", rows)
            part = sum(self.micro_loss("val", self.my_rows(rows, m), count).item() for m in range(self.args.grad_accum))
            losses.append(self.reduce(part))
        return sum(losses) / len(losses)

    def state_dict(self):
        if not self.args.fsdp:
            return self.raw.state_dict(), self.optimizer.state_dict()
        from torch.distributed.fsdp import FullStateDictConfig, FullyShardedDataParallel, StateDictType

        with FullyShardedDataParallel.state_dict_type(self.model, StateDictType.FULL_STATE_DICT, FullStateDictConfig(offload_to_cpu=True, rank0_only=True)):
            model = self.model.state_dict()
        return model, FullyShardedDataParallel.full_optim_state_dict(self.model, self.optimizer)

    def save(self):
        model, optimizer = self.state_dict()
        if self.rank == 0:
            os.makedirs(self.args.out, exist_ok=True)
            state = {"model": model, "optimizer": optimizer, "step": self.step, "generator": self.generator.get_state()}
            torch.save(state, self.ckpt + ".tmp")
            os.replace(self.ckpt + ".tmp", self.ckpt)
        if self.distributed:
            dist.barrier()
        return model

    def load(self):
        if not os.path.exists(self.ckpt):
            self.fail(f"--resume found no checkpoint at {self.ckpt}: train once with --out {self.args.out} first")
        state = torch.load(self.ckpt, map_location="cpu")
        if self.args.fsdp:
            self._load_fsdp(state)
        else:
            self.raw.load_state_dict(state["model"])
            self.optimizer.load_state_dict(state["optimizer"])
        self.step = state["step"]
        self.generator.set_state(state["generator"])
        self.log(f"resumed from {self.ckpt} at step {self.step}")

    def _load_fsdp(self, state):
        from torch.distributed.fsdp import FullyShardedDataParallel, StateDictType

        with FullyShardedDataParallel.state_dict_type(self.model, StateDictType.FULL_STATE_DICT):
            self.model.load_state_dict(state["model"])
        self.optimizer.load_state_dict(FullyShardedDataParallel.shard_full_optim_state_dict(state["optimizer"], self.model))

    def run(self):
        steps = self.args.max_steps if self.args.max_steps is not None else self.c["steps"]
        tokens = self.global_batch * (self.data.block_size if self.data.train.kind == "text" else 1)
        model = None
        self.log(f"training {steps} steps on {self.world} process(es) ({self.device.type}), {self.global_batch} examples per step")
        while self.step < steps:
            start = time.time()
            loss, lr = self.train_step()
            rate = tokens / max(time.time() - start, 1e-9)
            self.log(f"step {self.step} loss {loss:.6f} lr {lr:.3e} tokens/s {rate:.0f}")
            if self.step % self.c["evalEvery"] == 0 or self.step == steps:
                self.log(f"step {self.step} val loss {self.evaluate():.6f}")
                model = self.save()
        if model is None:
            model = self.save()
        if self.rank == 0:
            import convert

            path = convert.state_dict_to_tfjs(model, os.path.join(self.args.out, "tfjs"), "model")
            self.log(f"wrote {path} (load it in the app's Train tab)")
        if self.distributed:
            # Every process leaves together: gloo can hang in destroy when a peer has already gone.
            dist.barrier()
            dist.destroy_process_group()


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


if __name__ == "__main__":
    Run(parse_args()).run()
