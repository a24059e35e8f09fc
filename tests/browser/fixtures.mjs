// Model files for the browser tests, written from the formats' specs (not from
// core): sparse .safetensors and .gguf files of 20 GB whose headers are real and
// whose tensor data is a hole (ftruncate), so they cost no disk and no time, plus
// broken variants. Sizes are computed here by hand from the specs' rules.
//   safetensors (huggingface/safetensors): u64 LE header length N, N bytes of JSON
//     {name: {dtype, shape, data_offsets: [begin, end]}} relative to byte 8 + N.
//   GGUF v3 (ggml docs/gguf.md): "GGUF", u32 version, u64 tensor_count, u64
//     kv_count, key-values, tensor infos, padding to general.alignment (32), data.
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';

// ---- A llama-like model of exactly 10,000,000,000 parameters -------------------
// hidden 5120, 32 layers, 40 heads of 128, 8 KV heads, MLP 13824, vocab 116370,
// untied head: embed + head 2 x 116370 x 5120 = 1,191,628,800; per layer
// 2 x 5120^2 + 2 x 5120 x 1024 + 3 x 5120 x 13824 + 2 x 5120 = 275,261,440;
// 32 layers = 8,808,366,080; final norm 5120. Sum: 10^10. In BF16: 2 x 10^10 bytes.
export const LLAMA_10B = {
  hidden: 5120, layers: 32, heads: 40, kvHeads: 8, headDim: 128, mlp: 13824, vocab: 116370,
};
export const LLAMA_10B_CONFIG = {
  architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 5120,
  num_hidden_layers: 32, num_attention_heads: 40, num_key_value_heads: 8,
  intermediate_size: 13824, vocab_size: 116370, max_position_embeddings: 8192,
  rms_norm_eps: 1e-5, tie_word_embeddings: false, torch_dtype: 'bfloat16',
};

// HF tensor names and shapes ([out, in]) of layers [from, to), plus the
// embedding (first shard) and the final norm and head (last shard).
export function hfTensors({ from = 0, to = LLAMA_10B.layers, embed = true, head = true } = {}) {
  const { hidden: h, kvHeads, headDim, mlp, vocab } = LLAMA_10B;
  const kv = kvHeads * headDim;
  const out = [];
  if (embed) out.push(['model.embed_tokens.weight', [vocab, h]]);
  for (let l = from; l < to; ++l) {
    const p = `model.layers.${l}.`;
    out.push([`${p}self_attn.q_proj.weight`, [h, h]], [`${p}self_attn.k_proj.weight`, [kv, h]],
      [`${p}self_attn.v_proj.weight`, [kv, h]], [`${p}self_attn.o_proj.weight`, [h, h]],
      [`${p}mlp.gate_proj.weight`, [mlp, h]], [`${p}mlp.up_proj.weight`, [mlp, h]],
      [`${p}mlp.down_proj.weight`, [h, mlp]], [`${p}input_layernorm.weight`, [h]],
      [`${p}post_attention_layernorm.weight`, [h]]);
  }
  if (head) out.push(['model.norm.weight', [h]], ['lm_head.weight', [vocab, h]]);
  return out;
}

const product = (shape) => shape.reduce((a, b) => a * b, 1);

// Writes a .safetensors file of BF16 tensors: a real header, the data a hole.
// Returns { headerBytes: N, dataBytes, fileSize, elements }.
export function writeSafetensors(path, tensors) {
  const header = { __metadata__: { format: 'pt' } };
  let offset = 0;
  let elements = 0;
  for (const [name, shape] of tensors) {
    const bytes = product(shape) * 2;
    header[name] = { dtype: 'BF16', shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
    elements += product(shape);
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);  // the reference pads to 8 bytes
  const text = Buffer.from(json, 'utf8');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(text.length));
  const fileSize = 8 + text.length + offset;
  writeFile(path, Buffer.concat([len, text]), fileSize);
  return { headerBytes: text.length, dataBytes: offset, fileSize, elements };
}

// Writes `head` at the start of `path` and extends the file to `size` bytes
// (sparse: the rest is a hole that reads as zeros).
export function writeFile(path, head, size) {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, head, 0, head.length, 0);
    ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
}

// ---- GGUF ---------------------------------------------------------------------
// ggml types used here: id -> [elements per block, bytes per block] (ggml-common.h).
export const GGML = {
  F32: { id: 0, block: 1, bytes: 4 },
  F16: { id: 1, block: 1, bytes: 2 },
  Q8_0: { id: 8, block: 32, bytes: 34 },   // fp16 scale + 32 int8
  Q4_K: { id: 12, block: 256, bytes: 144 },  // 2 fp16 + 12 scale bytes + 128 nibble bytes
  Q6_K: { id: 14, block: 256, bytes: 210 },  // 128 + 64 + 16 scales + fp16
};
const GV = { U32: 4, F32: 6, STR: 8, ARR: 9 };

class Bytes {
  constructor() { this.parts = []; this.length = 0; }
  push(buf) { this.parts.push(buf); this.length += buf.length; return this; }
  u32(v) { const b = Buffer.alloc(4); b.writeUInt32LE(v); return this.push(b); }
  u64(v) { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); return this.push(b); }
  f32(v) { const b = Buffer.alloc(4); b.writeFloatLE(v); return this.push(b); }
  str(s) { const b = Buffer.from(s, 'utf8'); return this.u64(b.length).push(b); }
  buffer() { return Buffer.concat(this.parts); }
}

// The llama-like model above as a GGUF of mixed types (a Q-mix as llama.cpp's
// quantize would write), with a tokenizer vocabulary of `vocab` strings so the
// header is over 1 MiB and the page must read it in growing chunks.
export function ggufTensors() {
  const { hidden: h, layers, kvHeads, headDim, mlp, vocab } = LLAMA_10B;
  const kv = kvHeads * headDim;
  // dims[0] is the row length (the input features).
  const out = [['token_embd.weight', [h, vocab], GGML.F32]];
  for (let l = 0; l < layers; ++l) {
    const p = `blk.${l}.`;
    out.push([`${p}attn_q.weight`, [h, h], GGML.F16], [`${p}attn_k.weight`, [h, kv], GGML.F16],
      [`${p}attn_v.weight`, [h, kv], GGML.Q8_0], [`${p}attn_output.weight`, [h, h], GGML.Q8_0],
      [`${p}ffn_gate.weight`, [h, mlp], GGML.F32], [`${p}ffn_up.weight`, [h, mlp], GGML.Q8_0],
      [`${p}ffn_down.weight`, [mlp, h], GGML.Q6_K], [`${p}attn_norm.weight`, [h], GGML.F32],
      [`${p}ffn_norm.weight`, [h], GGML.F32]);
  }
  out.push(['output_norm.weight', [h], GGML.F32], ['output.weight', [h, vocab], GGML.Q4_K]);
  return out;
}
export const tensorBytes = ([, dims, type]) => product(dims) / type.block * type.bytes;

// Writes the GGUF header (data: a hole) and extends the file to `fileSize` bytes.
// Returns { infosEnd, headerBytes, dataBytes, layerBytes, fileSize }.
export function writeGguf(path, fileSize, { truncateAt } = {}) {
  const { hidden: h, layers, heads, kvHeads, mlp, vocab } = LLAMA_10B;
  const tensors = ggufTensors();
  const kvs = new Bytes();
  let kvCount = 0;
  const kvU32 = (k, v) => { kvs.str(k).u32(GV.U32).u32(v); ++kvCount; };
  const kvStr = (k, v) => { kvs.str(k).u32(GV.STR).str(v); ++kvCount; };
  kvStr('general.architecture', 'llama');
  kvStr('general.name', 'Llama 10B test');
  kvU32('general.alignment', 32);
  kvU32('llama.block_count', layers);
  kvU32('llama.context_length', 8192);
  kvU32('llama.embedding_length', h);
  kvU32('llama.feed_forward_length', mlp);
  kvU32('llama.attention.head_count', heads);
  kvU32('llama.attention.head_count_kv', kvHeads);
  kvU32('llama.rope.dimension_count', h / heads);
  kvs.str('llama.attention.layer_norm_rms_epsilon').u32(GV.F32).f32(1e-5); ++kvCount;
  kvStr('tokenizer.ggml.model', 'llama');
  kvs.str('tokenizer.ggml.tokens').u32(GV.ARR).u32(GV.STR).u64(vocab);
  for (let i = 0; i < vocab; ++i) kvs.str(`t${i}`);  // ~1.6 MB of header
  ++kvCount;

  const infos = new Bytes();
  let next = 0;
  let dataBytes = 0;
  const layerBytes = new Array(layers).fill(0);
  let embdBytes = 0;
  let restBytes = 0;
  for (const t of tensors) {
    const [name, dims, type] = t;
    const offset = Math.ceil(next / 32) * 32;
    infos.str(name).u32(dims.length);
    for (const d of dims) infos.u64(d);
    infos.u32(type.id).u64(offset);
    const bytes = tensorBytes(t);
    next = offset + bytes;
    dataBytes += bytes;
    const m = /^blk\.(\d+)\./.exec(name);
    if (m) layerBytes[Number(m[1])] += bytes;
    else if (name.startsWith('token_embd')) embdBytes += bytes;
    else restBytes += bytes;
  }
  const head = new Bytes().push(Buffer.from('GGUF')).u32(3).u64(tensors.length).u64(kvCount);
  const infosEnd = head.length + kvs.length + infos.length;
  const headerBytes = Math.ceil(infosEnd / 32) * 32;
  const header = Buffer.concat([head.buffer(), kvs.buffer(), infos.buffer(),
    Buffer.alloc(headerBytes - infosEnd)]);
  const size = truncateAt ?? fileSize;
  if (truncateAt === undefined && headerBytes + next > fileSize) {
    throw new Error(`GGUF data ends at ${headerBytes + next}, past ${fileSize}`);
  }
  writeFile(path, truncateAt === undefined ? header : header.subarray(0, truncateAt), size);
  return { infosEnd, headerBytes, dataBytes, layerBytes, embdBytes, restBytes, fileSize: size };
}
