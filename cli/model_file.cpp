// Reads the files a MODEL path names and hands their bytes to core, which joins
// them (core/sources/model_files.h) exactly as it joins a drop on the page. This file only
// does I/O: which files to read (the path, the config.json beside it, the shards an
// index names), how much of each (core's limits), and that each is a regular file.
#include "model_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "file_limits.h"
#include "gguf.h"
#include "model_files.h"
#include "model_source.h"
#include "safetensors.h"

namespace vramcalc::cli {

namespace {

Error io_error(const std::string& path, const std::string& what) {
  return make_error(ErrorCode::kUnknownModel, path + ": " + what);
}

// An open regular file. Opened non-blocking and checked with fstat on the same
// descriptor, so a FIFO, a device or a directory is refused without blocking, and
// nothing can swap the file between the check and the reads.
class RegularFile {
 public:
  static Result<RegularFile> open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
      return io_error(path, errno == ENOENT ? "no such file" : std::strerror(errno));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      return io_error(path, "not a regular file");
    }
    return RegularFile(fd, static_cast<uint64_t>(st.st_size));
  }
  RegularFile(RegularFile&& o) noexcept : fd_(o.fd_), size_(o.size_) { o.fd_ = -1; }
  RegularFile(const RegularFile&) = delete;
  RegularFile& operator=(const RegularFile&) = delete;
  RegularFile& operator=(RegularFile&&) = delete;
  ~RegularFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  uint64_t size() const { return size_; }

  // Bytes [0, n) of the file (fewer when it is shorter).
  Result<std::string> prefix(uint64_t n, const std::string& path) const {
    std::string out(static_cast<size_t>(std::min(n, size_)), '\0');
    size_t done = 0;
    while (done < out.size()) {
      const ssize_t got =
          ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(done));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return io_error(path, std::string("read failed: ") + std::strerror(errno));
      if (got == 0) break;
      done += static_cast<size_t>(got);
    }
    out.resize(done);
    return out;
  }

 private:
  RegularFile(int fd, uint64_t size) : fd_(fd), size_(size) {}
  int fd_;
  uint64_t size_;
};

std::string folder_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

// A JSON file whole, refused past its kind's limit before a byte is read.
Result<ModelFile> read_json(const std::string& path) {
  auto file = RegularFile::open(path);
  if (!file.ok()) return file.error();
  if (auto e = check_load({{path, file.value().size(), 0}})) return *e;
  auto bytes = file.value().prefix(file.value().size(), path);
  if (!bytes.ok()) return bytes.error();
  return ModelFile{path, std::move(bytes.value()), file.value().size()};
}

// A .safetensors file's first 8 bytes (the header length N).
Result<ModelFile> read_safetensors_length(const std::string& path) {
  auto file = RegularFile::open(path);
  if (!file.ok()) return file.error();
  auto first8 = file.value().prefix(8, path);
  if (!first8.ok()) return first8.error();
  return ModelFile{path, std::move(first8.value()), file.value().size()};
}

// Grows `f` from its 8 length bytes to 8 + N (N checked by core before the read).
std::optional<Error> read_safetensors_header(ModelFile& f) {
  auto n = safetensors_header_length(f.bytes, f.size, f.name);
  if (!n.ok()) return n.error();
  auto file = RegularFile::open(f.name);
  if (!file.ok()) return file.error();
  auto bytes = file.value().prefix(8 + n.value(), f.name);
  if (!bytes.ok()) return bytes.error();
  f.bytes = std::move(bytes.value());
  return std::nullopt;
}

// A GGUF header in growing chunks (1 MiB, then what core asks for, doubling, up to
// core's header cap), never the tensor data.
Result<ModelFile> read_gguf(const std::string& path) {
  auto file = RegularFile::open(path);
  if (!file.ok()) return file.error();
  const uint64_t size = file.value().size();
  uint64_t want = std::min<uint64_t>(size, 1u << 20);
  for (;;) {
    auto prefix = file.value().prefix(want, path);
    if (!prefix.ok()) return prefix.error();
    auto need = gguf_bytes_needed(prefix.value(), size, path);
    if (!need.ok()) return need.error();
    if (need.value() <= prefix.value().size() || prefix.value().size() >= size) {
      return ModelFile{path, std::move(prefix.value()), size};
    }
    want = std::min({size, kMaxGgufHeaderBytes, std::max(need.value(), 2 * want)});
  }
}

// config.json beside `path`, when there is one (a FIFO or folder there is an error).
std::optional<Error> add_config_beside(const std::string& path, std::vector<ModelFile>& files) {
  const std::string config = folder_of(path) + "/config.json";
  struct stat st {};
  if (::lstat(config.c_str(), &st) != 0 && errno == ENOENT) return std::nullopt;
  auto f = read_json(config);
  if (!f.ok()) return f.error();
  files.push_back(std::move(f.value()));
  return std::nullopt;
}

// The shards an index names, beside it: every length first, the load limits
// checked with the header sizes, then the headers.
std::optional<Error> add_shards(const ModelFile& index_file, std::vector<ModelFile>& files) {
  auto index = parse_safetensors_index(index_file.bytes, index_file.name);
  if (!index.ok()) return index.error();
  std::vector<PlannedRead> plan;
  for (const ModelFile& f : files) plan.push_back({f.name, f.size, 0});
  const size_t first = files.size();
  for (const std::string& shard : index.value().shard_files) {
    plan.push_back({folder_of(index_file.name) + "/" + shard, 0, 0});  // counted, not read yet
  }
  if (auto e = check_load(plan)) return e;
  for (size_t i = first; i < plan.size(); ++i) {
    auto f = read_safetensors_length(plan[i].name);
    if (!f.ok()) return f.error();
    auto n = safetensors_header_length(f.value().bytes, f.value().size, f.value().name);
    if (!n.ok()) return n.error();
    plan[i] = {f.value().name, f.value().size, 8 + n.value()};
    files.push_back(std::move(f.value()));
  }
  if (auto e = check_load(plan)) return e;
  for (size_t i = first; i < files.size(); ++i) {
    if (auto e = read_safetensors_header(files[i])) return e;
  }
  return std::nullopt;
}

bool looks_like_path(const std::string& arg) {
  return arg.find('/') != std::string::npos || file_format(arg) != FileFormat::kJson ||
         (arg.size() >= 5 && arg.compare(arg.size() - 5, 5, ".json") == 0);
}

// The files that `path` names, read as far as core needs.
Result<std::vector<ModelFile>> read_files(const std::string& path) {
  std::vector<ModelFile> files;
  switch (file_format(path)) {
    case FileFormat::kGguf: {
      auto f = read_gguf(path);
      if (!f.ok()) return f.error();
      files.push_back(std::move(f.value()));
      return files;
    }
    case FileFormat::kSafetensors: {
      auto f = read_safetensors_length(path);
      if (!f.ok()) return f.error();
      files.push_back(std::move(f.value()));
      if (auto e = read_safetensors_header(files.back())) return *e;
      if (auto e = add_config_beside(path, files)) return *e;
      return files;
    }
    case FileFormat::kJson:
    case FileFormat::kIndexJson:
      break;
  }
  auto f = read_json(path);
  if (!f.ok()) return f.error();
  auto kind = classify_file(f.value());
  if (!kind.ok()) return kind.error();
  files.push_back(std::move(f.value()));
  if (kind.value() == FileKind::kAdapter || kind.value() == FileKind::kIndex) {
    const bool named_config =
        path == "config.json" ||
        (path.size() > 12 && path.compare(path.size() - 12, 12, "/config.json") == 0);
    if (!named_config) {
      if (auto e = add_config_beside(path, files)) return *e;
    }
  }
  if (kind.value() == FileKind::kIndex) {
    if (auto e = add_shards(files.front(), files)) return *e;
  }
  return files;
}

}  // namespace

Result<ModelSpec> load_model(const std::string& arg) {
  struct stat st {};
  if (::stat(arg.c_str(), &st) != 0 && !looks_like_path(arg)) return resolve_model_name(arg);
  auto files = read_files(arg);
  if (!files.ok()) return files.error();
  auto loaded = model_from_files(files.value());
  if (!loaded.ok()) return loaded.error();
  return std::move(loaded.value().model);
}

}  // namespace vramcalc::cli
