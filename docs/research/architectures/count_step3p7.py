#!/usr/bin/env python3
"""Parameter / cache count for model_type step3p7 (stepfun-ai/Step-3.7-Flash).  NO published figure exists (models.tsv).

Inventory: huggingface/transformers src/transformers/models/step3p7/modular_step3p7.py and
configuration_step3p7.py (both commit a7b81dfe73fd94d522c5d3734de4ba501093882b); MTP layers from
vllm-project/vllm vllm/model_executor/models/step3p5_mtp.py (commit 12c9ac281e8d54a7fecae784d234fd017bf4fecd).

The configs-2026 file is an aiconfigurator FLATTENING of the real config (real one: top-level step3p7 with
text_config (model_type step3p5) + vision_config).  Keys the modeling code needs but the file lacks are
ASSUMED below and printed as such:
  * attention_other_setting (sliding layers' heads): 96 heads / 8 groups / head_dim 128
  * use_head_wise_attn_gate (g_proj Linear(H, heads) per layer): unknown -> both variants printed
  * vision_config: Step3p7VisionEncoderConfig defaults (docstring checkpoint = stepfun-ai/Step-3.7-Flash)
  * MTP block attention type / MoE-ness for layers 45..47: sliding + MoE assumed
Stdlib only.
"""
import json, os

REF = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../shared/refdata/configs-2026')
F = 'stepfun-ai__Step-3.7-Flash.json'
ASSUME = dict(swa_heads=96, swa_groups=8, projector_bias=False)
VISION = dict(width=1536, layers=47, heads=16, num_channels=3, image_size=728, mlp_ratio=8960 / 1536, patch_size=14,
              use_cls_token=False, use_ln_pre=True, use_ln_post=False, use_abs_posemb=True)


def vision(v, text_h):
    h = v['width']; p = v['patch_size']; Iv = int(h * v['mlp_ratio']); g = v['image_size'] // p
    t = v['num_channels'] * p * p * h                                  # conv1 (bias=False)
    t += 2 * h if v['use_ln_pre'] else 0
    t += 2 * h if v['use_ln_post'] else 0
    t += h if v['use_cls_token'] else 0
    t += (int(v['use_cls_token']) + g * g) * h if v['use_abs_posemb'] else 0
    per = (3 * h * h + 3 * h) + (h * h + h) + 2 * 2 * h + (h * Iv + Iv) + (Iv * h + h) + 2 * h   # in_proj, out_proj, ln_1/2, fc1, fc2, ls_1/2
    t += v['layers'] * per
    t += (2 * h * h * 9 + 2 * h) + (4 * h * 2 * h * 9 + 4 * h)        # vit_downsampler1/2 Conv2d k=3 (bias)
    proj = 4 * h * text_h + (text_h if ASSUME['projector_bias'] else 0)  # vit_large_projector
    return t, proj


def main():
    c = json.load(open(os.path.join(REF, F)))
    H, V, L = c['hidden_size'], c['vocab_size'], c['num_hidden_layers']
    nh, kv, hd = c['num_attention_heads'], c['num_key_value_heads'], c['head_dim']
    E, mi, si, I = c['num_experts'], c['moe_intermediate_size'], c['share_expert_dim'], c['intermediate_size']
    lt = c['layer_types']
    moe_layers = set(range(c.get('first_k_dense_replace', 3), L))
    for gate in (False, True):
        def attn(kind):
            h_, g_ = (ASSUME['swa_heads'], ASSUME['swa_groups']) if kind == 'sliding_attention' else (nh, kv)
            return H * h_ * hd + 2 * H * g_ * hd + h_ * hd * H + 2 * hd + (H * h_ if gate else 0)  # + q_norm,k_norm [hd]
        moe = E * 3 * H * mi + E * H + (E if c.get('use_moe_router_bias') else 0) + 3 * H * si
        parts = dict(embedding=V * H, attention=0, dense_mlp=0, moe_experts=0, router_and_bias=0, shared_expert=0,
                     norms=L * 2 * H + H, head=V * H)
        for i in range(L):
            parts['attention'] += attn(lt[i])
            if i in moe_layers:
                parts['moe_experts'] += E * 3 * H * mi
                parts['router_and_bias'] += E * H + (E if c.get('use_moe_router_bias') else 0)
                parts['shared_expert'] += 3 * H * si
            else:
                parts['dense_mlp'] += 3 * H * I
        text = sum(parts.values())
        n_mtp = c.get('num_nextn_predict_layers', 0)
        mtp_one = 2 * H + 2 * H * H + H + V * H + attn('sliding_attention') + moe + 2 * H   # enorm,hnorm,eh_proj,shared_head.norm+head, block
        vt, proj = vision(VISION, H)
        print(f'== stepfun-ai/Step-3.7-Flash  (use_head_wise_attn_gate={gate}; SWA heads {ASSUME["swa_heads"]}/{ASSUME["swa_groups"]} ASSUMED)')
        for k, v in parts.items():
            print(f'   {k:16s} {v:>16,}')
        print(f'   text total       {text:>16,}')
        print(f'   MTP x{n_mtp}           {n_mtp * mtp_one:>16,}   ({mtp_one:,} each, incl. its own shared_head.head V x H)')
        print(f'   vision (defaults){vt:>16,}  + projector {proj:,}')
        print(f'   total            {text + n_mtp * mtp_one + vt + proj:>16,}   (no published figure to compare)')
    nf = lt.count('full_attention'); ns = lt.count('sliding_attention'); w = c.get('sliding_window')
    print(f'   KV full: {nf} layers x {2 * kv * hd * 2} B/token = {nf * 2 * kv * hd * 2:,} B/token')
    print(f'   KV sliding: {ns} layers x {2 * ASSUME["swa_groups"] * hd * 2} B/token, capped at {w} tokens '
          f'(<= {ns * 2 * ASSUME["swa_groups"] * hd * 2 * w:,} B/seq); NB HF Step3p7TextModel builds DynamicCache() without config')


if __name__ == '__main__':
    main()
