// Reading files: every way a read can fail is reported, never taken for an
// empty or truncated document.
#include "fasdl/formats/files.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

using fasdl::read_file;

namespace {

// A scratch folder under the system's temporary folder, removed at the end.
struct Scratch {
  std::filesystem::path dir;
  Scratch() {
    dir = std::filesystem::temp_directory_path() /
          ("fasdl-files-test-" + std::to_string(std::hash<const void*>{}(this)));
    std::filesystem::create_directories(dir);
  }
  ~Scratch() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

}  // namespace

TEST_CASE("files: bytes are read exactly, NULs and a missing final newline included", "[files]") {
  Scratch s;
  const std::string bytes(
      "a\0b\r\n\xFF\xFE"
      "end",
      9);
  std::ofstream(s.dir / "f.bin", std::ios::binary) << bytes;
  const auto text = read_file((s.dir / "f.bin").string());
  REQUIRE(text.ok());
  CHECK(*text == bytes);
}

TEST_CASE("files: a directory is refused as one", "[files]") {
  Scratch s;
  const std::string path = s.dir.string();
  CHECK(read_file(path).error().message == path + ": is a directory, expected a file");
}

TEST_CASE("files: a missing file and a path under a regular file name the system's reason",
          "[files]") {
  Scratch s;
  const std::string missing = (s.dir / "missing.json").string();
  CHECK(read_file(missing).error().message == missing + ": cannot read: No such file or directory");
  std::ofstream(s.dir / "file") << "x";
  const std::string under = (s.dir / "file" / "profile.json").string();
  CHECK(read_file(under).error().message == under + ": cannot read: Not a directory");
}

TEST_CASE("files: a file whose read fails is an error, not an empty document", "[files]") {
  // /proc/self/mem opens for anyone, root included, and its first page is
  // unmapped, so read() fails with EIO: a genuine read error that needs no
  // permissions trick (chmod 000 does not stop root).
  if (!std::filesystem::exists("/proc/self/mem")) return;
  CHECK(read_file("/proc/self/mem").error().message ==
        "/proc/self/mem: cannot read: Input/output error");
}
