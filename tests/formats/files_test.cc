// Reading files: every way a read can fail is reported, never taken for an
// empty or truncated document.
#include "fasdl/formats/files.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
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

namespace {

// Sets an environment variable for one test.
struct Env {
  std::string name;
  Env(std::string n, const char* value) : name(std::move(n)) { setenv(name.c_str(), value, 1); }
  ~Env() { unsetenv(name.c_str()); }
};

}  // namespace

TEST_CASE("files: a FIFO, a device or a socket is refused without reading or blocking", "[files]") {
  Scratch s;
  const std::string fifo = (s.dir / "fifo").string();
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);  // no writer: opening it to read would block
  CHECK(read_file(fifo).error().message == fifo + ": is a FIFO, expected a regular file");
  CHECK(fasdl::check_input_file(fifo).error().message ==
        fifo + ": is a FIFO, expected a regular file");
  CHECK(read_file("/dev/zero").error().message ==
        "/dev/zero: is a character device, expected a regular file");
  CHECK(read_file("/dev/urandom").error().message ==
        "/dev/urandom: is a character device, expected a regular file");
}

TEST_CASE("files: an input beyond FASDL_MAX_INPUT_MB is refused by its size, unread", "[files]") {
  Scratch s;
  const std::string sparse = (s.dir / "sparse.json").string();
  { std::ofstream(sparse) << "{}"; }
  std::filesystem::resize_file(sparse, 2LL << 30);  // 2 GB, sparse: nothing is read
  CHECK(read_file(sparse).error().message ==
        sparse + ": 2048 MB, more than the 256 MB an input may hold (FASDL_MAX_INPUT_MB)");
  {
    const Env limit("FASDL_MAX_INPUT_MB", "4096");
    std::filesystem::resize_file(sparse, 5);
    CHECK(read_file(sparse).ok());
  }
  const Env bad("FASDL_MAX_INPUT_MB", "1e3");
  CHECK(read_file(sparse).error().message ==
        "FASDL_MAX_INPUT_MB: expected a whole number of MB from 1 to 1048576, got \"1e3\"");
}

TEST_CASE("files: a write that fails is an error: a full disk, a missing folder", "[files]") {
  if (!std::filesystem::exists("/dev/full")) return;
  // The write fits a buffer; only the write(2) (or close) says the disk is full.
  CHECK(fasdl::write_file("/dev/full", "x").error().message ==
        "/dev/full: cannot write: No space left on device");
  CHECK(fasdl::write_file("/nonexistent/t.json", "x").error().message ==
        "/nonexistent/t.json: cannot write: No such file or directory");
  auto log = fasdl::OutputFile::open("/dev/full");
  REQUIRE(log);
  CHECK_FALSE(log.value().write("a line\n"));
  CHECK_FALSE(log.value().write("another\n"));  // the first failure is kept
  CHECK_FALSE(log.value().close());
  CHECK(log.value().error() == "/dev/full: cannot write: No space left on device");
}
