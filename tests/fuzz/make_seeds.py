#!/usr/bin/env python3
"""Writes the seed corpora of tests/fuzz/corpus/<target>/ (deterministic output).

Seeds are small, valid inputs that reach deep into each parser, so the fuzzer
mutates from "almost right" rather than from noise:
  fuzz_config_json  config.json of many families (published hyperparameters, minimal fields)
  fuzz_adapter      PEFT adapter_config.json variants (lists, regex, all-linear, DoRA, ...)
  fuzz_safetensors  tiny .safetensors files (8-byte length + JSON header + zeroed data)
                    and model.safetensors.index.json files behind an 8-byte prefix
  fuzz_gguf         tiny GGUF v2/v3 headers (llama metadata, mixed ggml types, MoE, MLA,
                    per-layer arrays, every metadata value type); no tensor data

Run from anywhere: python3 tests/fuzz/make_seeds.py (rewrites the four folders).
Written from the format specs (safetensors README, ggml docs/gguf.md), independent
of core/.
"""
import json
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")


def write(target, name, data):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def js(obj):
    return json.dumps(obj, indent=1, sort_keys=False) + "\n"


# ---- config.json: published hyperparameters, only the fields the parser reads ----

CONFIGS = {
    "llama-3.1-8b": {"model_type": "llama", "vocab_size": 128256, "hidden_size": 4096,
                     "intermediate_size": 14336, "num_hidden_layers": 32,
                     "num_attention_heads": 32, "num_key_value_heads": 8,
                     "max_position_embeddings": 131072, "tie_word_embeddings": False,
                     "attention_bias": False, "mlp_bias": False},
    "llama-3.2-1b": {"model_type": "llama", "vocab_size": 128256, "hidden_size": 2048,
                     "intermediate_size": 8192, "num_hidden_layers": 16,
                     "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 64,
                     "max_position_embeddings": 131072, "tie_word_embeddings": True},
    "mistral-7b": {"model_type": "mistral", "vocab_size": 32000, "hidden_size": 4096,
                   "intermediate_size": 14336, "num_hidden_layers": 32,
                   "num_attention_heads": 32, "num_key_value_heads": 8,
                   "max_position_embeddings": 32768, "sliding_window": 4096},
    "mixtral-8x7b": {"model_type": "mixtral", "vocab_size": 32000, "hidden_size": 4096,
                     "intermediate_size": 14336, "num_hidden_layers": 32,
                     "num_attention_heads": 32, "num_key_value_heads": 8,
                     "num_local_experts": 8, "num_experts_per_tok": 2,
                     "max_position_embeddings": 32768, "sliding_window": None},
    "qwen2.5-7b": {"model_type": "qwen2", "vocab_size": 152064, "hidden_size": 3584,
                   "intermediate_size": 18944, "num_hidden_layers": 28,
                   "num_attention_heads": 28, "num_key_value_heads": 4,
                   "max_position_embeddings": 131072, "sliding_window": 131072,
                   "use_sliding_window": False, "tie_word_embeddings": False},
    "qwen3-8b": {"model_type": "qwen3", "vocab_size": 151936, "hidden_size": 4096,
                 "intermediate_size": 12288, "num_hidden_layers": 36,
                 "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 128,
                 "max_position_embeddings": 40960, "tie_word_embeddings": False},
    "qwen3-30b-a3b": {"model_type": "qwen3_moe", "vocab_size": 151936, "hidden_size": 2048,
                      "intermediate_size": 6144, "moe_intermediate_size": 768,
                      "num_hidden_layers": 48, "num_attention_heads": 32,
                      "num_key_value_heads": 4, "head_dim": 128, "num_experts": 128,
                      "num_experts_per_tok": 8, "decoder_sparse_step": 1,
                      "mlp_only_layers": [], "max_position_embeddings": 40960},
    "qwen1.5-moe-a2.7b": {"model_type": "qwen2_moe", "vocab_size": 151936, "hidden_size": 2048,
                          "intermediate_size": 5632, "moe_intermediate_size": 1408,
                          "shared_expert_intermediate_size": 5632, "num_experts": 60,
                          "num_experts_per_tok": 4, "num_hidden_layers": 24,
                          "num_attention_heads": 16, "num_key_value_heads": 16,
                          "max_position_embeddings": 8192, "decoder_sparse_step": 1,
                          "use_sliding_window": False, "tie_word_embeddings": False},
    "gemma-2-9b": {"model_type": "gemma2", "vocab_size": 256000, "hidden_size": 3584,
                   "intermediate_size": 14336, "num_hidden_layers": 42,
                   "num_attention_heads": 16, "num_key_value_heads": 8, "head_dim": 256,
                   "max_position_embeddings": 8192, "sliding_window": 4096},
    "gemma-3-4b": {"model_type": "gemma3", "vision_config": {"hidden_size": 1152},
                   "text_config": {"hidden_size": 2560, "intermediate_size": 10240,
                                   "num_hidden_layers": 34, "num_attention_heads": 8,
                                   "num_key_value_heads": 4, "head_dim": 256,
                                   "sliding_window": 1024, "vocab_size": 262208,
                                   "max_position_embeddings": 131072,
                                   "sliding_window_pattern": 6}},
    "gemma-3-1b": {"model_type": "gemma3_text", "vocab_size": 262144, "hidden_size": 1152,
                   "intermediate_size": 6912, "num_hidden_layers": 26,
                   "num_attention_heads": 4, "num_key_value_heads": 1, "head_dim": 256,
                   "sliding_window": 512, "max_position_embeddings": 32768,
                   "layer_types": ["sliding_attention"] * 5 + ["full_attention"]},
    "llava-1.5-7b": {"model_type": "llava", "vision_config": {"model_type": "clip_vision_model"},
                     "text_config": {"vocab_size": 32064, "hidden_size": 4096,
                                     "intermediate_size": 11008, "num_hidden_layers": 32,
                                     "num_attention_heads": 32,
                                     "max_position_embeddings": 4096}},
    "gpt2": {"model_type": "gpt2", "vocab_size": 50257, "n_embd": 768, "n_layer": 12,
             "n_head": 12, "n_positions": 1024, "n_ctx": 1024, "n_inner": None},
    "bert-base-uncased": {"model_type": "bert", "vocab_size": 30522, "hidden_size": 768,
                          "intermediate_size": 3072, "num_hidden_layers": 12,
                          "num_attention_heads": 12, "max_position_embeddings": 512,
                          "type_vocab_size": 2},
    "roberta-base": {"model_type": "roberta", "vocab_size": 50265, "hidden_size": 768,
                     "intermediate_size": 3072, "num_hidden_layers": 12,
                     "num_attention_heads": 12, "max_position_embeddings": 514,
                     "type_vocab_size": 1},
    "deepseek-v2-lite": {"model_type": "deepseek_v2", "vocab_size": 102400, "hidden_size": 2048,
                         "intermediate_size": 10944, "moe_intermediate_size": 1408,
                         "num_hidden_layers": 27, "num_attention_heads": 16,
                         "num_key_value_heads": 16, "q_lora_rank": None, "kv_lora_rank": 512,
                         "qk_rope_head_dim": 64, "qk_nope_head_dim": 128, "v_head_dim": 128,
                         "n_routed_experts": 64, "n_shared_experts": 2,
                         "num_experts_per_tok": 6, "first_k_dense_replace": 1,
                         "moe_layer_freq": 1, "topk_method": "greedy",
                         "max_position_embeddings": 163840},
    "deepseek-v3": {"model_type": "deepseek_v3", "vocab_size": 129280, "hidden_size": 7168,
                    "intermediate_size": 18432, "moe_intermediate_size": 2048,
                    "num_hidden_layers": 61, "num_attention_heads": 128,
                    "num_key_value_heads": 128, "q_lora_rank": 1536, "kv_lora_rank": 512,
                    "qk_rope_head_dim": 64, "qk_nope_head_dim": 128, "v_head_dim": 128,
                    "n_routed_experts": 256, "n_shared_experts": 1, "num_experts_per_tok": 8,
                    "first_k_dense_replace": 3, "moe_layer_freq": 1,
                    "topk_method": "noaux_tc", "num_nextn_predict_layers": 1,
                    "max_position_embeddings": 163840},
    "phi-2": {"model_type": "phi", "vocab_size": 51200, "hidden_size": 2560,
              "intermediate_size": 10240, "num_hidden_layers": 32, "num_attention_heads": 32,
              "max_position_embeddings": 2048, "qk_layernorm": False},
    "phi-3-mini-4k": {"model_type": "phi3", "vocab_size": 32064, "hidden_size": 3072,
                      "intermediate_size": 8192, "num_hidden_layers": 32,
                      "num_attention_heads": 32, "num_key_value_heads": 32,
                      "max_position_embeddings": 4096, "sliding_window": 2047},
    "falcon-7b": {"model_type": "RefinedWebModel", "vocab_size": 65024, "hidden_size": 4544,
                  "n_layer": 32, "n_head": 71, "multi_query": True, "parallel_attn": True,
                  "bias": False},
    "falcon-40b": {"model_type": "falcon", "vocab_size": 65024, "hidden_size": 8192,
                   "num_hidden_layers": 60, "num_attention_heads": 128, "num_kv_heads": 8,
                   "new_decoder_architecture": True, "parallel_attn": True, "bias": False},
    "pythia-1b": {"model_type": "gpt_neox", "vocab_size": 50304, "hidden_size": 2048,
                  "intermediate_size": 8192, "num_hidden_layers": 16,
                  "num_attention_heads": 8, "max_position_embeddings": 2048,
                  "rotary_pct": 0.25, "tie_word_embeddings": False},
    "gpt-j-6b": {"model_type": "gptj", "vocab_size": 50400, "n_embd": 4096, "n_layer": 28,
                 "n_head": 16, "n_positions": 2048},
    "opt-350m": {"model_type": "opt", "vocab_size": 50272, "hidden_size": 1024,
                 "ffn_dim": 4096, "num_hidden_layers": 24, "num_attention_heads": 16,
                 "max_position_embeddings": 2048, "word_embed_proj_dim": 512,
                 "do_layer_norm_before": False, "enable_bias": True},
    "bloom-560m": {"model_type": "bloom", "vocab_size": 250880, "hidden_size": 1024,
                   "n_layer": 24, "n_head": 16},
    "starcoder2-7b": {"model_type": "starcoder2", "vocab_size": 49152, "hidden_size": 4608,
                      "intermediate_size": 18432, "num_hidden_layers": 32,
                      "num_attention_heads": 36, "num_key_value_heads": 4,
                      "max_position_embeddings": 16384, "sliding_window": 4096,
                      "use_bias": True},
    "olmo-1b": {"model_type": "olmo", "vocab_size": 50304, "hidden_size": 2048,
                "intermediate_size": 8192, "num_hidden_layers": 16, "num_attention_heads": 16,
                "max_position_embeddings": 2048, "tie_word_embeddings": True},
    "command-r": {"model_type": "cohere", "vocab_size": 256000, "hidden_size": 8192,
                  "intermediate_size": 22528, "num_hidden_layers": 40,
                  "num_attention_heads": 64, "num_key_value_heads": 64,
                  "max_position_embeddings": 8192, "use_qk_norm": False},
    "internlm2.5-7b": {"model_type": "internlm2", "vocab_size": 92544, "hidden_size": 4096,
                       "intermediate_size": 14336, "num_hidden_layers": 32,
                       "num_attention_heads": 32, "num_key_value_heads": 8,
                       "max_position_embeddings": 32768, "bias": False},
}

# ---- adapter_config.json ----

ADAPTERS = {
    "llama-qv": {"peft_type": "LORA", "r": 16, "lora_alpha": 32, "lora_dropout": 0.05,
                 "target_modules": ["q_proj", "v_proj"], "bias": "none",
                 "task_type": "CAUSAL_LM", "base_model_name_or_path": "meta-llama/Llama-3.1-8B"},
    "all-linear-dora": {"peft_type": "LORA", "r": 8, "lora_alpha": 16,
                        "target_modules": "all-linear", "use_dora": True},
    "regex": {"peft_type": "LORA", "r": 4, "target_modules": r".*\.(q_proj|v_proj)$"},
    "regex-layers": {"peft_type": "LORA", "r": 32,
                     "target_modules": r"model\.layers\.[0-9]+\.mlp\.(gate|up|down)_proj"},
    "saved-bias": {"peft_type": "LORA", "r": 64, "lora_alpha": 128,
                   "target_modules": ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj",
                                      "up_proj", "down_proj"],
                   "modules_to_save": ["lm_head", "embed_tokens"], "bias": "all",
                   "layers_to_transform": [0, 1, 2]},
    "defaults": {"peft_type": "LORA", "r": 8, "target_modules": None, "layers_to_transform": 3,
                 "bias": "lora_only"},
    "gpt2": {"peft_type": "LORA", "r": 8, "target_modules": ["c_attn", "c_proj", "c_fc"],
             "fan_in_fan_out": True},
    "bert": {"peft_type": "LORA", "r": 8, "target_modules": ["query", "value", "key", "dense"],
             "modules_to_save": ["classifier"]},
    "falcon": {"peft_type": "LORA", "r": 16, "target_modules": ["query_key_value", "dense_4h_to_h"]},
    "mixtral-experts": {"peft_type": "LORA", "r": 16,
                        "target_modules": ["w1", "w2", "w3", "gate", "q_proj"]},
    "deepseek-mla": {"peft_type": "LORA", "r": 16,
                     "target_modules": ["q_proj", "kv_a_proj_with_mqa", "kv_b_proj", "o_proj"]},
    "phi3": {"peft_type": "LORA", "r": 16, "target_modules": ["qkv_proj", "gate_up_proj"]},
}

# ---- safetensors ----

ST_BITS = {"BOOL": 8, "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6, "U8": 8, "I8": 8, "F8_E5M2": 8,
           "F8_E4M3": 8, "F8_E8M0": 8, "I16": 16, "U16": 16, "F16": 16, "BF16": 16, "I32": 32,
           "U32": 32, "F32": 32, "C64": 64, "F64": 64, "I64": 64, "U64": 64}


def safetensors(tensors, metadata=None, with_data=True, align=8):
    """tensors: list of (name, dtype, shape); laid out in order, data zero-filled."""
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    offset = 0
    for name, dtype, shape in tensors:
        n = 1
        for d in shape:
            n *= d
        size = n * ST_BITS[dtype] // 8
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((-len(text)) % align)  # the reference pads the header with spaces
    data = b"\0" * offset if with_data else b""
    return struct.pack("<Q", len(text)) + text + data


def index_seed(weight_map, total_size):
    body = json.dumps({"metadata": {"total_size": total_size}, "weight_map": weight_map},
                      indent=1).encode()
    return struct.pack("<Q", len(body)) + body


# ---- GGUF ----

GGUF_TYPES = {"F32": (0, 1, 4), "F16": (1, 1, 2), "Q4_0": (2, 32, 18), "Q8_0": (8, 32, 34),
              "Q4_K": (12, 256, 144), "Q6_K": (14, 256, 210), "BF16": (30, 1, 2),
              "MXFP4": (39, 32, 17), "Q5_K": (13, 256, 176), "IQ4_XS": (23, 256, 136)}
U8, I8, U16, I16, U32, I32, F32, BOOL, STR, ARR, U64, I64, F64 = range(13)
SCALAR_FMT = {U8: "<B", I8: "<b", U16: "<H", I16: "<h", U32: "<I", I32: "<i", F32: "<f",
              BOOL: "<B", U64: "<Q", I64: "<q", F64: "<d"}


def gstr(s):
    b = s.encode()
    return struct.pack("<Q", len(b)) + b


def gvalue(vtype, value):
    if vtype == STR:
        return gstr(value)
    if vtype == ARR:
        etype, items = value
        out = struct.pack("<IQ", etype, len(items))
        for item in items:
            out += gvalue(etype, item)
        return out
    return struct.pack(SCALAR_FMT[vtype], value)


def gguf(kvs, tensors, version=3, alignment=32):
    """kvs: list of (key, type, value); tensors: list of (name, dims, type name)."""
    out = b"GGUF" + struct.pack("<IQQ", version, len(tensors), len(kvs))
    for key, vtype, value in kvs:
        out += gstr(key) + struct.pack("<I", vtype)
        if vtype == ARR:
            out += gvalue(ARR, value)  # value = (element type, items)
        else:
            out += gvalue(vtype, value)
    offset = 0
    for name, dims, tname in tensors:
        tid, blk, size = GGUF_TYPES[tname]
        n = 1
        for d in dims:
            n *= d
        offset = (offset + alignment - 1) // alignment * alignment
        out += gstr(name) + struct.pack("<I", len(dims))
        out += b"".join(struct.pack("<Q", d) for d in dims)
        out += struct.pack("<IQ", tid, offset)
        offset += n // blk * size
    if tensors:
        out += b"\0" * ((-len(out)) % alignment)
    return out


def llama_kvs(arch="llama", layers=2, width=256, ff=512, heads=4, kv_heads=2, vocab=256):
    return [
        ("general.architecture", STR, arch),
        ("general.name", STR, "tiny-" + arch),
        (arch + ".block_count", U32, layers),
        (arch + ".context_length", U32, 4096),
        (arch + ".embedding_length", U32, width),
        (arch + ".feed_forward_length", U32, ff),
        (arch + ".attention.head_count", U32, heads),
        (arch + ".attention.head_count_kv", U32, kv_heads),
        (arch + ".rope.freq_base", F32, 500000.0),
        (arch + ".attention.layer_norm_rms_epsilon", F32, 1e-5),
        ("general.file_type", U32, 15),
        ("tokenizer.ggml.model", STR, "gpt2"),
        ("tokenizer.ggml.tokens", ARR, (STR, ["<s>", "</s>", "a", "b", "hello", " world"])),
        ("tokenizer.ggml.token_type", ARR, (I32, [3, 3, 1, 1, 1, 1])),
        ("tokenizer.ggml.bos_token_id", U32, 0),
        ("general.quantization_version", U32, 2),
    ]


def llama_tensors(layers=2, width=256, ff=512, kv=128, vocab=256, types=None):
    t = types or {"embd": "Q4_K", "q": "Q8_0", "k": "Q4_0", "v": "Q6_K", "o": "BF16",
                  "gate": "Q4_K", "up": "Q5_K", "down": "Q6_K", "norm": "F32", "out": "Q8_0"}
    out = [("token_embd.weight", [width, vocab], t["embd"])]
    for i in range(layers):
        p = "blk.%d." % i
        out += [(p + "attn_norm.weight", [width], t["norm"]),
                (p + "attn_q.weight", [width, width], t["q"]),
                (p + "attn_k.weight", [width, kv], t["k"]),
                (p + "attn_v.weight", [width, kv], t["v"]),
                (p + "attn_output.weight", [width, width], t["o"]),
                (p + "ffn_norm.weight", [width], t["norm"]),
                (p + "ffn_gate.weight", [width, ff], t["gate"]),
                (p + "ffn_up.weight", [width, ff], t["up"]),
                (p + "ffn_down.weight", [ff, width], t["down"])]
    out += [("output_norm.weight", [width], t["norm"]), ("output.weight", [width, vocab], t["out"])]
    return out


def main():
    for target in ("fuzz_config_json", "fuzz_adapter", "fuzz_safetensors", "fuzz_gguf"):
        shutil.rmtree(os.path.join(CORPUS, target), ignore_errors=True)

    for name, cfg in CONFIGS.items():
        write("fuzz_config_json", name + ".json", js(cfg))
    for name, cfg in ADAPTERS.items():
        write("fuzz_adapter", name + ".json", js(cfg))

    st = "fuzz_safetensors"
    write(st, "tiny-llama.safetensors", safetensors(
        [("model.embed_tokens.weight", "BF16", [16, 8]),
         ("model.layers.0.self_attn.q_proj.weight", "BF16", [8, 8]),
         ("model.layers.0.input_layernorm.weight", "F32", [8]),
         ("lm_head.weight", "BF16", [16, 8])], metadata={"format": "pt"}))
    write(st, "mixed-dtypes.safetensors", safetensors(
        [("a.f8", "F8_E4M3", [4, 4]), ("b.f4", "F4", [2, 4]), ("c.f6", "F6_E2M3", [4, 2]),
         ("d.i64", "I64", [3]), ("e.bool", "BOOL", [5]), ("f.c64", "C64", [1, 2]),
         ("g.e8m0", "F8_E8M0", [2]), ("h.u16", "U16", [2, 1, 1])],
        metadata={"format": "pt", "quant": "mxfp4"}))
    write(st, "scalar-empty.safetensors", safetensors(
        [("scalar", "F32", []), ("empty", "F16", [0, 4]), ("vec", "F64", [2])]))
    write(st, "no-metadata.safetensors", safetensors([("w", "F16", [2, 3])], align=1))
    write(st, "header-only.safetensors", safetensors(
        [("model.embed_tokens.weight", "BF16", [128256, 4096]),
         ("model.norm.weight", "BF16", [4096])], metadata={"format": "pt"}, with_data=False))
    write(st, "index.json.bin", index_seed(
        {"model.embed_tokens.weight": "model-00001-of-00002.safetensors",
         "model.layers.0.mlp.down_proj.weight": "model-00001-of-00002.safetensors",
         "lm_head.weight": "model-00002-of-00002.safetensors"}, 16060522496))
    write(st, "index-subdir.json.bin", index_seed(
        {"a": "shards/part-1.safetensors", "b": "shards/part-2.safetensors"}, 0))

    # Deep nesting (the reliability issue): just past the 64-level cap, in each
    # kind of JSON, so the fuzzer starts at the depth check's edges.
    deep = "[" * 65 + "]" * 65
    write("fuzz_config_json", "deep-array.json", deep.encode())
    write("fuzz_config_json", "deep-field.json",
          ('{"model_type":"llama","vocab_size":' + deep + "}").encode())
    write("fuzz_config_json", "deep-text-config.json",
          ('{"model_type":"llava","text_config":{"model_type":"llama","unused":' + deep + "}}").encode())
    write("fuzz_adapter", "deep-target-modules.json",
          ('{"peft_type":"LORA","r":16,"target_modules":' + deep + "}").encode())
    deep_meta = ('{"__metadata__":{"format":' + '{"a":' * 63 + '"x"' + "}" * 63 +
                 '},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}').encode()
    write(st, "deep-metadata.safetensors", struct.pack("<Q", len(deep_meta)) + deep_meta + b"\0" * 4)

    g = "fuzz_gguf"
    write(g, "llama-v3.gguf", gguf(llama_kvs(), llama_tensors()))
    write(g, "llama-v2.gguf", gguf(llama_kvs(layers=1), llama_tensors(layers=1), version=2))
    moe = llama_kvs(arch="qwen3moe", layers=1) + [
        ("qwen3moe.expert_count", U32, 4), ("qwen3moe.expert_used_count", U32, 2),
        ("qwen3moe.expert_feed_forward_length", U32, 256)]
    moe_tensors = [("token_embd.weight", [256, 256], "Q8_0"),
                   ("blk.0.attn_q.weight", [256, 256], "Q8_0"),
                   ("blk.0.attn_k.weight", [256, 128], "Q8_0"),
                   ("blk.0.attn_v.weight", [256, 128], "Q8_0"),
                   ("blk.0.attn_output.weight", [256, 256], "Q8_0"),
                   ("blk.0.ffn_gate_inp.weight", [256, 4], "F32"),
                   ("blk.0.ffn_gate_exps.weight", [256, 256, 4], "MXFP4"),
                   ("blk.0.ffn_up_exps.weight", [256, 256, 4], "MXFP4"),
                   ("blk.0.ffn_down_exps.weight", [256, 256, 4], "Q4_K"),
                   ("output_norm.weight", [256], "F32")]
    write(g, "qwen3moe.gguf", gguf(moe, moe_tensors))
    gemma = llama_kvs(arch="gemma2", layers=2, heads=4, kv_heads=2) + [
        ("gemma2.attention.sliding_window", U32, 4096),
        ("gemma2.attention.key_length", U32, 64), ("gemma2.attention.value_length", U32, 64)]
    write(g, "gemma2.gguf",
          gguf(gemma + [("general.alignment", U32, 64)], llama_tensors(layers=2), alignment=64))
    per_layer = [kv for kv in llama_kvs(layers=3) if not kv[0].startswith("llama.attention.head_count")]
    per_layer += [("llama.attention.head_count", ARR, (U32, [4, 4, 4])),
                  ("llama.attention.head_count_kv", ARR, (I32, [2, 0, 1])),
                  ("llama.feed_forward_length", ARR, (U64, [512, 256, 512]))]
    per_layer = [kv for kv in per_layer if kv[0] != "llama.feed_forward_length" or kv[1] == ARR]
    write(g, "per-layer.gguf", gguf(per_layer, llama_tensors(layers=1)))
    mla = llama_kvs(arch="deepseek2", layers=1, heads=4, kv_heads=4) + [
        ("deepseek2.attention.q_lora_rank", U32, 64), ("deepseek2.attention.kv_lora_rank", U32, 32),
        ("deepseek2.rope.dimension_count", U32, 16), ("deepseek2.attention.key_length", U32, 48),
        ("deepseek2.attention.value_length", U32, 32), ("deepseek2.leading_dense_block_count", U32, 1),
        ("deepseek2.expert_count", U32, 8), ("deepseek2.expert_used_count", U32, 2),
        ("deepseek2.expert_shared_count", U32, 1), ("deepseek2.vocab_size", U64, 256)]
    write(g, "deepseek2.gguf", gguf(mla, [("token_embd.weight", [256, 256], "IQ4_XS"),
                                          ("blk.0.attn_kv_a_mqa.weight", [256, 48], "F16"),
                                          ("blk.0.ffn_up_exps.weight", [256, 64, 8], "Q8_0")]))
    every_type = [
        ("general.architecture", STR, "llama"), ("general.alignment", U32, 16),
        ("t.u8", U8, 7), ("t.i8", I8, -7), ("t.u16", U16, 700), ("t.i16", I16, -700),
        ("t.u32", U32, 70000), ("t.i32", I32, -70000), ("t.f32", F32, 1.5), ("t.bool", BOOL, 1),
        ("t.str", STR, "text\twith\ncontrol"), ("t.u64", U64, 2 ** 40), ("t.i64", I64, -(2 ** 40)),
        ("t.f64", F64, 2.5), ("t.arr_u8", ARR, (U8, [1, 2, 3])),
        ("t.arr_arr", ARR, (ARR, [(U16, [1, 2]), (STR, ["x", "y"])])),
        ("t.arr_empty", ARR, (F32, [])), ("llama.block_count", U64, 1),
        ("llama.embedding_length", U16, 64), ("llama.attention.head_count", U8, 2)]
    write(g, "every-type.gguf", gguf(every_type, [("w", [64, 2], "F16"), ("b", [2], "F32")],
                                     alignment=16))
    write(g, "weights-only.gguf", gguf([("general.name", STR, "no arch")],
                                       [("x", [32, 3], "Q4_0"), ("y", [7], "F32")]))
    write(g, "empty.gguf", gguf([], []))
    # Arrays nested to the depth cap (8) and one past it.
    nested = (U8, [1])
    for _ in range(8):
        nested = (ARR, [nested])
    write(g, "deep-arrays.gguf", gguf([("general.architecture", STR, "llama"), ("t.deep", ARR, nested)],
                                      [("w", [4], "F32")]))


if __name__ == "__main__":
    main()
