#!/usr/bin/env python3
"""Parameter / cache / state count for the Gated-DeltaNet hybrids:
   qwen3_5 (text qwen3_5_text), qwen3_5_moe (text qwen3_5_moe_text), qwen3_next.

Inventory from huggingface/transformers:
  models/qwen3_5/modeling_qwen3_5.py            commit d8c1e2844cbfeae1e342a1723d7f4e69ff1adcc0
  models/qwen3_5/configuration_qwen3_5.py       commit 8116e632367180f6edec221d17cd36513334d169
  models/qwen3_5_moe/modular_qwen3_5_moe.py     commit e36255cb9af68ea2c16fefd6b1c798882cafda16
  models/qwen3_next/modular_qwen3_next.py       commit 2ccc6cae21faaf11631efa5fb9054687ae5dc931
  models/qwen3_next/configuration_qwen3_next.py commit 249ef8164cfbd8e288c2f6d8395539b9e90e8300
MTP head (not built by transformers, `_keys_to_ignore_on_load_unexpected = [r"^mtp.*"]`) from
  vllm-project/vllm vllm/model_executor/models/qwen3_next_mtp.py commit 055e47c28003156421365af985d676fc921cb075
Recurrent/conv state shapes from vllm/model_executor/layers/mamba/mamba_utils.py commit 02d710837549a368073552333f66d714477415d2
Stdlib only.  Usage: count_qwen3_5.py [qwen3_5|qwen3_5_moe|qwen3_next] (default: all)
"""
import csv, json, os, sys

REF = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../shared/refdata/configs-2026')
VISION_DEFAULTS = dict(depth=27, hidden_size=1152, intermediate_size=4304, num_heads=16, in_channels=3, patch_size=16,
                       spatial_merge_size=2, temporal_patch_size=2, out_hidden_size=3584, num_position_embeddings=2304)
TEXT_DEFAULTS = {
    'qwen3_5_text': dict(vocab_size=248320, hidden_size=4096, intermediate_size=12288, num_hidden_layers=32,
                         num_attention_heads=16, num_key_value_heads=4, head_dim=256, attention_bias=False,
                         linear_conv_kernel_dim=4, linear_key_head_dim=128, linear_value_head_dim=128,
                         linear_num_key_heads=16, linear_num_value_heads=32, tie_word_embeddings=False,
                         full_attention_interval=4),
    'qwen3_5_moe_text': dict(vocab_size=248320, hidden_size=2048, num_hidden_layers=40, num_attention_heads=16,
                             num_key_value_heads=2, head_dim=256, attention_bias=False, linear_conv_kernel_dim=4,
                             linear_key_head_dim=128, linear_value_head_dim=128, linear_num_key_heads=16,
                             linear_num_value_heads=32, moe_intermediate_size=512, shared_expert_intermediate_size=512,
                             num_experts_per_tok=8, num_experts=256, tie_word_embeddings=False, full_attention_interval=4),
    'qwen3_next': dict(vocab_size=151936, hidden_size=2048, intermediate_size=5632, num_hidden_layers=48,
                       num_attention_heads=16, num_key_value_heads=2, head_dim=256, attention_bias=False,
                       linear_conv_kernel_dim=4, linear_key_head_dim=128, linear_value_head_dim=128,
                       linear_num_key_heads=16, linear_num_value_heads=32, decoder_sparse_step=1,
                       moe_intermediate_size=512, shared_expert_intermediate_size=512, num_experts_per_tok=10,
                       num_experts=512, mlp_only_layers=[], tie_word_embeddings=False, full_attention_interval=4),
}
FILES = {'qwen3_5': ['Qwen__Qwen3.5-27B.json'],
         'qwen3_5_moe': ['Qwen__Qwen3.5-35B-A3B.json', 'Qwen__Qwen3.5-122B-A10B.json', 'Qwen__Qwen3.5-397B-A17B.json'],
         'qwen3_next': [None]}   # no qwen3_next config in configs-2026: class defaults (= Qwen3-Next-80B-A3B shape)


def published():
    out = {}
    with open(os.path.join(REF, 'models.tsv')) as f:
        for row in csv.DictReader(f, delimiter='\t'):
            out[os.path.basename(row['config_file'])] = (row['model'], row['published_params'], row['exactness'])
    return out


def vision(v):
    v = {**VISION_DEFAULTS, **v}
    h, I, d, p, tp, C, m, o = (v['hidden_size'], v['intermediate_size'], v['depth'], v['patch_size'],
                               v['temporal_patch_size'], v['in_channels'], v['spatial_merge_size'], v['out_hidden_size'])
    t = C * tp * p * p * h + h + v['num_position_embeddings'] * h
    t += d * (4 * h + h * 3 * h + 3 * h + h * h + h + h * I + I + I * h + h)
    Hm = h * m * m
    t += 2 * h + Hm * Hm + Hm + Hm * o + o      # merger only: Qwen3_5VisionModel has NO deepstack mergers
    return t


def blocks(c, mt):
    d = TEXT_DEFAULTS[mt]
    g = lambda k: c[k] if c.get(k) is not None else d[k]
    H = g('hidden_size'); nh, kv, hd = g('num_attention_heads'), g('num_key_value_heads'), g('head_dim')
    nk, nv, dk, dv, K = (g('linear_num_key_heads'), g('linear_num_value_heads'), g('linear_key_head_dim'),
                         g('linear_value_head_dim'), g('linear_conv_kernel_dim'))
    kd, vd = nk * dk, nv * dv
    cd = 2 * kd + vd                                        # conv_dim
    b = 1 if g('attention_bias') else 0
    gdn = (cd * K                                           # conv1d weight [cd,1,K], bias=False
           + 2 * nv                                         # dt_bias [nv], A_log [nv]
           + dv                                             # norm (RMSNormGated over head_v_dim)
           + vd * H                                         # out_proj
           + H * (2 * kd + 2 * vd) + H * 2 * nv)            # in_proj_qkv+in_proj_z+in_proj_b+in_proj_a  (== qwen3_next in_proj_qkvz + in_proj_ba)
    full = (H * nh * hd * 2 + b * nh * hd * 2               # q_proj is 2x wide (query + output gate)
            + 2 * (H * kv * hd + b * kv * hd) + nh * hd * H + b * H
            + 2 * hd)                                       # q_norm, k_norm [head_dim]
    if mt == 'qwen3_5_text':
        mlp = lambda i: 3 * H * g('intermediate_size')
        act = mlp
    else:
        E, mi, si, k = g('num_experts'), g('moe_intermediate_size'), g('shared_expert_intermediate_size'), g('num_experts_per_tok')
        moe = E * 3 * H * mi + H * E + 3 * H * si + H        # experts + gate + shared_expert + shared_expert_gate Linear(H,1)
        moe_act = k * 3 * H * mi + H * E + 3 * H * si + H
        if mt == 'qwen3_next':
            is_moe = lambda i: i not in g('mlp_only_layers') and E > 0 and (i + 1) % g('decoder_sparse_step') == 0
            mlp = lambda i: moe if is_moe(i) else 3 * H * g('intermediate_size')
            act = lambda i: moe_act if is_moe(i) else 3 * H * g('intermediate_size')
        else:                                               # qwen3_5_moe: every layer is MoE
            mlp = lambda i: moe
            act = lambda i: moe_act
    return g, H, gdn, full, mlp, act, dict(nk=nk, nv=nv, dk=dk, dv=dv, K=K, cd=cd, kv=kv, hd=hd)


def count(c, mt):
    g, H, gdn, full, mlp, act, geo = blocks(c, mt)
    V, L = g('vocab_size'), g('num_hidden_layers')
    lt = c.get('layer_types') or ['linear_attention' if (i + 1) % g('full_attention_interval') else 'full_attention'
                                  for i in range(L)]
    parts = dict(embedding=V * H, linear_attn=0, full_attn=0, mlp_or_moe=0, norms=H + 2 * H * L,
                 head=0 if g('tie_word_embeddings') else V * H)
    active = parts['embedding'] + parts['head'] + parts['norms']
    for i, t in enumerate(lt):
        if t == 'linear_attention':
            parts['linear_attn'] += gdn; active += gdn
        else:
            parts['full_attn'] += full; active += full
        parts['mlp_or_moe'] += mlp(i); active += act(i)
    n_mtp = c.get('mtp_num_hidden_layers', c.get('num_nextn_predict_layers', 1 if mt != 'qwen3_next' else 1))
    # MTP (vLLM Qwen3NextMultiTokenPredictor): fc Linear(2H,H) + pre_fc_norm_hidden + pre_fc_norm_embedding + norm
    # + n_mtp full-attention decoder layers (same MLP/MoE as the main layers); embed_tokens/lm_head shared.
    mtp = n_mtp * (full + mlp(L) + 2 * H) + 2 * H * H + 3 * H
    return parts, lt, mtp, n_mtp, active, geo


def state(lt, geo, conv_b=2, ssm_b=4, kv_b=2, num_spec=0):
    n_lin = lt.count('linear_attention'); n_full = lt.count('full_attention')
    rec = geo['nv'] * geo['dk'] * geo['dv'] * ssm_b
    conv_vllm = geo['cd'] * (geo['K'] - 1 + num_spec) * conv_b
    conv_hf = geo['cd'] * geo['K'] * conv_b                 # HF stores F.pad(..., K) -> K columns
    kv = 2 * geo['kv'] * geo['hd'] * kv_b
    return n_lin, n_full, rec, conv_vllm, conv_hf, kv


def main():
    which = sys.argv[1:] or ['qwen3_5', 'qwen3_5_moe', 'qwen3_next']
    pub = published()
    for fam in which:
        for f in FILES[fam]:
            if f is None:
                c, tc, mt, name, p, ex = {}, {}, 'qwen3_next', 'Qwen3NextConfig() defaults (Qwen3-Next-80B-A3B shape)', None, ''
            else:
                c = json.load(open(os.path.join(REF, f)))
                tc = c.get('text_config', c)
                mt = tc.get('model_type', fam)
                name, p, ex = pub[f]
            parts, lt, mtp, n_mtp, active, geo = count(tc, mt)
            vt = vision(c['vision_config']) if c.get('vision_config') else 0
            ttot = sum(parts.values())
            total = ttot + vt + mtp
            print(f'== {name}  ({mt})')
            for k, v in parts.items():
                print(f'   {k:12s} {v:>16,}')
            print(f'   text (HF-built) {ttot:>16,}')
            print(f'   vision tower    {vt:>16,}')
            print(f'   MTP ({n_mtp} layer)   {mtp:>16,}   (not built by transformers; in the checkpoint)')
            if p:
                print(f'   computed        {total:>16,}   published {int(p):>16,} ({ex})  diff {total - int(p):,}'
                      f'   [without MTP: {ttot + vt:,}]')
            else:
                print(f'   computed        {total:>16,}   (no published figure in models.tsv)')
            print(f'   active/token (text, incl. emb+head, no MTP) {active:,}')
            n_lin, n_full, rec, cv, ch, kv = state(lt, geo)
            print(f'   KV: {n_full} full layers x {kv} B/token = {n_full * kv:,} B/token (BF16, K and V, head_dim {geo["hd"]})'
                  f'  (+{kv} B/token per MTP layer when MTP speculative decoding is on)')
            print(f'   state per sequence: {n_lin} linear layers x (recurrent {geo["nv"]}x{geo["dk"]}x{geo["dv"]} fp32 = {rec:,} B'
                  f' + conv {geo["cd"]}x{geo["K"] - 1} bf16 = {cv:,} B [vLLM; HF keeps {geo["K"]} columns = {ch:,} B])'
                  f' = {n_lin * (rec + cv):,} B (vLLM, fp32 ssm); {n_lin * (geo["nv"] * geo["dk"] * geo["dv"] * 2 + cv):,} B with bf16 ssm')


if __name__ == '__main__':
    main()
