// Runs gnuplot on a script (the picture's data is inside it).
#pragma once

#include <string>

#include "fasdl/base/expected.h"

namespace fasdl::cli {

// False with the reason when gnuplot is missing or fails.
Expected<bool> run_gnuplot(const std::string& script, const std::string& output);

}  // namespace fasdl::cli
