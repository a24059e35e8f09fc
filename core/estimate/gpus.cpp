// The GPU catalog (gpus.h). Usable totals come from real logs where one exists
// (../shared/refdata/runlogs, measured.md); otherwise they follow one of four
// rules, each anchored on a logged card of the same memory kind:
//   HBM (datacenter):   nominal x 79.19 / 80: an H100 80GB reports 79.19 GiB
//                        (vLLM v0.19.0 logs vllm-llmd-*), the rest is driver reserve
//   GDDR, ECC off:      nominal - 0.42 GiB: an RTX 3090 reports 23.58 GiB (vllm-005)
//   GDDR, ECC on        nominal x 15/16 (ECC) - 0.44 GiB: a T4 (16 GiB) reports
//   (datacenter):        14.56 GiB (vllm-010); A10/A10G/L4/L40/L40S/A40 ship ECC on
//   Apple unified:      Metal's recommendedMaxWorkingSetSize, which llama.cpp logs:
//                        3/4 of the memory from 36 GiB up, 2/3 below (64 GiB ->
//                        51539.61 MB, 32 GiB -> 22906.50 MB)
#include "gpus.h"

#include <cctype>
#include <string>

namespace vramcalc {

namespace {

constexpr uint64_t GiB = 1ull << 30;
constexpr uint64_t MiB = 1ull << 20;

enum class Mem { kHbm, kGddr, kGddrEcc, kUnified };

constexpr uint64_t usable(Mem m, uint64_t nominal) {
  switch (m) {
    case Mem::kHbm:
      return nominal / 8000 * 7919;
    case Mem::kGddr:
      return nominal - 430 * MiB;  // 0.42 GiB
    case Mem::kGddrEcc:
      return nominal / 16 * 15 - 451 * MiB;  // 0.44 GiB
    case Mem::kUnified:
      return nominal >= 36 * GiB ? nominal / 4 * 3 : nominal / 3 * 2;
  }
  return nominal;
}

const char* rule(Mem m) {
  switch (m) {
    case Mem::kHbm:
      return "derived: HBM, nominal x 79.19/80 (the H100's logged ratio)";
    case Mem::kGddr:
      return "derived: GDDR, nominal - 0.42 GiB (the RTX 3090's logged reserve)";
    case Mem::kGddrEcc:
      return "derived: GDDR with ECC on, nominal x 15/16 - 0.44 GiB (as the T4 logs)";
    case Mem::kUnified:
      return "derived: Metal recommendedMaxWorkingSetSize, 3/4 from 36 GiB, else 2/3";
  }
  return "";
}

struct Row {
  const char* id;
  const char* name;
  double gib;  // nominal
  Mem mem;
  GpuClass kind;
  uint32_t compute_units;      // streaming multiprocessors (NVIDIA) or compute units (AMD)
  const char* arch;            // "sm_90", "gfx942", ...: the compiler target the runtimes key on
  double logged_gib = 0;       // usable total from a log (0: derive by the rule)
  const char* logged_by = "";  // which log
};

using C = GpuClass;
const Row kRows[] = {
    // Consumer (GeForce, Radeon, Arc): 8 / 10-12 / 16 / 20-24 / 32 GB.
    {"gtx1080ti-11gb", "NVIDIA GeForce GTX 1080 Ti 11GB", 11, Mem::kGddr, C::kConsumer, 28,
     "sm_61"},
    {"rtx2080ti-11gb", "NVIDIA GeForce RTX 2080 Ti 11GB", 11, Mem::kGddr, C::kConsumer, 68,
     "sm_75"},
    {"rtx3060-12gb", "NVIDIA GeForce RTX 3060 12GB", 12, Mem::kGddr, C::kConsumer, 28, "sm_86"},
    {"rtx3060ti-8gb", "NVIDIA GeForce RTX 3060 Ti 8GB", 8, Mem::kGddr, C::kConsumer, 38, "sm_86"},
    {"rtx3070-8gb", "NVIDIA GeForce RTX 3070 8GB", 8, Mem::kGddr, C::kConsumer, 46, "sm_86"},
    {"rtx3080-10gb", "NVIDIA GeForce RTX 3080 10GB", 10, Mem::kGddr, C::kConsumer, 68, "sm_86"},
    {"rtx3080-12gb", "NVIDIA GeForce RTX 3080 12GB", 12, Mem::kGddr, C::kConsumer, 70, "sm_86"},
    {"rtx3090-24gb", "NVIDIA GeForce RTX 3090 24GB", 24, Mem::kGddr, C::kConsumer, 82, "sm_86",
     23.58, "vLLM log vllm-005: total_gpu_memory 23.58GiB"},
    {"rtx3090ti-24gb", "NVIDIA GeForce RTX 3090 Ti 24GB", 24, Mem::kGddr, C::kConsumer, 84,
     "sm_86"},
    {"rtx4060-8gb", "NVIDIA GeForce RTX 4060 8GB", 8, Mem::kGddr, C::kConsumer, 24, "sm_89"},
    {"rtx4060ti-8gb", "NVIDIA GeForce RTX 4060 Ti 8GB", 8, Mem::kGddr, C::kConsumer, 34, "sm_89"},
    {"rtx4060ti-16gb", "NVIDIA GeForce RTX 4060 Ti 16GB", 16, Mem::kGddr, C::kConsumer, 34,
     "sm_89"},
    {"rtx4070-12gb", "NVIDIA GeForce RTX 4070 12GB", 12, Mem::kGddr, C::kConsumer, 46, "sm_89"},
    {"rtx4070ti-12gb", "NVIDIA GeForce RTX 4070 Ti 12GB", 12, Mem::kGddr, C::kConsumer, 60,
     "sm_89"},
    {"rtx4070tisuper-16gb", "NVIDIA GeForce RTX 4070 Ti SUPER 16GB", 16, Mem::kGddr, C::kConsumer,
     66, "sm_89"},
    {"rtx4080-16gb", "NVIDIA GeForce RTX 4080 16GB", 16, Mem::kGddr, C::kConsumer, 76, "sm_89"},
    {"rtx4080super-16gb", "NVIDIA GeForce RTX 4080 SUPER 16GB", 16, Mem::kGddr, C::kConsumer, 80,
     "sm_89"},
    {"rtx4090-24gb", "NVIDIA GeForce RTX 4090 24GB", 24, Mem::kGddr, C::kConsumer, 128, "sm_89"},
    {"rtx4090-48gb", "NVIDIA GeForce RTX 4090 48GB (modded)", 48, Mem::kGddr, C::kConsumer, 128,
     "sm_89", 47.50, "vLLM log vllm-007: total_gpu_memory 47.50GiB"},
    {"rtx5060ti-16gb", "NVIDIA GeForce RTX 5060 Ti 16GB", 16, Mem::kGddr, C::kConsumer, 36,
     "sm_120"},
    {"rtx5070-12gb", "NVIDIA GeForce RTX 5070 12GB", 12, Mem::kGddr, C::kConsumer, 48, "sm_120"},
    {"rtx5070ti-16gb", "NVIDIA GeForce RTX 5070 Ti 16GB", 16, Mem::kGddr, C::kConsumer, 70,
     "sm_120"},
    {"rtx5080-16gb", "NVIDIA GeForce RTX 5080 16GB", 16, Mem::kGddr, C::kConsumer, 84, "sm_120"},
    {"rtx5090-32gb", "NVIDIA GeForce RTX 5090 32GB", 32, Mem::kGddr, C::kConsumer, 170, "sm_120"},
    {"rx7800xt-16gb", "AMD Radeon RX 7800 XT 16GB", 16, Mem::kGddr, C::kConsumer, 60, "gfx1101"},
    {"rx7900xt-20gb", "AMD Radeon RX 7900 XT 20GB", 20, Mem::kGddr, C::kConsumer, 84, "gfx1100"},
    {"rx7900xtx-24gb", "AMD Radeon RX 7900 XTX 24GB", 24, Mem::kGddr, C::kConsumer, 96, "gfx1100"},
    {"rx9070xt-16gb", "AMD Radeon RX 9070 XT 16GB", 16, Mem::kGddr, C::kConsumer, 64, "gfx1201"},
    {"arc-a770-16gb", "Intel Arc A770 16GB", 16, Mem::kGddr, C::kConsumer, 32, "xe-hpg"},
    {"arc-b580-12gb", "Intel Arc B580 12GB", 12, Mem::kGddr, C::kConsumer, 20, "xe2"},
    // Workstation (ECC off by default on the RTX cards).
    {"rtxa4000-16gb", "NVIDIA RTX A4000 16GB", 16, Mem::kGddr, C::kWorkstation, 48, "sm_86"},
    {"rtxa5000-24gb", "NVIDIA RTX A5000 24GB", 24, Mem::kGddr, C::kWorkstation, 64, "sm_86"},
    {"rtxa6000-48gb", "NVIDIA RTX A6000 48GB", 48, Mem::kGddr, C::kWorkstation, 84, "sm_86"},
    {"rtx4000ada-20gb", "NVIDIA RTX 4000 Ada 20GB", 20, Mem::kGddr, C::kWorkstation, 48, "sm_89"},
    {"rtx5000ada-32gb", "NVIDIA RTX 5000 Ada 32GB", 32, Mem::kGddr, C::kWorkstation, 100, "sm_89"},
    {"rtx6000ada-48gb", "NVIDIA RTX 6000 Ada 48GB", 48, Mem::kGddr, C::kWorkstation, 142, "sm_89"},
    {"rtxpro6000-96gb", "NVIDIA RTX PRO 6000 Blackwell 96GB", 96, Mem::kGddr, C::kWorkstation, 188,
     "sm_120"},
    {"w7900-48gb", "AMD Radeon PRO W7900 48GB", 48, Mem::kGddr, C::kWorkstation, 96, "gfx1100"},
    // Datacenter.
    {"t4-16gb", "NVIDIA T4 16GB", 16, Mem::kGddrEcc, C::kDatacenter, 40, "sm_75", 14.56,
     "vLLM log vllm-010: total_gpu_memory 14.56GiB"},
    {"p40-24gb", "NVIDIA Tesla P40 24GB", 24, Mem::kGddrEcc, C::kDatacenter, 30, "sm_61"},
    {"p100-16gb", "NVIDIA Tesla P100 16GB", 16, Mem::kHbm, C::kDatacenter, 56, "sm_60"},
    {"v100-16gb", "NVIDIA V100 16GB", 16, Mem::kHbm, C::kDatacenter, 80, "sm_70", 16160.0 / 1024,
     "measured.md: nvidia-smi shows 16160 MiB on a V100-SXM2 16GB"},
    {"v100-32gb", "NVIDIA V100 32GB", 32, Mem::kHbm, C::kDatacenter, 80, "sm_70"},
    {"a10-24gb", "NVIDIA A10 24GB", 24, Mem::kGddrEcc, C::kDatacenter, 72, "sm_86"},
    {"a10g-24gb", "NVIDIA A10G 24GB", 24, Mem::kGddrEcc, C::kDatacenter, 80, "sm_86"},
    {"a30-24gb", "NVIDIA A30 24GB", 24, Mem::kHbm, C::kDatacenter, 56, "sm_80"},
    {"a40-48gb", "NVIDIA A40 48GB", 48, Mem::kGddrEcc, C::kDatacenter, 84, "sm_86"},
    {"l4-24gb", "NVIDIA L4 24GB", 24, Mem::kGddrEcc, C::kDatacenter, 58, "sm_89"},
    {"l40-48gb", "NVIDIA L40 48GB", 48, Mem::kGddrEcc, C::kDatacenter, 142, "sm_89"},
    {"l40s-48gb", "NVIDIA L40S 48GB", 48, Mem::kGddrEcc, C::kDatacenter, 142, "sm_89"},
    {"a100-40gb", "NVIDIA A100 40GB", 40, Mem::kHbm, C::kDatacenter, 108, "sm_80", 39.56,
     "vLLM log in measured.md item 2: total_gpu_memory 39.56GiB"},
    {"a100-80gb", "NVIDIA A100 80GB", 80, Mem::kHbm, C::kDatacenter, 108, "sm_80", 79.15,
     "vLLM log vllm-008 (A100-SXM4-80GB): 79.15GiB"},
    {"h100-80gb", "NVIDIA H100 80GB (SXM)", 80, Mem::kHbm, C::kDatacenter, 132, "sm_90", 79.19,
     "vLLM v0.19.0 logs vllm-llmd-*: total_memory 79.19GiB"},
    {"h100-pcie-80gb", "NVIDIA H100 PCIe 80GB", 80, Mem::kHbm, C::kDatacenter, 114, "sm_90"},
    {"h100-nvl-94gb", "NVIDIA H100 NVL 94GB", 94, Mem::kHbm, C::kDatacenter, 132, "sm_90"},
    {"h20-96gb", "NVIDIA H20 96GB", 96, Mem::kHbm, C::kDatacenter, 78, "sm_90"},
    {"gh200-96gb", "NVIDIA GH200 96GB (GPU memory)", 96, Mem::kHbm, C::kDatacenter, 132, "sm_90"},
    {"h200-141gb", "NVIDIA H200 141GB", 141, Mem::kHbm, C::kDatacenter, 132, "sm_90"},
    // 192 GB of HBM3e on the package, 180 GB enabled (DGX B200: 1,440 GB for 8).
    {"b200-192gb", "NVIDIA B200 (180GB enabled of 192GB)", 180, Mem::kHbm, C::kDatacenter, 148,
     "sm_100"},
    {"b300-288gb", "NVIDIA B300 288GB", 288, Mem::kHbm, C::kDatacenter, 160, "sm_103"},
    {"mi210-64gb", "AMD Instinct MI210 64GB", 64, Mem::kHbm, C::kDatacenter, 104, "gfx90a"},
    {"mi250x-128gb", "AMD Instinct MI250X 128GB (two dies of 64GB)", 128, Mem::kHbm, C::kDatacenter,
     220, "gfx90a"},
    {"mi300x-192gb", "AMD Instinct MI300X 192GB", 192, Mem::kHbm, C::kDatacenter, 304, "gfx942"},
    {"mi325x-256gb", "AMD Instinct MI325X 256GB", 256, Mem::kHbm, C::kDatacenter, 304, "gfx942"},
    {"mi355x-288gb", "AMD Instinct MI355X 288GB", 288, Mem::kHbm, C::kDatacenter, 256, "gfx950"},
    {"gaudi3-128gb", "Intel Gaudi 3 128GB", 128, Mem::kHbm, C::kDatacenter, 0, "gaudi3"},
    // Apple unified memory: the share Metal lets the GPU wire.
    {"m1-16gb", "Apple M1 16GB (unified)", 16, Mem::kUnified, C::kApple, 0, "apple"},
    {"m2-24gb", "Apple M2 24GB (unified)", 24, Mem::kUnified, C::kApple, 0, "apple"},
    {"m4-32gb", "Apple M4 32GB (unified)", 32, Mem::kUnified, C::kApple, 0, "apple"},
    {"m3-pro-36gb", "Apple M3 Pro 36GB (unified)", 36, Mem::kUnified, C::kApple, 0, "apple"},
    {"m4-pro-48gb", "Apple M4 Pro 48GB (unified)", 48, Mem::kUnified, C::kApple, 0, "apple"},
    {"m1-max-64gb", "Apple M1 Max 64GB (unified)", 64, Mem::kUnified, C::kApple, 0, "apple"},
    {"m2-max-96gb", "Apple M2 Max 96GB (unified)", 96, Mem::kUnified, C::kApple, 0, "apple"},
    {"m3-max-128gb", "Apple M3 Max 128GB (unified)", 128, Mem::kUnified, C::kApple, 0, "apple"},
    {"m4-max-128gb", "Apple M4 Max 128GB (unified)", 128, Mem::kUnified, C::kApple, 0, "apple"},
    {"m2-ultra-192gb", "Apple M2 Ultra 192GB (unified)", 192, Mem::kUnified, C::kApple, 0, "apple"},
    {"m3-ultra-512gb", "Apple M3 Ultra 512GB (unified)", 512, Mem::kUnified, C::kApple, 0, "apple"},
};

std::vector<GpuInfo> build() {
  std::vector<GpuInfo> out;
  for (const Row& r : kRows) {
    const uint64_t nominal = static_cast<uint64_t>(r.gib * static_cast<double>(GiB));
    const bool logged = r.logged_gib > 0;
    // A logged figure is printed with two decimals: take its value in whole MiB.
    const uint64_t use =
        logged ? static_cast<uint64_t>(r.logged_gib * 1024.0 + 0.5) * MiB : usable(r.mem, nominal);
    out.push_back({r.id, r.name, nominal, use, r.kind, logged ? r.logged_by : rule(r.mem),
                   r.compute_units, r.arch});
  }
  return out;
}

const std::vector<GpuInfo>& catalog() {
  static const std::vector<GpuInfo> kGpus = build();
  return kGpus;
}

// Lower-case letters and digits only: "RTX 3060-12GB" -> "rtx306012gb".
std::string squash(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

}  // namespace

const std::vector<GpuInfo>& all_gpus() { return catalog(); }

const GpuInfo* find_gpu(std::string_view id) {
  for (const auto& g : catalog()) {
    if (id == g.id) return &g;
  }
  return nullptr;
}

std::vector<const GpuInfo*> search_gpus(std::string_view query) {
  std::vector<std::string> words;
  std::string word;
  for (size_t i = 0; i <= query.size(); ++i) {
    if (i == query.size() || query[i] == ' ') {
      if (!squash(word).empty()) words.push_back(squash(word));
      word.clear();
    } else {
      word += query[i];
    }
  }
  std::vector<const GpuInfo*> out;
  for (const auto& g : catalog()) {
    const std::string hay = squash(g.id) + " " + squash(g.name);
    bool all = true;
    for (const std::string& w : words) all = all && hay.find(w) != std::string::npos;
    if (all) out.push_back(&g);
  }
  return out;
}

const char* to_string(GpuClass c) {
  switch (c) {
    case GpuClass::kConsumer:
      return "consumer";
    case GpuClass::kWorkstation:
      return "workstation";
    case GpuClass::kDatacenter:
      return "datacenter";
    case GpuClass::kApple:
      return "apple";
  }
  return "?";
}

}  // namespace vramcalc
