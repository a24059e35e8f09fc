#!/usr/bin/python3
"""Accuracy harness: measure what the Hugging Face eager implementations allocate.

No GPU and no `transformers` here, so this file re-implements, as small PyTorch
modules, LlamaForCausalLM (also Mistral and Qwen2) and GPT2LMHeadModel the way
transformers ~4.45 runs them in eager mode, keeping every tensor the original
keeps and for as long as it keeps it: same ops, same intermediate Python
variables (a variable that stays bound keeps its tensor alive), same dtype
casts, same KV-cache layout. The CPU allocator of PyTorch (Debian's
python3-torch 1.13) is the reference: the peak of live tensor bytes is read
from the profiler's memory events.

Usage:
  /usr/bin/python3 bench/accuracy/harness.py --self-check
  /usr/bin/python3 bench/accuracy/harness.py --case '{"id": ..., "config": {...}, ...}'
(run_matrix.py drives the second form, one fresh process per case.)
"""
import argparse
import contextlib
import json
import math
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.utils.checkpoint
from torch.profiler import ProfilerActivity, profile

DTYPES = {"fp32": torch.float32, "bf16": torch.bfloat16}
HARNESS_FILE = os.path.basename(__file__)


# ---------------------------------------------------------------------------
# CUDA-vs-CPU differences we correct for (each one is documented in README.md)
# ---------------------------------------------------------------------------

def cuda_autocast_fp32(x):
    """CUDA autocast runs pow, layer_norm, softmax, log_softmax, cross_entropy
    (and more) in FP32, casting a 16-bit input up first; CPU autocast in torch
    1.13 leaves those ops in BF16. The reference is a GPU run, so where one of
    those ops sees a 16-bit tensor under autocast we make the same FP32 copy
    the CUDA autocast kernel would make."""
    if torch.is_autocast_cpu_enabled() and x.dtype in (torch.bfloat16, torch.float16):
        return x.float()
    return x


class _CudaLikeDropout(torch.autograd.Function):
    """What CUDA's fused native_dropout allocates: the output and a 1-byte mask
    (saved for backward); its backward allocates one tensor (grad * mask * scale).
    The CPU kernels of torch 1.13 allocate more: F.dropout on CPU takes a
    non-fused path that saves a full-precision noise tensor, and CPU
    native_dropout builds its mask in the input dtype before converting it to
    bool (an extra S2*e at the attention dropout) and its backward makes two
    temporaries. So the GPU allocation pattern is reproduced here explicitly."""

    @staticmethod
    def forward(ctx, x, p):
        scale = 1.0 / (1.0 - p)
        drop = torch.empty_like(x, dtype=torch.bool).bernoulli_(p)
        # masked_fill, not x * mask: a CPU multiply by a bool tensor first copies the mask to x's dtype
        out = x.masked_fill(drop, 0.0).mul_(scale)
        ctx.save_for_backward(drop)
        ctx.scale = scale
        return out

    @staticmethod
    def backward(ctx, grad):
        (drop,) = ctx.saved_tensors
        return grad.masked_fill(drop, 0.0).mul_(ctx.scale), None


class Dropout(nn.Module):
    """nn.Dropout with CUDA's allocation pattern (see _CudaLikeDropout)."""

    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, x):
        if not self.training or self.p == 0.0 or x.numel() == 0:
            return x  # F.dropout returns its input unchanged here (no allocation)
        return _CudaLikeDropout.apply(x, self.p)


# ---------------------------------------------------------------------------
# Llama / Mistral / Qwen2 (modeling_llama.py, eager attention, 4.45 semantics)
# ---------------------------------------------------------------------------

class RMSNorm(nn.Module):
    def __init__(self, hidden_size, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden_size))
        self.variance_epsilon = eps

    def forward(self, hidden_states):
        # Exactly HF LlamaRMSNorm: an FP32 copy of the input, FP32 normalized
        # product, cast back, then weight * x (another model-dtype tensor).
        input_dtype = hidden_states.dtype
        hidden_states = hidden_states.to(torch.float32)
        # HF: hidden_states.pow(2).mean(-1, keepdim=True). torch 1.13's MeanBackward
        # saves its whole input (the FP32 square); torch >= 2.0 saves only its numel.
        # sum / n keeps the same values and saves what torch 2.x saves.
        variance = hidden_states.pow(2).sum(-1, keepdim=True) / hidden_states.shape[-1]
        hidden_states = hidden_states * torch.rsqrt(variance + self.variance_epsilon)
        return self.weight * hidden_states.to(input_dtype)


class RotaryEmbedding(nn.Module):
    """LlamaRotaryEmbedding (default rope type): cos/sin computed once per
    forward at model level in FP32 (autocast disabled), cast to x.dtype."""

    def __init__(self, dim, base=10000.0):
        super().__init__()
        inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.int64).float() / dim))
        self.register_buffer("inv_freq", inv_freq, persistent=False)
        self.attention_scaling = 1.0

    @torch.no_grad()
    def forward(self, x, position_ids):
        inv_freq_expanded = self.inv_freq[None, :, None].float().expand(position_ids.shape[0], -1, 1)
        position_ids_expanded = position_ids[:, None, :].float()
        with torch.autocast(device_type=x.device.type, enabled=False):
            freqs = (inv_freq_expanded.float() @ position_ids_expanded.float()).transpose(1, 2)
            emb = torch.cat((freqs, freqs), dim=-1)
            cos = emb.cos()
            sin = emb.sin()
        cos = cos * self.attention_scaling
        sin = sin * self.attention_scaling
        return cos.to(dtype=x.dtype), sin.to(dtype=x.dtype)


def rotate_half(x):
    x1 = x[..., : x.shape[-1] // 2]
    x2 = x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


def apply_rotary_pos_emb(q, k, cos, sin, unsqueeze_dim=1):
    cos = cos.unsqueeze(unsqueeze_dim)
    sin = sin.unsqueeze(unsqueeze_dim)
    q_embed = (q * cos) + (rotate_half(q) * sin)
    k_embed = (k * cos) + (rotate_half(k) * sin)
    return q_embed, k_embed


def repeat_kv(hidden_states, n_rep):
    # expand + reshape: a real copy of K/V at num_heads whenever n_rep > 1.
    batch, num_key_value_heads, slen, head_dim = hidden_states.shape
    if n_rep == 1:
        return hidden_states
    hidden_states = hidden_states[:, :, None, :, :].expand(batch, num_key_value_heads, n_rep, slen, head_dim)
    return hidden_states.reshape(batch, num_key_value_heads * n_rep, slen, head_dim)


class DynamicCache:
    """transformers DynamicCache: per-layer lists, torch.cat on later steps;
    the first (prefill) update stores the new K/V tensors themselves."""

    def __init__(self):
        self.key_cache = []
        self.value_cache = []

    def update(self, key_states, value_states, layer_idx):
        if len(self.key_cache) <= layer_idx:
            self.key_cache.append(key_states)
            self.value_cache.append(value_states)
        else:
            self.key_cache[layer_idx] = torch.cat([self.key_cache[layer_idx], key_states], dim=-2)
            self.value_cache[layer_idx] = torch.cat([self.value_cache[layer_idx], value_states], dim=-2)
        return self.key_cache[layer_idx], self.value_cache[layer_idx]

    def get_seq_length(self, layer_idx=0):
        if len(self.key_cache) <= layer_idx:
            return 0
        return self.key_cache[layer_idx].shape[-2]

    def to_legacy_cache(self):
        return tuple((self.key_cache[i], self.value_cache[i]) for i in range(len(self.key_cache)))


def prepare_4d_causal_mask(attention_mask, sequence_length, target_length, dtype, device, cache_position,
                           batch_size, sliding_window=None):
    """_prepare_4d_causal_attention_mask_with_cache_position (4.45): with a 2D
    attention_mask (what a tokenizer / generate() passes) the result is a
    contiguous batch x 1 x seq x target tensor in the model's compute dtype."""
    min_dtype = torch.finfo(dtype).min
    causal_mask = torch.full((sequence_length, target_length), fill_value=min_dtype, dtype=dtype, device=device)
    diagonal_attend_mask = torch.arange(target_length, device=device) > cache_position.reshape(-1, 1)
    if sliding_window is not None:  # Mistral / Qwen2 variant
        sliding_attend_mask = torch.arange(target_length, device=device) <= (
            cache_position.reshape(-1, 1) - sliding_window)
        diagonal_attend_mask.bitwise_or_(sliding_attend_mask)
    elif sequence_length != 1:  # Llama variant
        causal_mask = torch.triu(causal_mask, diagonal=1)
    causal_mask *= diagonal_attend_mask
    causal_mask = causal_mask[None, None, :, :].expand(batch_size, 1, -1, -1)
    if attention_mask is not None:
        causal_mask = causal_mask.clone()  # copy to contiguous memory for in-place edit
        mask_length = attention_mask.shape[-1]
        padding_mask = causal_mask[:, :, :, :mask_length] + attention_mask[:, None, None, :]
        padding_mask = padding_mask == 0
        causal_mask[:, :, :, :mask_length] = causal_mask[:, :, :, :mask_length].masked_fill(padding_mask, min_dtype)
    return causal_mask


class LlamaAttention(nn.Module):
    def __init__(self, cfg, layer_idx):
        super().__init__()
        self.layer_idx = layer_idx
        self.hidden_size = cfg["hidden_size"]
        self.num_heads = cfg["num_attention_heads"]
        self.head_dim = cfg["head_dim"]
        self.num_key_value_heads = cfg["num_key_value_heads"]
        self.num_key_value_groups = self.num_heads // self.num_key_value_heads
        self.attention_dropout = 0.0
        qkv_bias = cfg["_qkv_bias"]
        self.q_proj = nn.Linear(self.hidden_size, self.num_heads * self.head_dim, bias=qkv_bias)
        self.k_proj = nn.Linear(self.hidden_size, self.num_key_value_heads * self.head_dim, bias=qkv_bias)
        self.v_proj = nn.Linear(self.hidden_size, self.num_key_value_heads * self.head_dim, bias=qkv_bias)
        self.o_proj = nn.Linear(self.num_heads * self.head_dim, self.hidden_size, bias=cfg["_o_bias"])

    def forward(self, hidden_states, attention_mask=None, position_ids=None, past_key_value=None,
                output_attentions=False, use_cache=False, cache_position=None, position_embeddings=None):
        bsz, q_len, _ = hidden_states.size()

        query_states = self.q_proj(hidden_states)
        key_states = self.k_proj(hidden_states)
        value_states = self.v_proj(hidden_states)

        query_states = query_states.view(bsz, q_len, -1, self.head_dim).transpose(1, 2)
        key_states = key_states.view(bsz, q_len, -1, self.head_dim).transpose(1, 2)
        value_states = value_states.view(bsz, q_len, -1, self.head_dim).transpose(1, 2)

        cos, sin = position_embeddings
        query_states, key_states = apply_rotary_pos_emb(query_states, key_states, cos, sin)

        if past_key_value is not None:
            key_states, value_states = past_key_value.update(key_states, value_states, self.layer_idx)

        key_states = repeat_kv(key_states, self.num_key_value_groups)
        value_states = repeat_kv(value_states, self.num_key_value_groups)
        attn_weights = torch.matmul(query_states, key_states.transpose(2, 3)) / math.sqrt(self.head_dim)

        if attention_mask is not None:
            causal_mask = attention_mask[:, :, :, : key_states.shape[-2]]
            attn_weights = attn_weights + causal_mask

        # upcast attention to fp32 (softmax(dtype=) converts the input first, then softmax)
        attn_weights = nn.functional.softmax(attn_weights, dim=-1, dtype=torch.float32).to(query_states.dtype)
        attn_weights = nn.functional.dropout(attn_weights, p=self.attention_dropout, training=self.training)
        attn_output = torch.matmul(attn_weights, value_states)

        attn_output = attn_output.transpose(1, 2).contiguous()
        attn_output = attn_output.reshape(bsz, q_len, -1)
        attn_output = self.o_proj(attn_output)

        if not output_attentions:
            attn_weights = None
        return attn_output, attn_weights, past_key_value


class LlamaMLP(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        h, i = cfg["hidden_size"], cfg["intermediate_size"]
        b = cfg.get("mlp_bias", False)
        self.gate_proj = nn.Linear(h, i, bias=b)
        self.up_proj = nn.Linear(h, i, bias=b)
        self.down_proj = nn.Linear(i, h, bias=b)
        self.act_fn = nn.SiLU()

    def forward(self, x):
        return self.down_proj(self.act_fn(self.gate_proj(x)) * self.up_proj(x))


class LlamaDecoderLayer(nn.Module):
    def __init__(self, cfg, layer_idx):
        super().__init__()
        self.self_attn = LlamaAttention(cfg, layer_idx)
        self.mlp = LlamaMLP(cfg)
        self.input_layernorm = RMSNorm(cfg["hidden_size"], cfg.get("rms_norm_eps", 1e-6))
        self.post_attention_layernorm = RMSNorm(cfg["hidden_size"], cfg.get("rms_norm_eps", 1e-6))

    # positional order = the order HF passes to _gradient_checkpointing_func
    def forward(self, hidden_states, attention_mask=None, position_ids=None, past_key_value=None,
                output_attentions=False, use_cache=False, cache_position=None, position_embeddings=None):
        residual = hidden_states
        hidden_states = self.input_layernorm(hidden_states)
        hidden_states, self_attn_weights, present_key_value = self.self_attn(
            hidden_states=hidden_states, attention_mask=attention_mask, position_ids=position_ids,
            past_key_value=past_key_value, output_attentions=output_attentions, use_cache=use_cache,
            cache_position=cache_position, position_embeddings=position_embeddings)
        hidden_states = residual + hidden_states

        residual = hidden_states
        hidden_states = self.post_attention_layernorm(hidden_states)
        hidden_states = self.mlp(hidden_states)
        hidden_states = residual + hidden_states

        outputs = (hidden_states,)
        if output_attentions:
            outputs += (self_attn_weights,)
        if use_cache:
            outputs += (present_key_value,)
        return outputs


class LlamaModel(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.embed_tokens = nn.Embedding(cfg["vocab_size"], cfg["hidden_size"])
        self.layers = nn.ModuleList([LlamaDecoderLayer(cfg, i) for i in range(cfg["num_hidden_layers"])])
        self.norm = RMSNorm(cfg["hidden_size"], cfg.get("rms_norm_eps", 1e-6))
        self.rotary_emb = RotaryEmbedding(cfg["head_dim"], cfg.get("rope_theta", 10000.0))
        self.gradient_checkpointing = False

    def forward(self, input_ids, attention_mask=None, use_cache=True):
        if self.gradient_checkpointing and self.training and use_cache:
            use_cache = False  # HF: "use_cache=True is incompatible with gradient checkpointing"
        inputs_embeds = self.embed_tokens(input_ids)

        past_key_values = DynamicCache() if use_cache else None
        past_seen_tokens = past_key_values.get_seq_length() if past_key_values is not None else 0
        cache_position = torch.arange(past_seen_tokens, past_seen_tokens + inputs_embeds.shape[1])
        position_ids = cache_position.unsqueeze(0)

        causal_mask = self._update_causal_mask(attention_mask, inputs_embeds, cache_position, past_seen_tokens)
        hidden_states = inputs_embeds
        position_embeddings = self.rotary_emb(hidden_states, position_ids)

        next_decoder_cache = None
        for decoder_layer in self.layers:
            if self.gradient_checkpointing and self.training:
                layer_outputs = torch.utils.checkpoint.checkpoint(
                    decoder_layer.__call__, hidden_states, causal_mask, position_ids, past_key_values,
                    False, use_cache, cache_position, position_embeddings, use_reentrant=True)
            else:
                layer_outputs = decoder_layer(
                    hidden_states, attention_mask=causal_mask, position_ids=position_ids,
                    past_key_value=past_key_values, output_attentions=False, use_cache=use_cache,
                    cache_position=cache_position, position_embeddings=position_embeddings)
            hidden_states = layer_outputs[0]
            if use_cache:
                next_decoder_cache = layer_outputs[1]

        hidden_states = self.norm(hidden_states)
        next_cache = next_decoder_cache.to_legacy_cache() if use_cache else None
        return (hidden_states, next_cache)

    def _update_causal_mask(self, attention_mask, input_tensor, cache_position, past_seen_tokens):
        sequence_length = input_tensor.shape[1]
        target_length = (attention_mask.shape[-1] if isinstance(attention_mask, torch.Tensor)
                         else past_seen_tokens + sequence_length + 1)
        sw = self.cfg.get("sliding_window") if self.cfg["model_type"] in ("mistral", "qwen2") else None
        return prepare_4d_causal_mask(attention_mask, sequence_length, target_length, input_tensor.dtype,
                                      input_tensor.device, cache_position, input_tensor.shape[0], sw)


class CausalLMOutput:
    def __init__(self, loss, logits, past_key_values):
        self.loss, self.logits, self.past_key_values = loss, logits, past_key_values


class LlamaForCausalLM(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.model = LlamaModel(cfg)
        self.lm_head = nn.Linear(cfg["hidden_size"], cfg["vocab_size"], bias=False)
        if cfg.get("tie_word_embeddings", False):
            self.lm_head.weight = self.model.embed_tokens.weight

    def forward(self, input_ids, attention_mask=None, labels=None, use_cache=True):
        outputs = self.model(input_ids, attention_mask=attention_mask, use_cache=use_cache)
        hidden_states = outputs[0]
        # 4.45: "do not upcast ... if we are not computing the loss; TODO remove .float() in 4.46":
        # the logits of every position are upcast to FP32 in this version.
        logits = self.lm_head(hidden_states[:, -0:, :]).float()
        loss = None
        if labels is not None:
            logits = logits.float()
            shift_logits = logits[..., :-1, :].contiguous()
            shift_labels = labels[..., 1:].contiguous()
            shift_logits = shift_logits.view(-1, self.cfg["vocab_size"])
            shift_labels = shift_labels.view(-1)
            loss = F.cross_entropy(cuda_autocast_fp32(shift_logits), shift_labels)
        return CausalLMOutput(loss, logits, outputs[1])


# ---------------------------------------------------------------------------
# GPT-2 (modeling_gpt2.py, eager attention, legacy tuple cache)
# ---------------------------------------------------------------------------

class Conv1D(nn.Module):
    def __init__(self, nf, nx):
        super().__init__()
        self.nf = nf
        self.weight = nn.Parameter(torch.empty(nx, nf))
        self.bias = nn.Parameter(torch.zeros(nf))
        nn.init.normal_(self.weight, std=0.02)

    def forward(self, x):
        size_out = x.size()[:-1] + (self.nf,)
        x = torch.addmm(self.bias, x.view(-1, x.size(-1)), self.weight)
        x = x.view(size_out)
        return x


class LayerNorm(nn.LayerNorm):
    def forward(self, x):  # layer_norm is on CUDA autocast's FP32 list
        return F.layer_norm(cuda_autocast_fp32(x), self.normalized_shape, self.weight, self.bias, self.eps)


def gelu_new(input):
    # NewGELUActivation, Python version as in HF; torch.pow is FP32 under CUDA autocast.
    return 0.5 * input * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (
        input + 0.044715 * torch.pow(cuda_autocast_fp32(input), 3.0))))


class GPT2Attention(nn.Module):
    def __init__(self, cfg, layer_idx):
        super().__init__()
        max_positions = cfg["n_positions"]
        self.register_buffer("bias", torch.tril(torch.ones((max_positions, max_positions), dtype=torch.bool)).view(
            1, 1, max_positions, max_positions), persistent=False)
        self.register_buffer("masked_bias", torch.tensor(-1e4), persistent=False)
        self.embed_dim = cfg["n_embd"]
        self.num_heads = cfg["n_head"]
        self.head_dim = self.embed_dim // self.num_heads
        self.split_size = self.embed_dim
        self.layer_idx = layer_idx
        self.c_attn = Conv1D(3 * self.embed_dim, self.embed_dim)
        self.c_proj = Conv1D(self.embed_dim, self.embed_dim)
        self.attn_dropout = Dropout(cfg.get("attn_pdrop", 0.1))
        self.resid_dropout = Dropout(cfg.get("resid_pdrop", 0.1))

    def _attn(self, query, key, value, attention_mask=None):
        attn_weights = torch.matmul(query, key.transpose(-1, -2))
        attn_weights = attn_weights / torch.full([], value.size(-1) ** 0.5, dtype=attn_weights.dtype,
                                                 device=attn_weights.device)
        query_length, key_length = query.size(-2), key.size(-2)
        causal_mask = self.bias[:, :, key_length - query_length: key_length, :key_length]
        mask_value = torch.finfo(attn_weights.dtype).min
        mask_value = torch.full([], mask_value, dtype=attn_weights.dtype, device=attn_weights.device)
        attn_weights = torch.where(causal_mask, attn_weights.to(attn_weights.dtype), mask_value)
        if attention_mask is not None:
            attn_weights = attn_weights + attention_mask
        attn_weights = nn.functional.softmax(cuda_autocast_fp32(attn_weights), dim=-1)
        # Downcast (if necessary) back to V's dtype (if in mixed-precision) -- No-Op otherwise
        attn_weights = attn_weights.type(value.dtype)
        attn_weights = self.attn_dropout(attn_weights)
        attn_output = torch.matmul(attn_weights, value)
        return attn_output, attn_weights

    def _split_heads(self, tensor, num_heads, attn_head_size):
        new_shape = tensor.size()[:-1] + (num_heads, attn_head_size)
        tensor = tensor.view(new_shape)
        return tensor.permute(0, 2, 1, 3)

    def _merge_heads(self, tensor, num_heads, attn_head_size):
        tensor = tensor.permute(0, 2, 1, 3).contiguous()
        new_shape = tensor.size()[:-2] + (num_heads * attn_head_size,)
        return tensor.view(new_shape)

    def forward(self, hidden_states, layer_past=None, attention_mask=None, use_cache=False):
        query, key, value = self.c_attn(hidden_states).split(self.split_size, dim=2)
        query = self._split_heads(query, self.num_heads, self.head_dim)
        key = self._split_heads(key, self.num_heads, self.head_dim)
        value = self._split_heads(value, self.num_heads, self.head_dim)
        if layer_past is not None:
            past_key, past_value = layer_past
            key = torch.cat((past_key, key), dim=-2)
            value = torch.cat((past_value, value), dim=-2)
        # legacy cache: views into the fused c_attn output (keeps all of b*s*3h alive)
        present = (key, value) if use_cache is True else None
        attn_output, attn_weights = self._attn(query, key, value, attention_mask)
        attn_output = self._merge_heads(attn_output, self.num_heads, self.head_dim)
        attn_output = self.c_proj(attn_output)
        attn_output = self.resid_dropout(attn_output)
        outputs = (attn_output, present)
        return outputs


class GPT2MLP(nn.Module):
    def __init__(self, intermediate_size, cfg):
        super().__init__()
        self.c_fc = Conv1D(intermediate_size, cfg["n_embd"])
        self.c_proj = Conv1D(cfg["n_embd"], intermediate_size)
        self.dropout = Dropout(cfg.get("resid_pdrop", 0.1))

    def forward(self, hidden_states):
        hidden_states = self.c_fc(hidden_states)
        hidden_states = gelu_new(hidden_states)
        hidden_states = self.c_proj(hidden_states)
        hidden_states = self.dropout(hidden_states)
        return hidden_states


class GPT2Block(nn.Module):
    def __init__(self, cfg, layer_idx):
        super().__init__()
        h = cfg["n_embd"]
        inner_dim = cfg.get("n_inner") or 4 * h
        self.ln_1 = LayerNorm(h, eps=cfg.get("layer_norm_epsilon", 1e-5))
        self.attn = GPT2Attention(cfg, layer_idx)
        self.ln_2 = LayerNorm(h, eps=cfg.get("layer_norm_epsilon", 1e-5))
        self.mlp = GPT2MLP(inner_dim, cfg)

    def forward(self, hidden_states, layer_past=None, attention_mask=None, head_mask=None,
                encoder_hidden_states=None, encoder_attention_mask=None, use_cache=False,
                output_attentions=False):
        residual = hidden_states
        hidden_states = self.ln_1(hidden_states)
        attn_outputs = self.attn(hidden_states, layer_past=layer_past, attention_mask=attention_mask,
                                 use_cache=use_cache)
        attn_output = attn_outputs[0]
        outputs = attn_outputs[1:]
        hidden_states = attn_output + residual
        residual = hidden_states
        hidden_states = self.ln_2(hidden_states)
        feed_forward_hidden_states = self.mlp(hidden_states)
        hidden_states = residual + feed_forward_hidden_states
        if use_cache:
            outputs = (hidden_states,) + outputs
        else:
            outputs = (hidden_states,) + outputs[1:]
        return outputs


class GPT2Model(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.wte = nn.Embedding(cfg["vocab_size"], cfg["n_embd"])
        self.wpe = nn.Embedding(cfg["n_positions"], cfg["n_embd"])
        self.drop = Dropout(cfg.get("embd_pdrop", 0.1))
        self.h = nn.ModuleList([GPT2Block(cfg, i) for i in range(cfg["n_layer"])])
        self.ln_f = LayerNorm(cfg["n_embd"], eps=cfg.get("layer_norm_epsilon", 1e-5))
        self.gradient_checkpointing = False

    def forward(self, input_ids, attention_mask=None, use_cache=True):
        input_shape = input_ids.size()
        input_ids = input_ids.view(-1, input_shape[-1])
        batch_size = input_ids.shape[0]
        past_length = 0
        past_key_values = tuple([None] * len(self.h))
        position_ids = torch.arange(past_length, input_shape[-1] + past_length, dtype=torch.long)
        position_ids = position_ids.unsqueeze(0)
        dtype = self.wte.weight.dtype  # PreTrainedModel.dtype
        if attention_mask is not None:  # eager path: a b x 1 x 1 x s additive mask
            attention_mask = attention_mask.view(batch_size, -1)
            attention_mask = attention_mask[:, None, None, :]
            attention_mask = attention_mask.to(dtype=dtype)
            attention_mask = (1.0 - attention_mask) * torch.finfo(dtype).min
        inputs_embeds = self.wte(input_ids)
        position_embeds = self.wpe(position_ids)
        hidden_states = inputs_embeds + position_embeds
        hidden_states = self.drop(hidden_states)
        output_shape = (-1,) + input_shape[1:] + (hidden_states.size(-1),)
        if self.gradient_checkpointing and self.training:
            use_cache = False
        presents = () if use_cache else None
        for i, (block, layer_past) in enumerate(zip(self.h, past_key_values)):
            if self.gradient_checkpointing and self.training:
                outputs = torch.utils.checkpoint.checkpoint(
                    block.__call__, hidden_states, None, attention_mask, None, None, None, use_cache, False,
                    use_reentrant=True)
            else:
                outputs = block(hidden_states, layer_past=layer_past, attention_mask=attention_mask,
                                use_cache=use_cache)
            hidden_states = outputs[0]
            if use_cache is True:
                presents = presents + (outputs[1],)
        hidden_states = self.ln_f(hidden_states)
        hidden_states = hidden_states.view(output_shape)
        return (hidden_states, presents)


class GPT2LMHeadModel(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.transformer = GPT2Model(cfg)
        self.lm_head = nn.Linear(cfg["n_embd"], cfg["vocab_size"], bias=False)
        self.lm_head.weight = self.transformer.wte.weight  # GPT-2 always ties

    def forward(self, input_ids, attention_mask=None, labels=None, use_cache=True):
        transformer_outputs = self.transformer(input_ids, attention_mask=attention_mask, use_cache=use_cache)
        hidden_states = transformer_outputs[0]
        lm_logits = self.lm_head(hidden_states)  # GPT-2 does NOT upcast logits
        loss = None
        if labels is not None:
            shift_logits = lm_logits[..., :-1, :].contiguous()
            shift_labels = labels[..., 1:].contiguous()
            loss = F.cross_entropy(cuda_autocast_fp32(shift_logits.view(-1, shift_logits.size(-1))),
                                   shift_labels.view(-1))
        return CausalLMOutput(loss, lm_logits, transformer_outputs[1])


# ---------------------------------------------------------------------------
# Config handling
# ---------------------------------------------------------------------------

def resolve_config(config):
    """HF-style config.json dict -> the internal dict the modules read."""
    c = dict(config)
    mt = c["model_type"]
    if mt == "gpt2":
        c.setdefault("n_inner", None)
        return c
    c.setdefault("num_key_value_heads", c["num_attention_heads"])
    if c.get("head_dim") is None:
        c["head_dim"] = c["hidden_size"] // c["num_attention_heads"]
    if mt == "qwen2":
        c["_qkv_bias"], c["_o_bias"] = True, False  # Qwen2Attention: bias on q/k/v only
    else:
        b = bool(c.get("attention_bias", False))
        c["_qkv_bias"], c["_o_bias"] = b, b  # LlamaAttention: attention_bias on all four
    return c


def build_model(config, dtype):
    c = resolve_config(config)
    model = GPT2LMHeadModel(c) if c["model_type"] == "gpt2" else LlamaForCausalLM(c)
    for m in model.modules():  # HF _init_weights (values are irrelevant to memory)
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)
            if getattr(m, "bias", None) is not None:
                nn.init.zeros_(m.bias)
    with torch.no_grad():  # parameters to the model dtype; buffers keep theirs (inv_freq FP32, masks bool)
        for p in model.parameters():
            p.data = p.data.to(dtype)
    return model


# ---------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------

BLAS_OPS = {"aten::mm", "aten::bmm", "aten::addmm", "aten::baddbmm", "aten::addbmm", "aten::addmv", "aten::mv"}
PROMOTING_OPS = {"aten::add", "aten::add_", "aten::sub", "aten::sub_", "aten::rsub", "aten::mul", "aten::mul_",
                 "aten::div", "aten::div_", "aten::where", "aten::addcmul", "aten::addcmul_", "aten::addcdiv",
                 "aten::addcdiv_", "aten::lerp_", "aten::eq", "aten::ne", "aten::gt", "aten::lt", "aten::ge",
                 "aten::le", "aten::maximum", "aten::minimum"}


def storage_bytes(tensors):
    """Bytes of the distinct storages behind `tensors` (views and tied weights count once)."""
    seen, total = set(), 0
    for t in tensors:
        if t is None:
            continue
        st = t.storage()
        key = st.data_ptr()
        if key in seen or st.size() == 0:
            continue
        seen.add(key)
        total += st.size() * st.element_size()
    return total


def _flatten_tensors(obj, out):
    if isinstance(obj, torch.Tensor):
        out.append(obj)
    elif isinstance(obj, (list, tuple)):
        for o in obj:
            _flatten_tensors(o, out)
    elif isinstance(obj, dict):
        for o in obj.values():
            _flatten_tensors(o, out)
    elif isinstance(obj, (CausalLMOutput, DynamicCache)):
        _flatten_tensors(vars(obj), out)
    return out


def _label(ancestors):
    """Readable origin of an allocation: module path, harness function, aten op, phase."""
    mods, frame, aten, phase = [], None, None, "forward"
    for a in ancestors:
        if a.startswith("nn.Module: "):
            mods.append(a[len("nn.Module: "):])
        elif HARNESS_FILE in a and "): " in a:
            frame = a.split("): ", 1)[1]
        elif a.startswith("aten::") and aten is None:
            aten = a
        elif a.startswith("autograd::engine::evaluate_function: "):
            aten = a.split(": ", 1)[1]
        if "_tensor.py" in a and "backward" in a:
            phase = "backward"
        elif "torch/optim/" in a and ": step" in a:
            phase = "optimizer.step"
        elif ": zero_grad" in a:
            phase = "zero_grad"
    if phase != "forward":
        mods = [m for m in mods if not m.startswith(("LlamaForCausalLM", "GPT2LMHeadModel"))]
    return "%s | %s | %s | %s" % (phase, "/".join(mods[-3:]) or "-", frame or "-", aten or "-")


def collect_memory_events(prof, with_labels):
    """[memory] events of the CPU allocator, in time order: (t_ns, bytes, ptr,
    total_allocated, op_id, op_name, label); and the time spans of the Python
    calls that mark the phases (nn.Module calls, Tensor.backward, optimizer.step)."""
    events, spans = [], []
    roots = prof.profiler.kineto_results.experimental_event_tree()
    # top = (id, name) of the outermost aten op above the node; cast = an aten::_to_copy lies between
    stack = [(r, (), None, False) for r in roots]
    while stack:
        node, anc, top, cast = stack.pop()
        name = node.name
        if name == "[memory]":
            ef = node.extra_fields
            if ef.device.type != "cpu":
                continue
            parent = node.parent
            events.append((node.start_time_ns, ef.alloc_size, ef.ptr, ef.total_allocated,
                           parent.id if parent is not None else -1, parent.name if parent is not None else "",
                           _label(anc) if with_labels else "", top, cast))
            continue
        if name.startswith("nn.Module: ") or ("_tensor.py" in name and name.endswith(": backward")) or \
                ("torch/optim/" in name and name.endswith(": step")):
            spans.append((name, node.start_time_ns, node.end_time_ns))
        child_anc = anc + (name,) if with_labels else anc
        if name.startswith("aten::"):
            child_top = top if top is not None else (node.id, name)
            child_cast = cast or (top is not None and name == "aten::_to_copy")
        else:
            child_top, child_cast = top, cast
        for ch in node.children:
            stack.append((ch, child_anc, child_top, child_cast))
    events.sort(key=lambda e: e[0])
    spans.sort(key=lambda sp: sp[1])
    return events, spans


def analyze_events(events, spans=(), windows=None, breakdown_top=30):
    """Running sum of +alloc/-free in time order -> peak of live bytes over the
    bytes already live at start. Also: the same without the CPU-only
    temporaries a CUDA run would not allocate ("cuda_like"), a cross-check
    against the allocator's own running total, the live set at the peak
    grouped by origin, and the peaks of named phase windows."""
    n = len(events)
    # Pair allocations with their frees by pointer.
    open_by_ptr, free_of = {}, [None] * n
    for i, e in enumerate(events):
        if e[1] > 0:
            open_by_ptr[e[2]] = i
        elif e[1] < 0 and e[2] in open_by_ptr:
            free_of[open_by_ptr.pop(e[2])] = i
    # CPU-only temporaries, freed inside the op that made them:
    #  - oneDNN scratch of a BF16 matmul (aten::mm/bmm/addmm...);
    #  - TensorIterator dtype promotion: on CPU a binary op on mixed dtypes (bf16 * fp32,
    #    float + bool/int) first copies the narrower operand; CUDA kernels cast on the fly.
    scratch = [False] * n
    for i, e in enumerate(events):
        j = free_of[i]
        if e[1] <= 0 or j is None:
            continue
        if e[5] in BLAS_OPS and events[j][4] == e[4]:
            scratch[i] = scratch[j] = True
        elif e[8] and e[7] is not None and e[7][1] in PROMOTING_OPS and events[j][7] == e[7]:
            scratch[i] = scratch[j] = True

    cur = peak = cur_ns = peak_ns = 0
    peak_i = peak_ns_i = -1
    for i, e in enumerate(events):
        cur += e[1]
        if cur > peak:
            peak, peak_i = cur, i
        if not scratch[i]:
            cur_ns += e[1]
            if cur_ns > peak_ns:
                peak_ns, peak_ns_i = cur_ns, i
    end = cur
    # Allocator cross-check: total_allocated counts every block it tracks.
    if n:
        base = events[0][3] - events[0][1]
        alloc_peak = max(e[3] for e in events) - base
        alloc_end = events[-1][3] - base
    else:
        alloc_peak = alloc_end = 0

    # Live set at the (cuda-like) peak, grouped by label.
    groups = {}
    if peak_ns_i >= 0:
        for i in range(peak_ns_i + 1):
            e = events[i]
            if e[1] > 0 and not scratch[i] and (free_of[i] is None or free_of[i] > peak_ns_i):
                g = groups.setdefault(e[6], [0, 0])
                g[0] += e[1]
                g[1] += 1
    top = sorted(groups.items(), key=lambda kv: -kv[1][0])[:breakdown_top]

    # Phase windows: live bytes (cuda-like) when a window opens and its peak.
    # A window is (start-span, end-span) by name; "^" = profile start, "$" = end.
    phases = {}
    if windows:
        times = [e[0] for e in events]
        cums, c = [], 0
        for i, e in enumerate(events):
            if not scratch[i]:
                c += e[1]
            cums.append(c)

        def at(t):  # live bytes just before time t
            import bisect
            k = bisect.bisect_left(times, t)
            return cums[k - 1] if k > 0 else 0

        def span_time(key):
            if key == "^":
                return -1
            if key == "$":
                return (times[-1] + 1) if times else 0
            which, nm = key.split(":", 1)  # "start:NAME" / "end:NAME" (first occurrence)
            for sp in spans:
                if (sp[0] == nm) if nm.startswith("nn.Module: ") else (nm in sp[0]):
                    return sp[1] if which == "start" else sp[2]
            return None

        import bisect
        for wname, (k0, k1) in windows.items():
            t0, t1 = span_time(k0), span_time(k1)
            if t0 is None or t1 is None:
                continue
            i0, i1 = bisect.bisect_left(times, t0), bisect.bisect_left(times, t1)
            start = at(t0)
            pk = max([start] + cums[i0:i1])
            phases[wname] = {"live_at_start": start, "peak": pk}
    return {
        "phases": phases,
        "peak_delta": peak,
        "peak_delta_cuda_like": peak_ns,
        "end_delta": end,
        "allocator_peak_delta": alloc_peak,
        "allocator_end_delta": alloc_end,
        "events": n,
        "cpu_only_temp_events": sum(1 for i in range(n) if scratch[i] and events[i][1] > 0),
        "peak_at": events[peak_ns_i][6] if peak_ns_i >= 0 else "",
        "peak_live": [{"origin": k, "bytes": v[0], "blocks": v[1]} for k, v in top],
    }


def profiled(fn, with_labels=True, windows=None):
    # with_stack turns on the Python tracer: allocations get the nn.Module /
    # function they came from, with no extra tensor allocations (unlike
    # record_function, which allocates a few bytes per scope in torch 1.13).
    with profile(activities=[ProfilerActivity.CPU], profile_memory=True, record_shapes=False,
                 with_stack=with_labels) as prof:
        result = fn()
    events, spans = collect_memory_events(prof, with_labels)
    return result, analyze_events(events, spans, windows)


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------

def make_inputs(case, vocab):
    g = torch.Generator().manual_seed(1234)
    b, s = case["batch"], case["seq"]
    input_ids = torch.randint(0, vocab, (b, s), generator=g)
    attention_mask = torch.ones(b, s, dtype=torch.long)  # what a tokenizer / generate() passes
    return input_ids, attention_mask


def phase_windows(case):
    """Named time windows whose peaks are reported besides the overall peak, so
    that each formula term (attention, MLP, logits, backward, optimizer) can be
    checked on its own, not only the one that happens to be the maximum."""
    gpt2 = case["config"]["model_type"] == "gpt2"
    L = case["config"]["n_layer" if gpt2 else "num_hidden_layers"]
    attn, mlp, base = ("GPT2Attention", "GPT2MLP", "GPT2Model") if gpt2 else ("LlamaAttention", "LlamaMLP", "LlamaModel")
    a, m, bm = ("nn.Module: %s_%d" % (attn, L - 1), "nn.Module: %s_%d" % (mlp, L - 1), "nn.Module: %s_0" % base)
    w = {"attn_last": ("start:" + a, "end:" + a), "mlp_last": ("start:" + m, "end:" + m)}
    if case["mode"] == "inference":
        w["head"] = ("end:" + bm, "$")
    else:
        w["forward"] = ("^", "start:: backward")
        w["head"] = ("end:" + bm, "start:: backward")
        w["backward"] = ("start:: backward", "end:: backward")
        w["optimizer"] = ("start:: step", "end:: step")
    return w


def run_inference(case, model, input_ids, attention_mask):
    model.eval()
    use_cache = case.get("use_cache", True)

    def fwd():
        with torch.no_grad():
            return model(input_ids, attention_mask=attention_mask, use_cache=use_cache)

    out, m = profiled(fwd, windows=phase_windows(case))
    kv = storage_bytes(_flatten_tensors(out.past_key_values, [])) if out.past_key_values else 0
    kv_logical = sum(t.numel() * t.element_size() for t in _flatten_tensors(out.past_key_values, [])) \
        if out.past_key_values else 0
    out_bytes = storage_bytes(_flatten_tensors(out, []))
    return out, m, {"kv_cache_bytes": kv, "kv_cache_logical_bytes": kv_logical,
                    "expected_end_delta": out_bytes, "logits_bytes": storage_bytes([out.logits])}


def make_optimizer(case, model):
    opt = case["optimizer"]
    foreach = bool(case.get("foreach", False))
    if opt == "adamw":
        return torch.optim.AdamW(model.parameters(), lr=1e-5, weight_decay=0.0, foreach=foreach)
    if opt == "sgd":
        return torch.optim.SGD(model.parameters(), lr=1e-5, momentum=0.9, foreach=foreach)
    raise ValueError("optimizer " + opt)


def run_training(case, model, input_ids, attention_mask):
    model.train()
    if case.get("checkpointing", "none") == "full":
        (model.transformer if case["config"]["model_type"] == "gpt2" else model.model).gradient_checkpointing = True
    labels = input_ids.clone()  # DataCollatorForLanguageModeling(mlm=False): labels = input_ids
    opt = make_optimizer(case, model)
    amp = case["precision"] == "amp"
    use_cache = case.get("use_cache", False)

    def training_step():
        # HF Trainer.training_step: the loss under autocast (compute_loss returns only
        # the loss, so the logits die before backward), backward, return loss.detach():
        # the graph (and whatever a checkpoint ctx holds) is freed before optimizer.step.
        ctx = torch.autocast("cpu", dtype=torch.bfloat16) if amp else contextlib.nullcontext()
        with ctx:
            loss = model(input_ids, attention_mask=attention_mask, labels=labels, use_cache=use_cache).loss
        loss.backward()
        return loss.detach()

    def step():
        training_step()
        opt.step()
        opt.zero_grad(set_to_none=True)

    step()  # step 1: creates the optimizer states (not measured)
    _, m = profiled(step, windows=phase_windows(case))  # step 2: steady state
    opt_bytes = storage_bytes(_flatten_tensors(list(opt.state.values()), []))
    grads = storage_bytes([p for p in model.parameters() if p.requires_grad])
    return opt, m, {"optimizer_bytes": opt_bytes, "gradients_bytes": grads, "expected_end_delta": 0,
                    "labels_bytes": storage_bytes([labels])}


def run_case(case):
    torch.set_num_threads(2)
    torch.manual_seed(0)
    dtype = torch.float32 if case["precision"] in ("fp32", "amp") else DTYPES[case["precision"]]
    t0 = time.time()
    model = build_model(case["config"], dtype)
    vocab = case["config"]["vocab_size"]
    input_ids, attention_mask = make_inputs(case, vocab)
    weights = storage_bytes(list(model.parameters()))
    buffers = storage_bytes(list(model.buffers()))
    inputs = storage_bytes([input_ids, attention_mask])
    measured = {"weights_bytes": weights, "buffers_bytes": buffers, "kv_cache_bytes": 0,
                "gradients_bytes": 0, "optimizer_bytes": 0}
    if case["mode"] == "inference":
        keep, m, extra = run_inference(case, model, input_ids, attention_mask)
        measured["kv_cache_bytes"] = extra["kv_cache_bytes"]
        measured["kv_cache_logical_bytes"] = extra["kv_cache_logical_bytes"]
        measured["logits_bytes"] = extra["logits_bytes"]
        static_live = weights + buffers + inputs  # live before the profiled call
        accounted = static_live + measured["kv_cache_bytes"]
    else:
        keep, m, extra = run_training(case, model, input_ids, attention_mask)
        inputs += extra["labels_bytes"]
        measured["gradients_bytes"] = extra["gradients_bytes"]
        measured["optimizer_bytes"] = extra["optimizer_bytes"]
        static_live = weights + buffers + inputs + measured["optimizer_bytes"]
        accounted = static_live + measured["gradients_bytes"]
    measured["inputs_bytes"] = inputs
    # peak_bytes: the peak of live tensor bytes without the CPU-only temporaries a
    # CUDA run does not allocate (oneDNN matmul scratch, CPU dtype-promotion copies);
    # peak_bytes_cpu_raw: everything the CPU allocator saw.
    measured["peak_bytes"] = static_live + m["peak_delta_cuda_like"]
    measured["peak_bytes_cpu_raw"] = static_live + m["peak_delta"]
    # dynamic = what was live at the peak on top of the static state (weights,
    # buffers, inputs, optimizer states; for inference also the KV cache).
    measured["dynamic_bytes"] = measured["peak_bytes"] - static_live - measured["kv_cache_bytes"]
    # transient = peak minus every component counted separately (weights, buffers,
    # inputs, KV cache; training: also the optimizer states and the FULL gradients,
    # even when the peak comes before they exist), so that peak = those + transient.
    measured["transient_bytes"] = measured["peak_bytes"] - accounted
    measured["transient_bytes_cpu_raw"] = measured["peak_bytes_cpu_raw"] - accounted
    # per-window dynamic bytes (same baseline as dynamic_bytes: KV excluded for inference)
    base_dyn = measured["kv_cache_bytes"]
    measured["windows"] = {k: {"dynamic_at_start": v["live_at_start"] - base_dyn, "dynamic_peak": v["peak"] - base_dyn}
                           for k, v in m["phases"].items()}
    phase = m["peak_at"].split(" | ")[0] if m["peak_at"] else ""
    if case["mode"] == "inference":  # name the part of the forward that holds the peak
        for k in ("head", "attn_last", "mlp_last"):
            if measured["windows"].get(k, {}).get("dynamic_peak") == measured["dynamic_bytes"]:
                phase = {"head": "logits", "attn_last": "attention", "mlp_last": "mlp"}[k]
                break
    measured["peak_phase"] = phase
    checks = {
        "end_delta": m["end_delta"],
        "expected_end_delta": extra["expected_end_delta"],
        "end_delta_ok": m["end_delta"] == extra["expected_end_delta"],
        "allocator_peak_delta": m["allocator_peak_delta"],
        "allocator_peak_ok": m["allocator_peak_delta"] == m["peak_delta"],
        "events": m["events"],
        "cpu_only_temp_events": m["cpu_only_temp_events"],
    }
    del keep
    return {
        "measured": measured,
        "checks": checks,
        "peak_at": m["peak_at"],
        "peak_live": m["peak_live"],
        "seconds": round(time.time() - t0, 2),
        "torch_version": torch.__version__,
        "num_threads": torch.get_num_threads(),
    }


# ---------------------------------------------------------------------------
# Self-check of the method
# ---------------------------------------------------------------------------

def self_check():
    """Known allocations inside the profiler must come out exactly."""
    torch.set_num_threads(2)
    results = []

    def check(name, got, want):
        results.append({"check": name, "got": got, "want": want, "ok": got == want})

    # 1. Plain allocations: peak 4000 + 4000, then free 4000, allocate 1200.
    def f1():
        a = torch.empty(1000, dtype=torch.float32)
        b = torch.empty(2000, dtype=torch.bfloat16)
        del a
        c = torch.empty(300, dtype=torch.float32)
        return b, c
    _, m = profiled(f1)
    check("alloc/free peak", m["peak_delta"], 8000)
    check("alloc/free end", m["end_delta"], 5200)
    check("allocator cross-check", m["allocator_peak_delta"], 8000)

    # 2. softmax(dtype=float32) of a BF16 tensor: FP32 copy + FP32 result live together.
    x = torch.randn(4, 8, 64, 64).to(torch.bfloat16)
    _, m = profiled(lambda: F.softmax(x, dim=-1, dtype=torch.float32))
    check("softmax(bf16, dtype=fp32) peak = 2 x fp32", m["peak_delta"], 2 * x.numel() * 4)

    # 3. An FP32 matmul allocates exactly its output.
    a, b = torch.randn(64, 128), torch.randn(128, 256)
    _, m = profiled(lambda: a @ b)
    check("fp32 mm = output only", m["peak_delta"], 64 * 256 * 4)

    # 4. A BF16 matmul: output plus oneDNN scratch freed inside the op; the
    #    scratch filter must remove exactly the scratch.
    a16, b16 = a.to(torch.bfloat16), b.to(torch.bfloat16)
    _, m = profiled(lambda: a16 @ b16)
    check("bf16 mm without cpu scratch = output", m["peak_delta_cuda_like"], 64 * 256 * 2)
    results.append({"check": "bf16 mm raw peak (with oneDNN scratch)", "got": m["peak_delta"],
                    "ok": m["peak_delta"] >= 64 * 256 * 2})

    # 5. A mixed-dtype multiply (bf16 * fp32): CPU copies the bf16 operand to fp32
    #    first (CUDA casts on the fly); the cuda-like peak is the output alone.
    xb, xf = torch.randn(1000).to(torch.bfloat16), torch.randn(1000)
    _, m = profiled(lambda: xb * xf)
    check("bf16 * fp32: cuda-like peak = fp32 output", m["peak_delta_cuda_like"], 4000)
    check("bf16 * fp32: raw peak = output + fp32 copy of the bf16 operand", m["peak_delta"], 8000)

    # 6. Frees of blocks allocated before profiling are NOT reported (PyTorch
    #    does not know their size): every case is built so that nothing
    #    pre-existing is freed inside the profiled region, and checks the end delta.
    pre = torch.empty(1000)
    def f5():
        nonlocal pre
        pre = None
        return torch.empty(10)
    _, m = profiled(f5)
    check("free of pre-profile block is invisible (end = +40 only)", m["end_delta"], 40)

    # 7. A tiny training step: grads + AdamW states, end delta 0 in steady state.
    lin = nn.Linear(32, 16, bias=False)
    opt = torch.optim.AdamW(lin.parameters(), foreach=False)
    inp = torch.randn(8, 32)
    def st():
        loss = lin(inp).sum()
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
    st()
    _, m = profiled(st)
    check("steady-state training step returns to baseline", m["end_delta"], 0)
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--case", help="case as a JSON object")
    ap.add_argument("--self-check", action="store_true")
    args = ap.parse_args()
    if args.self_check:
        res = self_check()
        print(json.dumps(res, indent=1))
        sys.exit(0 if all(r["ok"] for r in res) else 1)
    case = json.loads(args.case)
    print(json.dumps(run_case(case)))


if __name__ == "__main__":
    main()
