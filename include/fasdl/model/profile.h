// Profile: what a serverless platform and its object store cost and how fast
// they move data, as the K-REDUCE model needs it.
//
// Units: memory in MB, time in seconds, money in US dollars.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fasdl/base/expected.h"
#include "fasdl/model/platform.h"
#include "fasdl/model/transfer_table.h"

namespace fasdl {

// Function memory sizes a plan may use: min, min + step, ... up to max.
struct MemoryRange {
  int min_mb = 128;
  int max_mb = 3008;
  int step_mb = 64;
};

struct Prices {
  double function_mb_second = 1.64e-8;  // p_mem, $ per MB-second of function time
  double put_request = 5.0e-6;          // p_put, $ per storage write
  double get_request = 4.0e-7;          // p_get, $ per storage read
};

// T_sync = seconds_per_mb * W * (f + offset_mb) * (2 - K / W), seconds.
struct SyncCoefficients {
  double seconds_per_mb = 0.00119;  // c_sync, s per MB
  double offset_mb = 33.7;          // f_0, MB
};

// Another store the runtime could use instead of the profile's own (a Redis
// cache node, ...): its transfer times, request prices and limits, polling
// and hourly price. with_store() makes it the profile's store.
struct StoreOption {
  std::string name;
  TransferTable transfers;
  double put_request = 0;   // $ per write
  double get_request = 0;   // $ per read
  double hourly_price = 0;  // $ per hour the store exists
  std::optional<RequestLimits> request_limits;
  std::optional<Polling> polling;
  std::optional<Provenance> provenance;
};

// The machine's speed when a profile was measured (fasdl-profile measure):
// the seconds of a fixed piece of work (fasdl/accuracy/reference_probe.h),
// against which each validation run's own probe corrects for the machine's
// drift. No term of the model uses it.
struct ReferenceProbe {
  double seconds = 0;
  std::string work;  // what was timed, in words
};

struct Profile {
  std::string name;
  std::string description;
  MemoryRange memory;
  Prices prices;
  SyncCoefficients sync;
  TransferTable transfers;
  Platform platform;                // today's terms; all off in the reference form
  std::vector<StoreOption> stores;  // alternatives to platform.store
  std::optional<ReferenceProbe> reference_probe;
};

// The profile with `store` as its store: the profile itself when it names
// its own store, else the alternative's transfers, prices, limits, polling
// and hourly price in place of its own.
Expected<Profile> with_store(const Profile& profile, std::string_view store);

}  // namespace fasdl
