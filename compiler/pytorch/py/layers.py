# Tensorloom's layers in PyTorch: the same math as compiler/layers/*.ts (the app's tfjs layers),
# in PyTorch's weight layout. Every layer keeps `tfjs_name`, the name of its layer in the app's
# model, and TFJS_MAP: (the app's weight name, this module's parameter, transposed?) so that
# convert.py can move weights between the app's files and a state_dict by name.
import math

import torch
import torch.nn.functional as F
from torch import nn

# tfjs adds -1e9 to masked attention scores; softmax then gives them exactly 0, as -inf does.
MASKED_SCORE = -1e9


def normal_(weight, std):
    """The app's randomNormal init (not truncated)."""
    with torch.no_grad():
        return weight.normal_(0.0, std)


def glorot_uniform_(weight):
    """Glorot (Xavier) uniform: the bound √(6 / (fan_in + fan_out)) is the same for [in, out] and [out, in]."""
    return nn.init.xavier_uniform_(weight)


class TLLinear(nn.Module):
    """y = x·Wᵀ + b on the last axis; the app's kernel [in, out] is weight [out, in] here."""

    TFJS_MAP = (("kernel", "weight", True), ("bias", "bias", False))

    def __init__(self, in_features, units, bias=True, init="glorot", stddev=0.02, name=""):
        super().__init__()
        self.tfjs_name = name
        self.weight = nn.Parameter(torch.empty(units, in_features))
        self.bias = nn.Parameter(torch.zeros(units)) if bias else None
        if init == "glorot":
            glorot_uniform_(self.weight)
        else:
            normal_(self.weight, stddev)

    def forward(self, x):
        return F.linear(x, self.weight, self.bias)


class TLEmbedding(nn.Module):
    """Token ids → rows of the table [V, C]; head(x) is the tied output head x·tableᵀ (+ head_bias)."""

    TFJS_MAP = (("embeddings", "weight", False), ("head_bias", "head_bias", False))

    def __init__(self, vocab_size, dim, stddev=0.02, head_bias=False, name=""):
        super().__init__()
        self.tfjs_name = name
        self.weight = nn.Parameter(torch.empty(vocab_size, dim))
        normal_(self.weight, stddev)
        self.head_bias = nn.Parameter(torch.zeros(vocab_size)) if head_bias else None

    def forward(self, ids):
        return F.embedding(ids.long(), self.weight)

    def head(self, x):
        return F.linear(x, self.weight, self.head_bias)


class TLLayerNorm(nn.Module):
    """(x − mean) / √(var + ε) over the last axis (biased variance), then ·γ + β."""

    TFJS_MAP = (("gamma", "weight", False), ("beta", "bias", False))

    def __init__(self, dim, eps, affine=True, name=""):
        super().__init__()
        self.tfjs_name = name
        self.dim = dim
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim)) if affine else None
        self.bias = nn.Parameter(torch.zeros(dim)) if affine else None

    def forward(self, x):
        return F.layer_norm(x, (self.dim,), self.weight, self.bias, self.eps)


class TLSwiGLU(nn.Module):
    """LLaMA's feed-forward: W2(SiLU(x·W1 + b1) ⊙ (x·W3 + b3)) + b2; the app's w1, w3 [C, H] and w2 [H, C]
    are Linear weights [H, C] and [C, H] here."""

    TFJS_MAP = (
        ("w1", "w1.weight", True),
        ("w3", "w3.weight", True),
        ("w2", "w2.weight", True),
        ("b1", "w1.bias", False),
        ("b3", "w3.bias", False),
        ("b2", "w2.bias", False),
    )

    def __init__(self, dim, hidden, bias=False, stddev=0.02, name=""):
        super().__init__()
        self.tfjs_name = name
        self.w1 = nn.Linear(dim, hidden, bias=bias)
        self.w3 = nn.Linear(dim, hidden, bias=bias)
        self.w2 = nn.Linear(hidden, dim, bias=bias)
        for lin in (self.w1, self.w3, self.w2):
            normal_(lin.weight, stddev)
            if lin.bias is not None:
                nn.init.zeros_(lin.bias)

    def forward(self, x):
        return self.w2(F.silu(self.w1(x)) * self.w3(x))


class TLRMSNorm(nn.Module):
    """x / √(mean(x²) + ε) over the last axis, then ·γ."""

    TFJS_MAP = (("gamma", "weight", False),)

    def __init__(self, dim, eps, affine=True, name=""):
        super().__init__()
        self.tfjs_name = name
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim)) if affine else None

    def forward(self, x):
        y = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)
        return y * self.weight if self.weight is not None else y


def gelu_tanh(x):
    """GELU, tanh approximation (GPT-2): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))."""
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x.pow(3))))


ACTIVATIONS = {
    "relu": torch.relu,
    "gelu": gelu_tanh,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "silu": lambda x: x * torch.sigmoid(x),
    "softmax": lambda x: torch.softmax(x, -1),
}


class TLActivation(nn.Module):
    TFJS_MAP = ()

    def __init__(self, fn, name=""):
        super().__init__()
        self.tfjs_name = name
        self.fn_name = fn
        self.fn = ACTIVATIONS[fn]

    def forward(self, x):
        return self.fn(x)

    def extra_repr(self):
        return self.fn_name


class TLPositionEmbedding(nn.Module):
    """x [B, T, C] + P[:T] with a learned table P [maxLen, C]."""

    TFJS_MAP = (("embeddings", "weight", False),)

    def __init__(self, max_len, dim, stddev=0.02, name=""):
        super().__init__()
        self.tfjs_name = name
        self.weight = nn.Parameter(torch.empty(max_len, dim))
        normal_(self.weight, stddev)

    def forward(self, x):
        return x + self.weight[: x.shape[1]]


def sinusoid_table(T, C):
    """PE[t, 2i] = sin(t / 10000^(2i/C)), PE[t, 2i+1] = cos(t / 10000^(2i/C)), computed in float64 as the app does."""
    t = torch.arange(T, dtype=torch.float64)[:, None]
    c = torch.arange(C)
    angle = t / torch.pow(torch.tensor(10000.0, dtype=torch.float64), (c - c % 2).double() / C)
    return torch.where(c % 2 == 0, torch.sin(angle), torch.cos(angle)).float()  # [T, C]


class TLSinusoidal(nn.Module):
    """x [B, T, C] + the fixed sinusoidal code; no weights."""

    TFJS_MAP = ()

    def __init__(self, name=""):
        super().__init__()
        self.tfjs_name = name

    def forward(self, x):
        return x + sinusoid_table(x.shape[1], x.shape[2]).to(x.device, x.dtype)


def apply_rope(x, base, d=None):
    """RoPE by position t along axis −2 on feature pairs (2i, 2i+1) of each head of size d (default: the
    last axis), angle t·base^(−2i/d): y[2i] = x[2i]·cos − x[2i+1]·sin, y[2i+1] = x[2i]·sin + x[2i+1]·cos.
    On [B, T, C] with d = C/h the pairs never straddle heads, so no split into heads is needed."""
    T, width = x.shape[-2], x.shape[-1]
    d = d or width
    i = torch.arange(width // 2, dtype=torch.float64) % (d // 2)
    angle = torch.arange(T, dtype=torch.float64)[:, None] * torch.pow(torch.tensor(float(base), dtype=torch.float64), -2.0 * i / d)
    cos = torch.cos(angle).float().to(x.device, x.dtype)  # [T, W/2]
    sin = torch.sin(angle).float().to(x.device, x.dtype)
    even, odd = x[..., 0::2], x[..., 1::2]
    return torch.stack((even * cos - odd * sin, even * sin + odd * cos), -1).flatten(-2)  # [..., T, W]


class TLRoPE(nn.Module):
    """Rotary position embedding on [B, T, C] (heads of C/h) or [B, h, T, d]; no weights."""

    TFJS_MAP = ()

    def __init__(self, heads=1, base=10000.0, name=""):
        super().__init__()
        self.tfjs_name = name
        self.heads, self.base = heads, base

    def forward(self, x):
        return apply_rope(x, self.base, x.shape[-1] // (self.heads if x.dim() == 3 else 1))


class TLSplitHeads(nn.Module):
    """[B, T, C] → [B, h, T, C/h]: head j takes features j·d … (j+1)·d − 1."""

    TFJS_MAP = ()

    def __init__(self, heads, name=""):
        super().__init__()
        self.tfjs_name = name
        self.heads = heads

    def forward(self, x):
        B, T, C = x.shape
        return x.view(B, T, self.heads, C // self.heads).transpose(1, 2)


class TLMergeHeads(nn.Module):
    """[B, h, T, d] → [B, T, h·d], the inverse of TLSplitHeads."""

    TFJS_MAP = ()

    def __init__(self, name=""):
        super().__init__()
        self.tfjs_name = name

    def forward(self, x):
        B, h, T, d = x.shape
        return x.transpose(1, 2).reshape(B, T, h * d)


class TLScaledDotProductAttention(nn.Module):
    """[q, k, v] [B, h, T, d] → (out [B, h, T, d], weights [B, h, T, S]), or out alone without need_weights."""

    TFJS_MAP = ()

    def __init__(self, causal=True, need_weights=False, name=""):
        super().__init__()
        self.tfjs_name = name
        self.causal, self.need_weights = causal, need_weights

    def forward(self, q, k, v):
        out, weights = attend(q, k, v, self.causal, 0.0, self.training, self.need_weights)
        return (out, weights) if self.need_weights else out


def attend(q, k, v, causal, dropout, training, need_weights):
    """Scaled dot-product attention on [B, h, T, d]; F.scaled_dot_product_attention (PyTorch ≥ 2.0) when
    the weights are not needed, else written out (the weights are returned then)."""
    sdpa = getattr(F, "scaled_dot_product_attention", None)
    p = dropout if training else 0.0
    T, S = q.shape[2], k.shape[2]
    if sdpa is not None and not need_weights and (not causal or T == S):
        return sdpa(q, k, v, dropout_p=p, is_causal=causal), None
    scores = (q * (1.0 / math.sqrt(q.shape[-1]))) @ k.transpose(-2, -1)  # [B, h, T, S]
    if causal:
        mask = torch.ones(T, S, dtype=torch.bool, device=q.device).triu(1)
        scores = scores.masked_fill(mask, MASKED_SCORE)
    weights = torch.softmax(scores, -1)
    return F.dropout(weights, p, training) @ v, weights  # [B, h, T, d], [B, h, T, S]


class TLMultiHeadAttention(nn.Module):
    """GPT-2 style attention: self-attention with one [3C, C] c_attn projection (q | k | v, each split into
    heads of d contiguous rows), or cross-attention (c_q from the query, c_kv from the context), then c_proj.
    forward returns the output [B, T, C], or (output, weights [B, h, T, S]) with need_weights."""

    TFJS_MAP = (
        ("qkv_kernel", "c_attn.weight", True),
        ("qkv_bias", "c_attn.bias", False),
        ("q_kernel", "c_q.weight", True),
        ("q_bias", "c_q.bias", False),
        ("kv_kernel", "c_kv.weight", True),
        ("kv_bias", "c_kv.bias", False),
        ("proj_kernel", "c_proj.weight", True),
        ("proj_bias", "c_proj.bias", False),
    )

    def __init__(self, dim, heads, causal=True, rope=False, rope_base=10000.0, dropout=0.0, bias=True, cross=False,
                 context_dim=None, stddev=0.02, out_stddev=0.02, need_weights=False, name=""):
        super().__init__()
        self.tfjs_name = name
        self.heads, self.causal, self.rope, self.rope_base = heads, causal, rope, rope_base
        self.dropout, self.cross, self.need_weights = dropout, cross, need_weights
        if cross:
            self.c_q = TLLinear(dim, dim, bias, "normal", stddev)
            self.c_kv = TLLinear(context_dim, 2 * dim, bias, "normal", stddev)
        else:
            self.c_attn = TLLinear(dim, 3 * dim, bias, "normal", stddev)
        self.c_proj = TLLinear(dim, dim, bias, "normal", out_stddev)

    def split_heads(self, x):
        B, L, C = x.shape
        return x.view(B, L, self.heads, C // self.heads).transpose(1, 2)  # [B, L, C] → [B, h, L, d]

    def forward(self, x, context=None):
        B, T, C = x.shape
        if self.cross:
            q = self.c_q(x)
            k, v = self.c_kv(context).split(C, dim=2)
        else:
            q, k, v = self.c_attn(x).split(C, dim=2)  # 3 × [B, T, C]
        q, k, v = self.split_heads(q), self.split_heads(k), self.split_heads(v)  # [B, h, T or S, d]
        if self.rope:
            q, k = apply_rope(q, self.rope_base), apply_rope(k, self.rope_base)
        out, weights = attend(q, k, v, self.causal, self.dropout, self.training, self.need_weights)
        y = self.c_proj(out.transpose(1, 2).reshape(B, T, C))  # [B, h, T, d] → [B, T, C]
        y = F.dropout(y, self.dropout, self.training)
        return (y, weights) if self.need_weights else y


def hard_sigmoid(x):
    """tfjs's hardSigmoid, the default gate activation of its LSTM: clip(0.2·x + 0.5, 0, 1)."""
    return torch.clamp(0.2 * x + 0.5, 0.0, 1.0)


def orthogonal_(weight, gain=1.0):
    """Orthogonal init of the whole matrix, as the app's TLOrthogonal does."""
    return nn.init.orthogonal_(weight, gain)


class KerasLSTM(nn.Module):
    """tfjs's built-in LSTM layer: gates i, f, c, o (blocks of H), hard-sigmoid gates, tanh cell; its kernel
    [D, 4H] is weight_ih [4H, D] here, recurrent_kernel [H, 4H] is weight_hh [4H, H], one bias [4H]."""

    TFJS_MAP = (("kernel", "weight_ih", True), ("recurrent_kernel", "weight_hh", True), ("bias", "bias", False))

    def __init__(self, input_size, units, return_sequences=False, name=""):
        super().__init__()
        self.tfjs_name = name
        self.units, self.return_sequences = units, return_sequences
        self.weight_ih = nn.Parameter(torch.empty(4 * units, input_size))
        self.weight_hh = nn.Parameter(torch.empty(4 * units, units))
        self.bias = nn.Parameter(torch.zeros(4 * units))
        glorot_uniform_(self.weight_ih)
        with torch.no_grad():
            self.weight_hh.copy_(orthogonal_(torch.empty(units, 4 * units)).t())

    def forward(self, x):
        B, T, _ = x.shape
        h = x.new_zeros(B, self.units)
        c = x.new_zeros(B, self.units)
        xs = F.linear(x, self.weight_ih, self.bias)  # [B, T, 4H]
        out = []
        for t in range(T):
            i, f, g, o = (xs[:, t] + h @ self.weight_hh.t()).chunk(4, dim=1)
            c = hard_sigmoid(f) * c + hard_sigmoid(i) * torch.tanh(g)
            h = hard_sigmoid(o) * torch.tanh(c)
            out.append(h)
        return torch.stack(out, 1) if self.return_sequences else h  # [B, T, H] or [B, H]


class TLLSTM(nn.Module):
    """The app's TLLSTM: PyTorch's LSTM (σ gates i, f, g, o) with its weight layout; kernel [D, 4H] is
    weight_ih_l0 [4H, D], recurrentKernel [H, 4H] is weight_hh_l0, biasIh / biasHh are bias_ih_l0 / bias_hh_l0."""

    TFJS_MAP = (
        ("kernel", "rnn.weight_ih_l0", True),
        ("recurrentKernel", "rnn.weight_hh_l0", True),
        ("biasIh", "rnn.bias_ih_l0", False),
        ("biasHh", "rnn.bias_hh_l0", False),
    )
    RNN = nn.LSTM
    GATES = 4

    def __init__(self, input_size, units, return_sequences=False, unit_forget_bias=True, name=""):
        super().__init__()
        self.tfjs_name = name
        self.return_sequences = return_sequences
        self.rnn = self.RNN(input_size, units, batch_first=True)
        glorot_uniform_(self.rnn.weight_ih_l0)
        with torch.no_grad():
            self.rnn.weight_hh_l0.copy_(orthogonal_(torch.empty(units, self.GATES * units)).t())
            self.rnn.bias_ih_l0.zero_()
            self.rnn.bias_hh_l0.zero_()
            if self.GATES == 4 and unit_forget_bias:
                self.rnn.bias_ih_l0[units : 2 * units] = 1.0

    def forward(self, x):
        out, _ = self.rnn(x)  # [B, T, H]
        return out if self.return_sequences else out[:, -1]


class TLGRU(TLLSTM):
    """The app's TLGRU: PyTorch's GRU (gates r, z, n) with its weight layout."""

    RNN = nn.GRU
    GATES = 3

    def __init__(self, input_size, units, return_sequences=False, name=""):
        super().__init__(input_size, units, return_sequences, False, name)


class KerasSimpleRNN(nn.Module):
    """tfjs's built-in SimpleRNN: h' = tanh(x·W + b + h·U); kernel [D, H] is weight_ih [H, D] here."""

    TFJS_MAP = (("kernel", "weight_ih", True), ("recurrent_kernel", "weight_hh", True), ("bias", "bias", False))
    GATES = 1

    def __init__(self, input_size, units, return_sequences=False, name=""):
        super().__init__()
        self.tfjs_name = name
        self.units, self.return_sequences = units, return_sequences
        self.weight_ih = nn.Parameter(torch.empty(self.GATES * units, input_size))
        self.weight_hh = nn.Parameter(torch.empty(self.GATES * units, units))
        self.bias = nn.Parameter(torch.zeros(self.GATES * units))
        glorot_uniform_(self.weight_ih)
        with torch.no_grad():
            self.weight_hh.copy_(orthogonal_(torch.empty(units, self.GATES * units)).t())

    def step(self, x_t, h):
        return torch.tanh(x_t + h @ self.weight_hh.t())

    def forward(self, x):
        B, T, _ = x.shape
        h = x.new_zeros(B, self.units)
        xs = F.linear(x, self.weight_ih, self.bias)  # [B, T, G·H]
        out = []
        for t in range(T):
            h = self.step(xs[:, t], h)
            out.append(h)
        return torch.stack(out, 1) if self.return_sequences else h  # [B, T, H] or [B, H]


class KerasGRU(KerasSimpleRNN):
    """tfjs's built-in GRU (reset before the product): gates z, r, h (blocks of H), hard-sigmoid z and r,
    h̃ = tanh(x·W_h + b_h + (r ⊙ h)·U_h), h' = z ⊙ h + (1 − z) ⊙ h̃."""

    GATES = 3

    def step(self, x_t, h):
        H = self.units
        u = self.weight_hh.t()  # [H, 3H]
        inner = h @ u[:, : 2 * H]
        z = hard_sigmoid(x_t[:, :H] + inner[:, :H])
        r = hard_sigmoid(x_t[:, H : 2 * H] + inner[:, H:])
        hh = torch.tanh(x_t[:, 2 * H :] + (r * h) @ u[:, 2 * H :])
        return z * h + (1 - z) * hh
