#include "fasdl/files.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>

#include <fmt/format.h>

namespace fasdl {

namespace fs = std::filesystem;

Expected<std::string> read_file(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return Error{fmt::format("{}: is a directory, expected a file", path)};
  // stdio rather than a stream: a stream reports a failed read (EIO, EISDIR) as an end of
  // file, which would pass for an empty or truncated document.
  errno = 0;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return Error{fmt::format("{}: cannot read: {}", path, std::strerror(errno))};
  std::string text;
  char buffer[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, n);
  const int error = std::ferror(file) ? (errno != 0 ? errno : EIO) : 0;
  std::fclose(file);
  if (error != 0) return Error{fmt::format("{}: cannot read: {}", path, std::strerror(error))};
  return text;
}

Expected<Profile> load_profile(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.error();
  const fs::path folder = fs::path(path).parent_path();
  const SourceLoader loader = [&folder](const std::string& relative) -> Expected<Source> {
    const fs::path p = fs::path(relative).is_absolute() ? fs::path(relative) : folder / relative;
    auto csv = read_file(p.string());
    if (!csv) return csv.error();
    return Source{p.string(), std::move(csv).value()};
  };
  return parse_profile(*text, path, loader);
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
  // wherever the prefix was moved; a build-tree binary falls back to its sources.
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / FASDL_INSTALL_DATA_SUBDIR;
    if (fs::is_directory(installed, ec)) dirs.push_back(installed.string());
  }
  dirs.emplace_back(FASDL_SOURCE_DIR);
  return dirs;
}

namespace {

std::string_view subfolder(CatalogKind kind) {
  return kind == CatalogKind::kProfile ? "profiles" : "configs/models";
}

}  // namespace

Expected<std::string> resolve(const std::string& name_or_path, CatalogKind kind) {
  std::error_code ec;
  const bool looks_like_path = name_or_path.find('/') != std::string::npos ||
                               fs::path(name_or_path).extension() == ".json";
  if (looks_like_path || fs::is_regular_file(name_or_path, ec)) return name_or_path;
  for (const std::string& dir : data_dirs()) {
    const fs::path p = fs::path(dir) / subfolder(kind) / (name_or_path + ".json");
    if (fs::is_regular_file(p, ec)) return p.string();
  }
  std::string known;
  for (const CatalogEntry& e : catalog(kind)) known += (known.empty() ? "" : ", ") + e.name;
  return Error{fmt::format("{}: no such {} file or catalog name; known names: {}", name_or_path,
                           kind == CatalogKind::kProfile ? "profile" : "model",
                           known.empty() ? "(none found)" : known)};
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
