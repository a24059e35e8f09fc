// The ggml tensor types a GGUF file can name, with their block layout. Ids are enum ggml_type of
// ggml/include/ggml.h (ggml-org/ggml at d99724f, Aug 2026); block sizes are the blck_size /
// type_size pairs of ggml/src/ggml.c's type_traits, i.e. QK_* and sizeof(block_*) of
// ggml/src/ggml-common.h. The byte counts below are those structs' fields added up,
// so each row can be checked by hand (ggml_half = 2 bytes, QK_K = 256).
#include "ggml_types.h"

#include <cctype>

namespace vramcalc {

namespace {

// clang-format off
const std::vector<GgmlType> kTypes = {
    //  id  name       elems  bytes   block struct (fields)
    {  0, "F32",         1,    4},  // float
    {  1, "F16",         1,    2},  // ggml_half
    {  2, "Q4_0",       32,   18},  // d + qs[16]
    {  3, "Q4_1",       32,   20},  // d, m + qs[16]
    {  6, "Q5_0",       32,   22},  // d + qh[4] + qs[16]
    {  7, "Q5_1",       32,   24},  // d, m + qh[4] + qs[16]
    {  8, "Q8_0",       32,   34},  // d + qs[32]
    {  9, "Q8_1",       32,   36},  // d, s + qs[32]
    { 10, "Q2_K",      256,   84},  // scales[16] + qs[64] + d, dmin
    { 11, "Q3_K",      256,  110},  // hmask[32] + qs[64] + scales[12] + d
    { 12, "Q4_K",      256,  144},  // d, dmin + scales[12] + qs[128]
    { 13, "Q5_K",      256,  176},  // d, dmin + scales[12] + qh[32] + qs[128]
    { 14, "Q6_K",      256,  210},  // ql[128] + qh[64] + scales[16] + d
    { 15, "Q8_K",      256,  292},  // float d + qs[256] + int16 bsums[16]
    { 16, "IQ2_XXS",   256,   66},  // d + u16 qs[32]
    { 17, "IQ2_XS",    256,   74},  // d + u16 qs[32] + scales[8]
    { 18, "IQ3_XXS",   256,   98},  // d + qs[96]
    { 19, "IQ1_S",     256,   50},  // d + qs[32] + u16 qh[8]
    { 20, "IQ4_NL",     32,   18},  // d + qs[16]
    { 21, "IQ3_S",     256,  110},  // d + qs[64] + qh[8] + signs[32] + scales[4]
    { 22, "IQ2_S",     256,   82},  // d + qs[64] + qh[8] + scales[8]
    { 23, "IQ4_XS",    256,  136},  // d + u16 scales_h + scales_l[4] + qs[128]
    { 24, "I8",          1,    1},
    { 25, "I16",         1,    2},
    { 26, "I32",         1,    4},
    { 27, "I64",         1,    8},
    { 28, "F64",         1,    8},
    { 29, "IQ1_M",     256,   56},  // qs[32] + qh[16] + scales[8]
    { 30, "BF16",        1,    2},
    // 31-33 (Q4_0_4_4, Q4_0_4_8, Q4_0_8_8) were removed from GGUF files
    { 34, "TQ1_0",     256,   54},  // qs[48] + qh[4] + d
    { 35, "TQ2_0",     256,   66},  // qs[64] + d
    // 36-38 (IQ4_NL_4_4, IQ4_NL_4_8, IQ4_NL_8_8) were removed likewise
    { 39, "MXFP4",      32,   17},  // e (E8M0) + qs[16]
    { 40, "NVFP4",      64,   36},  // d[4] (UE4M3) + qs[32]
    { 41, "Q1_0",      128,   18},  // d + qs[16]
    { 42, "Q2_0",       64,   18},  // d + qs[16]
};
// clang-format on

}  // namespace

const std::vector<GgmlType>& ggml_types() { return kTypes; }

const GgmlType* find_ggml_type(uint32_t id) {
  for (const GgmlType& t : kTypes) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

const GgmlType* find_ggml_type_named(const std::string& name) {
  for (const GgmlType& t : kTypes) {
    if (name.size() != std::char_traits<char>::length(t.name)) continue;
    bool same = true;
    for (size_t i = 0; i < name.size() && same; ++i) {
      same = std::toupper(static_cast<unsigned char>(name[i])) == t.name[i];
    }
    if (same) return &t;
  }
  return nullptr;
}

uint64_t ggml_row_bytes(const GgmlType& type, uint64_t row) {
  return row / type.block_elems * type.block_bytes;
}

}  // namespace vramcalc
