#include "fasdl/formats/files.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>

#include "base/text.h"
#include "fasdl/formats/profile_json.h"
#include "fasdl/formats/workload_json.h"

namespace fasdl {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kDefaultInputMb = 256;
constexpr long long kMaxInputMb = 1 << 20;

// The limit, or the reason FASDL_MAX_INPUT_MB is refused.
Expected<std::size_t> input_limit() {
  const char* env = std::getenv("FASDL_MAX_INPUT_MB");
  if (env == nullptr) return kDefaultInputMb << 20;
  char* end = nullptr;
  errno = 0;
  const long long mb = std::strtoll(env, &end, 10);
  if (*env < '0' || *env > '9' || *end != '\0' || errno != 0 || mb < 1 || mb > kMaxInputMb) {
    return Error{
        fmt::format("FASDL_MAX_INPUT_MB: expected a whole number of MB from 1 to {}, got {}",
                    kMaxInputMb, text::quoted(env))};
  }
  return static_cast<std::size_t>(mb) << 20;
}

// "NAME: 2048 MB, more than ..." when the size is known, "NAME: more than ..." when not.
std::string too_large(std::string_view name, std::string_view size, std::size_t limit) {
  return fmt::format("{}: {}{}more than the {} MB an input may hold (FASDL_MAX_INPUT_MB)", name,
                     size, size.empty() ? "" : ", ", limit >> 20);
}

std::string_view kind_of(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// Opens `path` without blocking (a FIFO without a writer) and checks what it is; the
// descriptor, or the reason. `limit` is max_input_bytes().
Expected<int> open_input(const std::string& path, std::size_t limit) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    const int error = errno;
    if (error == EISDIR) return Error{fmt::format("{}: is a directory, expected a file", path)};
    return Error{fmt::format("{}: cannot read: {}", path, std::strerror(error))};
  }
  struct stat st {};
  std::string problem;
  if (fstat(fd, &st) != 0) {
    problem = fmt::format("{}: cannot read: {}", path, std::strerror(errno));
  } else if (S_ISDIR(st.st_mode)) {
    problem = fmt::format("{}: is a directory, expected a file", path);
  } else if (!S_ISREG(st.st_mode)) {
    problem = fmt::format("{}: is {}, expected a regular file", path, kind_of(st.st_mode));
  } else if (static_cast<unsigned long long>(st.st_size) > limit) {
    problem = too_large(path, fmt::format("{} MB", (st.st_size + (1 << 20) - 1) >> 20), limit);
  }
  if (!problem.empty()) {
    ::close(fd);
    return Error{problem};
  }
  return fd;
}

// Reads `fd` to its end, at most `limit` bytes. A failed read() is reported: taken for an
// end of file, it would pass for an empty or truncated document.
Expected<std::string> read_all(int fd, std::string_view name, std::size_t limit) {
  std::string text;
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {  // a terminal or pipe opened without blocking: wait
      pollfd p{fd, POLLIN, 0};
      poll(&p, 1, -1);
      continue;
    }
    if (n < 0) return Error{fmt::format("{}: cannot read: {}", name, std::strerror(errno))};
    if (n == 0) return text;
    if (text.size() + static_cast<std::size_t>(n) > limit) {
      return Error{too_large(name, "", limit)};
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace

std::size_t max_input_bytes() {
  const auto limit = input_limit();
  return limit ? *limit : kDefaultInputMb << 20;
}

Expected<bool> check_input_file(const std::string& path) {
  const auto limit = input_limit();
  if (!limit) return limit.error();
  const auto fd = open_input(path, *limit);
  if (!fd) return fd.error();
  ::close(*fd);
  return true;
}

Expected<std::string> read_file(const std::string& path) {
  const auto limit = input_limit();
  if (!limit) return limit.error();
  const auto fd = open_input(path, *limit);
  if (!fd) return fd.error();
  auto text = read_all(*fd, path, *limit);
  ::close(*fd);
  return text;
}

Expected<std::string> read_standard_input() {
  const auto limit = input_limit();
  if (!limit) return limit.error();
  return read_all(STDIN_FILENO, "stdin", *limit);
}

SourceLoader loader_beside(const std::string& path) {
  const fs::path folder = fs::path(path).parent_path();
  return [folder](const std::string& relative) -> Expected<Source> {
    const fs::path p = fs::path(relative).is_absolute() ? fs::path(relative) : folder / relative;
    auto text = read_file(p.string());
    if (!text) return text.error();
    return Source{p.string(), std::move(text).value()};
  };
}

Expected<bool> write_file(const std::string& path, std::string_view text) {
  auto file = OutputFile::open(path);
  if (!file) return file.error();
  file.value().write(text);
  if (!file.value().close()) return Error{file.value().error()};
  return true;
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : path_(std::move(other.path_)), fd_(other.fd_), error_(std::move(other.error_)) {
  other.fd_ = -1;
}

OutputFile& OutputFile::operator=(OutputFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    path_ = std::move(other.path_);
    fd_ = other.fd_;
    error_ = std::move(other.error_);
    other.fd_ = -1;
  }
  return *this;
}

Expected<OutputFile> OutputFile::open(const std::string& path, bool append) {
  const int fd =
      ::open(path.c_str(),
             O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY | (append ? O_APPEND : O_TRUNC), 0666);
  if (fd < 0) return Error{fmt::format("{}: cannot write: {}", path, std::strerror(errno))};
  OutputFile file;
  file.path_ = path;
  file.fd_ = fd;
  return file;
}

void OutputFile::fail(int error) {
  if (error_.empty()) error_ = fmt::format("{}: cannot write: {}", path_, std::strerror(error));
}

bool OutputFile::write(std::string_view text) {
  if (!error_.empty()) return false;
  if (fd_ < 0) {
    fail(EBADF);
    return false;
  }
  while (!text.empty()) {
    const ssize_t n = ::write(fd_, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      fail(n < 0 ? errno : EIO);
      return false;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool OutputFile::close() {
  if (fd_ >= 0) {
    if (::close(fd_) != 0 && errno != EINTR) fail(errno);
    fd_ = -1;
  }
  return error_.empty();
}

Expected<Profile> load_profile(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.error();
  return parse_profile(*text, path, loader_beside(path));
}

Expected<Documents> load_documents(const std::string& profile, const std::string& workload) {
  auto profile_path = resolve(profile, CatalogKind::kProfile);
  if (!profile_path) return profile_path.error();
  auto workload_path = resolve(workload, CatalogKind::kModel);
  if (!workload_path) return workload_path.error();
  auto profile_text = read_file(*profile_path);
  if (!profile_text) return profile_text.error();
  auto workload_text = read_file(*workload_path);
  if (!workload_text) return workload_text.error();
  return Documents{{*profile_path, std::move(profile_text).value()},
                   {*workload_path, std::move(workload_text).value()},
                   loader_beside(*profile_path)};
}

Expected<Workload> load_workload(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.error();
  return parse_workload(*text, path);
}

std::vector<std::string> data_dirs() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("FASDL_DATA_DIR"); env != nullptr && *env != '\0') {
    dirs.emplace_back(env);
  }
  // An installed binary finds its data beside it (<prefix>/bin -> <prefix>/share/fasdl),
  // wherever the prefix was moved; only a binary of the build tree reads the sources.
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return dirs;
  const fs::path installed = exe.parent_path().parent_path() / FASDL_INSTALL_DATA_SUBDIR;
  if (fs::is_directory(installed, ec)) dirs.push_back(installed.string());
  const std::string build = FASDL_BUILD_DIR;
  if (exe.string().rfind(build + "/", 0) == 0) dirs.emplace_back(FASDL_SOURCE_DIR);
  return dirs;
}

namespace {

std::string_view subfolder(CatalogKind kind) {
  switch (kind) {
    case CatalogKind::kProfile:
      return "profiles";
    case CatalogKind::kModel:
      return "configs/models";
    case CatalogKind::kPlatform:
      return "configs/platforms";
  }
  return "profiles";
}

std::string_view kind_name(CatalogKind kind) {
  switch (kind) {
    case CatalogKind::kProfile:
      return "profile";
    case CatalogKind::kModel:
      return "model";
    case CatalogKind::kPlatform:
      return "platform";
  }
  return "profile";
}

}  // namespace

Expected<std::string> resolve(const std::string& name_or_path, CatalogKind kind) {
  std::error_code ec;
  const bool looks_like_path =
      name_or_path.find('/') != std::string::npos || fs::path(name_or_path).extension() == ".json";
  if (looks_like_path || fs::is_regular_file(name_or_path, ec)) return name_or_path;
  std::string name = name_or_path;
  if (kind == CatalogKind::kProfile) {
    for (const CatalogAlias& alias : kProfileAliases) {
      if (name == alias.name) name = alias.profile;
    }
  }
  for (const std::string& dir : data_dirs()) {
    const fs::path p = fs::path(dir) / subfolder(kind) / (name + ".json");
    if (fs::is_regular_file(p, ec)) return p.string();
  }
  std::string known;
  for (const CatalogEntry& e : catalog(kind))
    known += (known.empty() ? "" : ", ") + e.name;
  return Error{fmt::format("{}: no such {} file or catalog name; known names: {}", name_or_path,
                           kind_name(kind), known.empty() ? "(none found)" : known)};
}

std::vector<CatalogEntry> catalog(CatalogKind kind) {
  std::vector<CatalogEntry> out;
  std::set<std::string> seen;
  for (const std::string& dir : data_dirs()) {
    std::error_code ec;
    const fs::path folder = fs::path(dir) / subfolder(kind);
    std::set<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      if (entry.path().extension() == ".json") files.insert(entry.path());
    }
    for (const fs::path& p : files) {
      if (seen.insert(p.stem().string()).second) out.push_back({p.stem().string(), p.string()});
    }
  }
  return out;
}

}  // namespace fasdl
