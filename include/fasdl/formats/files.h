// Files: reading documents from disk (or standard input) and resolving catalog names. This is the
// only part of fasdl_core that touches the file system; parsers and the model
// stay pure.
#pragma once

#include <string>
#include <vector>

#include "fasdl/base/expected.h"
#include "fasdl/formats/overrides.h"
#include "fasdl/formats/profile_json.h"
#include "fasdl/model/profile.h"
#include "fasdl/model/workload.h"

namespace fasdl {

// The most bytes an input may hold: FASDL_MAX_INPUT_MB megabytes (a whole
// number from 1 to 1048576), 256 when unset.
std::size_t max_input_bytes();

// Whether `path` is a regular file of at most max_input_bytes(), without
// reading it: "PATH: is a directory, expected a file", "PATH: is a FIFO,
// expected a regular file" (a device, a socket), "PATH: 2048 MB, more than
// the 256 MB an input may hold (FASDL_MAX_INPUT_MB)", "PATH: cannot read:
// <reason>". Opening never blocks (a FIFO without a writer).
Expected<bool> check_input_file(const std::string& path);

// The whole file after check_input_file()'s checks; a file that grows past
// the limit while it is read is refused too, and a failed read() is an error
// ("PATH: cannot read: Input/output error"), never a short document.
Expected<std::string> read_file(const std::string& path);

// All of standard input (a pipe or a terminal is fine), at most
// max_input_bytes(); "stdin: cannot read: <reason>".
Expected<std::string> read_standard_input();

// Writes `text` to `path` (created or replaced), then closes it and checks
// the close: "PATH: cannot write: <reason>" (a full disk, a missing folder).
Expected<bool> write_file(const std::string& path, std::string_view text);

// A file written piece by piece (a log): every write and the close are
// checked, and the first failure is kept ("PATH: cannot write: <reason>").
class OutputFile {
 public:
  OutputFile() = default;
  ~OutputFile();
  OutputFile(OutputFile&& other) noexcept;
  OutputFile& operator=(OutputFile&& other) noexcept;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Creates or truncates `path` (appends with `append`).
  static Expected<OutputFile> open(const std::string& path, bool append = false);
  bool is_open() const { return fd_ >= 0; }
  // Writes all of `text`; false (and error()) once any write failed.
  bool write(std::string_view text);
  // Closes; false when this or an earlier write failed.
  bool close();
  // The first failure, "" when none.
  const std::string& error() const { return error_; }

 private:
  void fail(int error);
  std::string path_;
  int fd_ = -1;
  std::string error_;
};

// Loads a profile file; a `transfers.csv` path inside it is read relative to
// the profile's folder.
Expected<Profile> load_profile(const std::string& path);
Expected<Workload> load_workload(const std::string& path);

// Reads paths written inside the document at `path`, relative to its folder.
SourceLoader loader_beside(const std::string& path);

// Resolves both names (or paths) and reads both documents, for
// build_model() (fasdl/overrides.h).
Expected<Documents> load_documents(const std::string& profile, const std::string& workload);

// Folders searched for catalog names, in order: $FASDL_DATA_DIR, the
// install's data folder beside the binary (<prefix>/share/fasdl), and for a
// binary still in its build tree, the source tree.
std::vector<std::string> data_dirs();

enum class CatalogKind {
  kProfile,   // profiles/NAME.json
  kModel,     // configs/models/NAME.json
  kPlatform,  // configs/platforms/NAME.json: a profile's "platform" object
};

// A path is used as it is when it names an existing file or contains '/' or
// ends in ".json"; otherwise NAME (or the profile an alias names) resolves to
// profiles/NAME.json, configs/models/NAME.json or configs/platforms/NAME.json
// under the first data folder that has it.
Expected<std::string> resolve(const std::string& name_or_path, CatalogKind kind);

// The profiles used when none is named: AWS Lambda as it is today, and the
// FasDL authors' reference form (docs/profiles.md).
inline constexpr const char* kDefaultProfile = "aws-lambda";
inline constexpr const char* kReferenceProfile = "fasdl-reference";
// The platform terms `fasdl-profile storage` writes unless told otherwise.
inline constexpr const char* kDefaultPlatform = "aws-lambda";

// Old profile names that scripts may still use, and the profile each means.
struct CatalogAlias {
  const char* name;
  const char* profile;
};
inline constexpr CatalogAlias kProfileAliases[] = {
    {"aws-lambda-s3", kReferenceProfile},  // the reference form, the default until issue 14
    {"aws-lambda-2026", kDefaultProfile},  // today's Lambda before it became the default
};

// Catalog entries of one kind under the data folders: name and path.
struct CatalogEntry {
  std::string name;
  std::string path;
};
std::vector<CatalogEntry> catalog(CatalogKind kind);

}  // namespace fasdl
