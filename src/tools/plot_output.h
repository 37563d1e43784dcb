// Draws a picture with gnuplot: the script goes in on gnuplot's standard
// input, the picture comes out on its standard output and is written to the
// file by write_file() (files.cc), so the path never reaches gnuplot and a
// failed write is ours to report. gnuplot's own messages are kept off the
// terminal: a failure is one line with the first of them, escaped and cut.
#pragma once

#include <string>

namespace fasdl::cli {

// Runs gnuplot on `script` and writes its picture to `output` (--plot FILE).
// Returns 0; or prints one line and returns kExitBadInput when gnuplot is
// missing or fails, kExitWriteFailed when the file cannot be written.
int draw_plot(const std::string& script, const std::string& output);

}  // namespace fasdl::cli
