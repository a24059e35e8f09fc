// Types of the vramcalc npm package (index.js). Byte counts are JSON numbers:
// exact below 2^53 bytes (8 PiB).

/** Component keys of the estimate contract (DESIGN.md). */
export type ComponentKey =
  | 'weights' | 'kv_cache' | 'state' | 'activations' | 'logits' | 'gradients'
  | 'optimizer' | 'master_weights' | 'adapters' | 'overhead';

/** A model: a preset id ('llama-3.1-8b'), a bare count ('8e9', 7e9), config.json text or object. */
export type Model = string | number | Record<string, unknown>;

/** A file read for parse() / estimate(): all of a JSON file, or the start of a checkpoint. */
export interface ModelFile {
  name: string;                              // 'config.json', 'model-00001-of-00002.safetensors', 'x.gguf'
  bytes: Uint8Array | ArrayBuffer | string;  // a .safetensors' first 8 + N bytes, a .gguf's header
  size?: number;                             // the whole file's size when bytes is only its start
}

/**
 * Options by the CLI's names ('weight-dtype', 'kv-dtype', 'gpu', ...; camelCase
 * accepted): numbers, booleans or strings. options() lists them all.
 */
export type Options = Record<string, string | number | boolean>;

export interface GpuShare {
  device: string; first_layer: number; last_layer: number; gpus: number;
  per_gpu_bytes: number; components: Record<ComponentKey, number>;
}

export interface Estimate {
  total_bytes: number;    // over all GPUs
  per_gpu_bytes: number;  // the busiest GPU: the sum of its components
  components: Record<ComponentKey, number>;
  params: { total: number; trainable: number; active: number };
  gpu_memory_bytes?: number;
  fits?: boolean;         // per_gpu_bytes <= gpu_memory_bytes
  runtime?: Record<string, unknown>;  // vLLM / llama.cpp / Ollama decisions (blocks, layers, ...)
  gpu_shares?: GpuShare[];            // one per pipeline stage with --tp / --pp
  busiest_gpu?: string;
  details: Array<{ id: ComponentKey; name: string; bytes: number; known: boolean;
    formula: string; assumption: string }>;
  notes: string[];
}

export interface Params {
  total_params: number;
  active_params: number;
  active_params_without_embeddings: number;
  stored_params?: number;        // what a quantized or buffered checkpoint stores
  stored_params_reason?: string;
  breakdown: Record<string, number>;  // embedding, attention, recurrent, mlp, experts, norms, head, towers, mtp, ...
  model: Record<string, unknown> & { name: string; model_type: string; kind: string; notes?: string[] };
}

export interface Solved {
  value: number; per_gpu_bytes: number; capped: boolean;
  /** max_seq only: what memory allows when the answer was cut to the model's trained context. */
  memory_allows?: number;
}

/** `vramcalc fit --format json`. */
export interface Fit {
  model: string; gpu: string; gpu_memory_bytes: number; gpus: number; tp: number; pp: number;
  batch: number; seq: number; per_gpu_bytes: number; fits: boolean;
  max_batch: Solved; max_seq: Solved;
  min_gpus: number;      // fewest tensor-parallel GPUs; 0: none up to 1024
  tp_splits: boolean;
  gpu_layers?: { value: number; layers: number; output_layer: boolean; per_gpu_bytes: number };
}

export interface OptionInfo {
  /** The CLI's name without dashes, and what the page calls the knob ("Tensor parallel"). */
  key: string; label: string; kind: 'choice' | 'count' | 'bytes' | 'fraction' | 'flag';
  choices: string; group: string; help: string;
}

export interface Preset { id: string; name: string; repo: string; source: string; params: number }

/** Thrown on bad input; `code` is core's error code ('invalid_json', 'invalid_option', ...). */
export interface VramcalcError extends Error { code: string }

/** Resolves once the WebAssembly module is compiled; await it before any call. */
export const ready: Promise<void>;
export function params(model: Model): Params;
export function estimate(model: Model | ModelFile[], options?: Options): Estimate;
export function parse(files: ModelFile[]): { label: string; model: Params['model']; params: Params };
export function solve(model: Model, options: Options): Fit;

/** Bytes per GPU at each value of one option, on core's numbers-only path. */
export interface Sweep {
  key: string;              // the option, as the CLI spells it ('seq', 'batch', ...)
  values: number[];
  per_gpu_bytes: number[];  // NaN where that point's estimate fails
  fits: boolean[];          // per_gpu_bytes <= the GPU's memory (false without a GPU)
}
/** `model` at each of `values` of option `key`, the other options as given. */
export function sweep(model: Model, options: Options | undefined, key: string, values: number[]): Sweep;
export function options(): OptionInfo[];
export function presets(query?: string): Preset[];
