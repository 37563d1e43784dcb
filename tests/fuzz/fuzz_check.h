// Invariants the fuzz targets assert beyond "does not crash" (tests/fuzz/).
//
// A failed check prints what broke and aborts, so that libFuzzer keeps the
// input as a crash and the replay test fails. Every function here takes
// values, so a new parser's target reuses them: check_error() for its
// messages, check_model() for what it feeds the model.
//
// Defined by topic: fuzz_check_text.cc (messages and printed text),
// fuzz_check_documents.cc (profiles and workloads, their ranges and round
// trips) and fuzz_check_model.cc (the model, the searches, the small partners).
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <string_view>

#include "fasdl/base/expected.h"
#include "fasdl/model/profile.h"
#include "fasdl/model/workload.h"

namespace fasdl::fuzz {

[[noreturn]] inline void fail(const char* condition, const char* file, int line,
                              const std::string& detail) {
  std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n  %s\n", file, line, condition,
               detail.c_str());
  std::fflush(stderr);
  std::abort();
}

// FUZZ_CHECK(condition, "format", args...): aborts with the formatted detail.
#define FUZZ_CHECK(condition, ...)                                                   \
  do {                                                                               \
    if (!(condition)) {                                                              \
      ::fasdl::fuzz::fail(#condition, __FILE__, __LINE__, fmt::format(__VA_ARGS__)); \
    }                                                                                \
  } while (0)

// A message for the user: one line of printable ASCII, at most 2,000 bytes.
void check_line(std::string_view message);

// An error for the user: one line of printable ASCII, at most 2,000 bytes,
// starting with one of `origins` and a colon.
void check_error(const Error& error, std::initializer_list<std::string_view> origins);

// True when `text` holds `word` delimited by characters that are not letters
// or digits ("inf" in "T = inf s", not in "info" or "50nan").
bool has_word(std::string_view text, std::string_view word);

// What fasdl prints for `text` never holds inf or nan as a word.
void check_no_inf_nan(std::string_view text, std::string_view what);

// The JSON `text` has no null outside the keys that may be null (optional
// constraints, baselines, timings), and every number is finite.
void check_json_numbers(std::string_view text, std::string_view what);

// The profile's numbers are finite and within the documented ranges, its
// columns sorted by memory and their points by size; its platform terms in
// range (tiers increasing, the architecture's table present, tiered prices
// that never fall with usage) and its stores named apart from its own store,
// each with a table that passes the same checks.
void check_profile(const Profile& p);
// The same for a workload: coefficients, law and threads (threads only with
// the vCPU law), covariances finite, symmetric with a non-negative diagonal.
void check_workload(const Workload& w);

// Round trips through profile_to_json / workload_to_json give the same
// values (platform, stores, law, threads and covariances included) and the
// same text.
void check_profile_round_trip(const Profile& p);
void check_workload_round_trip(const Workload& w);

// Builds the model (an error must be a proper message), predicts a few
// configurations, runs the exact and the exhaustive search and the Pareto
// front on a tiny space and checks: no NaN or infinity anywhere, feasible
// figures positive, exact == exhaustive, and every output format clean.
void check_model(const Profile& profile, const Workload& workload);

// Small partners for the model checks: a profile with three memory columns
// and a ResNet-50-like workload.
Profile small_profile();
Workload small_workload();
// small_profile() with every platform term on (vCPU limits, tiered prices,
// invocations, a 900 s lifetime, concurrency, polling, request limits, an
// hourly store price) and a second store "redis".
Profile platform_profile();
// small_workload() under the vCPU law with 2 threads and covariances.
Workload vcpu_workload();

}  // namespace fasdl::fuzz
