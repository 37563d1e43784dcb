// Output: every byte a tool prints goes through here.
//
// Results go to stdout through out(); a write that fails (a full disk, a
// closed descriptor, a pipe whose reader left) is remembered, makes every
// later out() return false at once, and turns the exit code into
// kExitWriteFailed at finish(). Diagnostics go to stderr through
// print_diagnostic(): one line, never an exception, and a stderr that cannot
// be written loses the line and nothing else. Files are written by
// write_file() (fasdl/formats/files.h), whose failures the tools report with
// report_write_failure().
#pragma once

#include <fmt/format.h>

#include <functional>
#include <string_view>
#include <utility>

#include "fasdl/base/expected.h"

namespace fasdl::cli {

// The exit code of a command that could not write an output: stdout or a
// file it was asked to write (docs/cli.md).
inline constexpr int kExitWriteFailed = 4;

// First thing in main: descriptors 0, 1 and 2 that are closed are opened on
// /dev/null, so that no file, socket or pipe opened later takes their
// number. A closed stdout stays an error: every out() fails (EBADF).
void guard_standard_descriptors();

// Writes `text` to stdout; false when it (or an earlier write) failed.
bool out(std::string_view text);
template <typename... Args>
bool out(fmt::format_string<Args...> format, Args&&... args) {
  return out(std::string_view(fmt::format(format, std::forward<Args>(args)...)));
}

// `line` (without its line end) on stderr as one_line() makes it.
void print_diagnostic(std::string_view line);

// A report of several lines (a fit report when the document itself goes to
// stdout) to stderr as it is, never throwing; to stdout through out() when
// `on_stderr` is false.
bool out_or_stderr(std::string_view text, bool on_stderr);

// Flushes and closes stdout. Returns `code`, or kExitWriteFailed after one
// line ("<program>: stdout: cannot write: <reason>") when a write to stdout
// failed and `code` is 0 or 1: the result was lost. A command that had
// already failed (2, 3, 130) keeps its code.
int finish(int code);

// A tool's main: guards the descriptors, runs `body`, reports an exception
// that escapes it in one line (exit kExitBadInput: "out of memory" for
// std::bad_alloc) rather than aborting, and returns finish()'s code.
int run_main(const std::function<int()>& body);

}  // namespace fasdl::cli
