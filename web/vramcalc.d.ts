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
  /** What each GPU holds: one share per pipeline stage (or llama.cpp device); the
   *  components above are those of gpu_shares[busiest_gpu]. */
  gpu_shares: Array<{ stage: number; device: string; first_layer: number; last_layer: number;
    gpus: number; bytes: number; components: Record<ComponentKey, number> }>;
  busiest_gpu: number;
  details: Array<{ id: ComponentKey; name: string; bytes: number; known: boolean;
    formula: string; assumption: string }>;
  notes: string[];
}

/** window.vramcalc.state(): the page contract. */
export interface PageState {
  // apply_option keys ("weight-dtype" may be "checkpoint": the stored bytes), plus units,
  // memory-units (the custom GPU memory field's, "gb" | "gib"), plot ("seq" | "batch"),
  // theme (the one shown, "dark" | "light"), model_source and preset / file / count.
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
  /** The answer first (core's answer_verdict()); null when there is no estimate. */
  verdict: Verdict | null;
  frames: number;                 // frames drawn so far
  error: string | null;           // the last failure, one line
  /** The "Data types" bit explorer: core's decode_fields() of the fields. */
  bits: BitsState;
  /** The colour theme: shown, the browser's prefers-color-scheme, and whether the user
   *  (or the link) chose the shown one; setOption('theme', 'dark' | 'light') switches. */
  theme: { shown: 'dark' | 'light'; system: 'dark' | 'light'; chosen: boolean };
  /** Whether the "Data types" section is open (the header's Data types button opens it). */
  dtypes_open: boolean;
  /** true in the compact embed view (index.html?embed=1), false on the full page. */
  embed: boolean;
  /** The knobs the embed view shows (option keys, as its link or ?knobs= named them). */
  embed_knobs: string[];
}

/** A solver answer, as `vramcalc fit --json` writes it. */
export interface SolveAnswer {
  value: number;          // largest batch / tokens that fit (0: not even 1)
  per_gpu_bytes: number;  // the busiest GPU's total there
  capped: boolean;        // the search stopped at its bound (2^24): "16,777,216+"
  memory_allows?: number; // max_seq only: memory's answer when cut to the trained context
}

/** state().verdict: whether the estimate fits the chosen GPU(s) and how far it goes, at
 *  the settings as they are (runtime, tp, pp, dtypes). The solver keys are null when no
 *  GPU is chosen (nothing to fit into); the sentence `text` says so. */
export interface Verdict {
  fits: boolean;                    // estimate.fits (false without a GPU)
  headroom_bytes: number | null;    // GPU memory - the busiest GPU's total; < 0: short by
  gpu_memory_bytes: number | null;  // of one GPU, as the runtime sees it
  max_batch: SolveAnswer | null;    // at inputs.seq tokens
  max_seq: SolveAnswer | null;      // tokens at inputs.batch
  min_gpus: number | null;          // fewest tensor-parallel GPUs (pp as set); 0: none up to tp 1024
  tp_splits: boolean | null;        // false: the estimate does not shrink with tp (min_gpus 0 says why)
  /** --runtime llamacpp: the largest -ngl that fits (value of layers; output_layer: all + output). */
  gpu_layers?: { value: number; layers: number; output_layer: boolean; per_gpu_bytes: number };
  /** With tp/pp: the share (estimate.gpu_shares[index]) that decides `fits`. */
  busiest_gpu?: { index: number; device: string; stage: number; first_layer: number;
    last_layer: number; gpus: number; bytes: number };
  /** --runtime vllm with a GPU: its KV cache, or why it would not start (failure). */
  vllm?: { kv_tokens: number; max_concurrent_seqs: number; max_concurrency: number;
    failure: string | null };
  warnings: string[];  // estimate.notes that change the answer (vLLM refuses, shards vs config)
  text: string;        // the verdict sentence, in the chosen units (first line of resultsText())
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

/** Core's load limits (core/base/file_limits.h): bytes, counts and the JSON depth. */
export interface FileLimits {
  config_json: number;         // config.json / adapter_config.json, bytes
  index_json: number;          // *.index.json, bytes
  safetensors_header: number;  // one .safetensors JSON header, bytes
  gguf_header: number;         // bytes read from the start of a .gguf
  load_bytes: number;          // bytes read from all files of one load
  load_model_files: number;    // files of one load that are not .safetensors shards
  load_shards: number;         // .safetensors files of one load
  json_depth: number;          // nesting depth of any JSON read
}

export interface Vramcalc {
  /** Resolves once the app runs. After an internal error (a wasm trap or abort)
   *  the page restarts the app with the model and knobs as they were and the error
   *  line set; `ready` then resolves once the restarted app runs (read it anew). */
  readonly ready: Promise<void>;
  state(): PageState;
  /** The aria-live mirror's text: the verdict sentence, its warnings, then the breakdown. */
  resultsText(): string;
  /** Every control on screen with its current value, one "Label: value" line each
   *  ("Batch: 4", "Runtime: vLLM"): the hidden #vramcalc-controls list. */
  controlsText(): string;
  /** The focused control as the live region announces it after a Tab ("Batch: 4");
   *  "" while no focus ring shows. */
  focusText(): string;
  /** Loads config.json bytes into the page; null or the error message. */
  loadBytes(bytes: Uint8Array | string, name?: string): string | null;
  /** Reads a File (JSON up to maxFileBytes; .safetensors/.gguf headers only) and loads it. */
  loadFile(file: File): Promise<string | null>;
  /** Reads files dropped together and loads them as one model (config.json + shards,
   *  model.safetensors.index.json + shards, adapter_config.json + config.json, a .gguf).
   *  Core's limits() are checked on names and sizes before any byte is read and again
   *  once the .safetensors header lengths are known. Never rejects: resolves to null or
   *  the error message, which is also state().error. */
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
  /** The current breakdown exactly as `vramcalc estimate MODEL [options] --format F`
   *  prints it (same model, options and --units): 'json' is the estimate contract.
   *  Throws VramcalcError: code 'invalid_option' (another format), 'no_estimate'. */
  export(format: 'json' | 'markdown' | 'csv'): string;
  /** This page's URL with the whole state after '#', keys named as the CLI's options
   *  (`#model=llama-3.1-8b&batch=4&gpu=h100-80gb`); a dropped file is `file=NAME` and
   *  cannot be restored from the link. The address bar always holds it (replaceState). */
  shareLink(): string;
  /** The share row's buttons: copy the link / the Markdown table to the clipboard, or
   *  download JSON, CSV or Markdown (vramcalc.json, .csv, .md). null or the message. */
  copyLink(): Promise<string | null>;
  copyMarkdown(): Promise<string | null>;
  download(format: 'json' | 'markdown' | 'csv'): string | null;
  /** Pure calls (estimate, params, presets, options) throw VramcalcError; code
   *  'internal_error' when the app faulted (and restarts). */
  /** Pure estimate: model = preset id, bare count ("8e9") or config.json text. */
  estimate(model: string, options?: Record<string, string | number | boolean>): EstimateJson;
  /** Bytes per GPU at each of `values` of option `key` on core's numbers-only path
   *  (no formula text, no JSON); NaN where a point's estimate fails. */
  /** Fetches a Hugging Face model (id or URL: config.json, the safetensors index and
   *  shard headers by HTTP Range, or a .gguf header) and loads it as a drop would;
   *  null or the one-line message (the state is kept on failure). */
  fetchHub(text: string): Promise<string | null>;
  sweep(model: string, options: Record<string, string | number | boolean> | undefined,
    key: string, values: number[]): { key: string; values: number[];
    per_gpu_bytes: number[]; fits: boolean[] };
  params(model: string): { total_params: number; active_params: number;
    breakdown: Record<string, number>; model: Record<string, unknown> };
  /** Every preset, or those whose id, name or repository contain every word of `query`. */
  presets(query?: string): Array<{ id: string; name: string; source: string; repo: string;
    params: number }>;
  /** Core's option table: every knob setOption() takes. */
  options(): Array<{ key: string; label: string; kind: 'choice' | 'count' | 'bytes' | 'fraction' | 'flag';
    choices: string; group: 'workload' | 'training' | 'hardware' | 'vllm' | 'llamacpp' | 'ollama';
    help: string }>;
  /** Benchmark hook: milliseconds for n estimate() calls on the page's model. */
  sweepMilliseconds(n: number): number;
  /** Core's load limits; null until ready resolves. */
  limits(): FileLimits | null;
  /** limits().config_json: the largest config.json the page reads (bytes). */
  readonly maxFileBytes: number;
  /** For tests only: a real fault inside the wasm. 'trap' (unreachable), 'abort'
   *  (abort()) or 'stack' (unbounded recursion) fail in this call and return the error
   *  line; 'frame-trap' | 'frame-abort' | 'frame-stack' fail in the next frame and
   *  return null. Either way the page restarts the app (see ready). */
  faultForTest(kind: 'trap' | 'abort' | 'stack' | 'frame-trap' | 'frame-abort' |
    'frame-stack'): string | null;
}

declare global {
  interface Window { vramcalc: Vramcalc }
}
