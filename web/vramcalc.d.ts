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
  details: Array<{ id: ComponentKey; name: string; bytes: number; known: boolean;
    formula: string; assumption: string }>;
  notes: string[];
}

/** window.vramcalc.state(): the page contract. */
export interface PageState {
  inputs: Record<string, string | number | boolean | null>;  // apply_option keys + units, model source
  model: Record<string, unknown> & { name: string; model_type: string; kind: string };
  estimate: EstimateJson | null;  // null when the inputs cannot be estimated
  frames: number;                 // frames drawn so far
  error: string | null;           // the last failure, one line
}

/** Thrown by the pure calls; `code` is core's ErrorCode name ("invalid_json", ...). */
export interface VramcalcError extends Error { code: string }

export interface Vramcalc {
  ready: Promise<void>;
  state(): PageState;
  resultsText(): string;
  /** Loads config.json bytes into the page; null or the error message. */
  loadBytes(bytes: Uint8Array | string, name?: string): string | null;
  /** Reads a File (up to maxFileBytes) and loads it. */
  loadFile(file: File): Promise<string | null>;
  /** Sets one knob by its CLI name ("batch", "weight-dtype", "units", ...). */
  setOption(key: string, value: string | number | boolean): string | null;
  selectPreset(id: string): string | null;
  useParamCount(text: string): string | null;
  /** Pure estimate: model = preset id, bare count ("8e9") or config.json text. */
  estimate(model: string, options?: Record<string, string | number | boolean>): EstimateJson;
  params(model: string): { total_params: number; active_params: number;
    breakdown: Record<string, number>; model: Record<string, unknown> };
  presets(): Array<{ id: string; name: string; source: string }>;
  maxFileBytes: number;
}

declare global {
  interface Window { vramcalc: Vramcalc }
}
