// Types of window.vramcalc, the page's JavaScript API (web/vramcalc_glue.js).
// Byte counts are JSON numbers: exact below 2^53 bytes (8 PiB).

/** Component keys of DESIGN.md's estimate contract. */
export type ComponentKey = 'weights' | 'kv_cache' | 'activations' | 'logits' | 'gradients' |
  'optimizer' | 'master_weights' | 'adapters' | 'overhead';

export interface EstimateJson {
  total_bytes: number;    // over all GPUs
  per_gpu_bytes: number;  // sum of the components
  components: Record<ComponentKey, number>;  // bytes per GPU; 0 when absent
  params: { total: number; trainable: number; active: number };
  /** vLLM / llama.cpp only: what the runtime decided beyond the components. */
  runtime?: { budget_bytes: number; kv_blocks: number; kv_tokens: number;
    max_concurrent_seqs: number; host_bytes: number; gpu_layers: number };
  gpu_memory_bytes?: number;  // with a GPU chosen
  fits?: boolean;             // per_gpu_bytes <= gpu_memory_bytes
  details: Array<{ id: ComponentKey; name: string; bytes: number; known: boolean;
    formula: string; assumption: string }>;
  notes: string[];
}

/** window.vramcalc.state(): the page contract. */
export interface PageState {
  // apply_option keys ("weight-dtype" may be "checkpoint": the stored bytes), plus units,
  // plot ("seq" | "batch"), model_source and preset / file / count.
  inputs: Record<string, string | number | boolean | null>;
  model: Record<string, unknown> & { name: string; model_type: string; kind: string;
    /** count_params(): parameters by part; active < total for MoE models. */
    breakdown: { embedding: number; attention: number; mlp: number; experts: number;
      norms: number; head: number; other: number; total: number; active: number };
    /** Stored in checkpoints but not learnable, and why (when they differ). */
    stored_params?: number; stored_params_reason?: string;
    /** What .safetensors / .gguf headers said is stored. */
    checkpoint?: { format: 'safetensors' | 'gguf'; params: number; bytes: number;
      tensors: number; dtypes: string };
    /** A PEFT adapter_config.json loaded with the model. */
    adapter?: { rank: number; trainable_params: number; adapted_modules: number;
      description: string } };
  estimate: EstimateJson | null;  // null when the inputs cannot be estimated
  frames: number;                 // frames drawn so far
  error: string | null;           // the last failure, one line
  /** The "Data types" bit explorer: core's decode_fields() of the fields. */
  bits: BitsState;
}

/** A float dtype's sign / exponent (biased) / mantissa fields and their value. */
export interface BitsState {
  dtype: 'fp32' | 'tf32' | 'fp16' | 'bf16' | 'fp8' | 'fp8-e5m2';  // core's ids (fp8 = E4M3)
  name: string;      // "BF16"
  sign: number;
  exponent: number;
  mantissa: number;
  hex: string;       // the raw pattern, "0x8885"
  value: number | null;  // null for infinities and NaN (see kind)
  kind: 'normal' | 'subnormal' | 'zero' | 'infinity' | 'nan';
}

/** Thrown by the pure calls; `code` is core's ErrorCode name ("invalid_json", ...). */
export interface VramcalcError extends Error { code: string }

export interface Vramcalc {
  ready: Promise<void>;
  state(): PageState;
  resultsText(): string;
  /** Loads config.json bytes into the page; null or the error message. */
  loadBytes(bytes: Uint8Array | string, name?: string): string | null;
  /** Reads a File (JSON up to maxFileBytes; .safetensors/.gguf headers only) and loads it. */
  loadFile(file: File): Promise<string | null>;
  /** Reads files dropped together and loads them as one model (config.json + shards,
   *  model.safetensors.index.json + shards, adapter_config.json + config.json, a .gguf). */
  loadFiles(files: File[] | FileList): Promise<string | null>;
  /** Bytes read from dropped or picked files since the page loaded. */
  bytesRead(): number;
  /** Sets one knob by its CLI name ("batch", "weight-dtype", "units", ...). */
  setOption(key: string, value: string | number | boolean): string | null;
  selectPreset(id: string): string | null;
  useParamCount(text: string): string | null;
  /** Bit explorer: a float dtype (core's id or alias) and its fields; null or the error
   *  message (fields outside their widths are refused and the explorer kept). */
  setBits(dtype: string, sign: number, exponent: number, mantissa: number): string | null;
  /** Pure estimate: model = preset id, bare count ("8e9") or config.json text. */
  estimate(model: string, options?: Record<string, string | number | boolean>): EstimateJson;
  params(model: string): { total_params: number; active_params: number;
    breakdown: Record<string, number>; model: Record<string, unknown> };
  /** Every preset, or those whose id, name or repository contain every word of `query`. */
  presets(query?: string): Array<{ id: string; name: string; source: string; repo: string;
    params: number }>;
  /** Core's option table: every knob setOption() takes. */
  options(): Array<{ key: string; kind: 'choice' | 'count' | 'bytes' | 'fraction' | 'flag';
    choices: string; group: 'workload' | 'training' | 'hardware' | 'vllm' | 'llamacpp';
    help: string }>;
  /** Benchmark hook: milliseconds for n estimate() calls on the page's model. */
  sweepMilliseconds(n: number): number;
  maxFileBytes: number;
}

declare global {
  interface Window { vramcalc: Vramcalc }
}
