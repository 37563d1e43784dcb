#include "fasdl/formats/files.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include "fasdl/formats/profile_json.h"
#include "fasdl/formats/workload_json.h"

namespace fasdl {

namespace fs = std::filesystem;

namespace {

// stdio rather than a stream: a stream reports a failed read (EIO, EISDIR) as an end of
// file, which would pass for an empty or truncated document. Leaves `file` open.
Expected<std::string> read_all(std::FILE* file, std::string_view name) {
  std::string text;
  char buffer[1 << 16];
  std::size_t n = 0;
  errno = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0)
    text.append(buffer, n);
  if (std::ferror(file)) {
    return Error{fmt::format("{}: cannot read: {}", name, std::strerror(errno != 0 ? errno : EIO))};
  }
  return text;
}

}  // namespace

Expected<std::string> read_file(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec))
    return Error{fmt::format("{}: is a directory, expected a file", path)};
  errno = 0;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return Error{fmt::format("{}: cannot read: {}", path, std::strerror(errno))};
  auto text = read_all(file, path);
  std::fclose(file);
  return text;
}

Expected<std::string> read_standard_input() {
  return read_all(stdin, "stdin");
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
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) return Error{fmt::format("{}: cannot write: {}", path, std::strerror(errno))};
  return true;
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
