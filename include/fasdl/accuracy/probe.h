// Probe: one timing process of `fasdl-profile measure` (docs/accuracy.md).
// A probe runs where a fasdl-run worker runs, under the CPU quota of a
// function of M MB, and times what a worker does: puts and gets of objects
// through the store, and training steps of the runtime's network with its
// flattening. The task is JSON in the store; the timings go back as JSON
// lines in a store list.
//
// Units: sizes in MB (2^20 bytes), time in seconds.
//
// Under a CPU quota a process runs in bursts (a few ms of every 20 ms
// period), so one short operation takes either its CPU time or a whole
// period. A timing is therefore the mean over a burst of back-to-back
// operations lasting at least `burst_seconds` (and at least `min_count`
// operations): the time an operation takes when the worker is busy, as it is
// in a run. A burst's end falls anywhere in a period, so its mean is off by
// up to one period over its length: 10% for 0.2 s bursts (at 1769 MB their
// table put a run's transfers 20-50% high), 2% for the default 1 s. Repeats
// of bursts are combined by their median downstream.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fasdl/base/expected.h"
#include "fasdl/model/transfer_table.h"
#include "fasdl/runtime/network.h"
#include "fasdl/runtime/runner.h"
#include "fasdl/runtime/store.h"

namespace fasdl {

enum class ProbeKind {
  kTransfers,  // put and get objects of each size
  kCompute,    // training steps of each batch, and flattening
};
std::string_view to_string(ProbeKind k);
Expected<ProbeKind> probe_kind_from_string(std::string_view s);

// A probe times the transfers of every size, then the training steps of
// every batch (either list may be empty).
struct ProbeTask {
  int memory_mb = 1024;            // the function this probe stands for (labels its rows)
  std::vector<double> sizes_mb;    // object sizes
  std::vector<long long> batches;  // mini-batch sizes
  NetworkShape network;
  DatasetSpec data;
  double learning_rate = 0.05;  // as the runs train
  int repeats = 3;              // bursts per size or batch
  double burst_seconds = 1;     // a burst lasts at least this long...
  int min_count = 2;            // ...and holds at least this many operations
  double start_at = 0;          // CLOCK_MONOTONIC seconds: concurrent probes start together
};

std::string probe_task_to_json(const ProbeTask& task);
Expected<ProbeTask> parse_probe_task(std::string_view json, std::string_view origin);

// One line a probe reports: a transfer burst (direction, size, seconds per
// object) or a compute burst (batch, seconds per training step and per
// flatten-and-load).
struct ProbeRow {
  ProbeKind kind = ProbeKind::kTransfers;
  int probe = 0;  // which of the concurrent probes
  int memory_mb = 0;
  Direction direction = Direction::kUpload;
  double size_mb = 0;
  long long batch = 0;
  double seconds = 0;          // transfer: mean per object; compute: mean per training step
  double flatten_seconds = 0;  // compute: mean per flatten and load
  int count = 0;               // operations in the burst
};

std::string to_json_line(const ProbeRow& row);
Expected<ProbeRow> parse_probe_row(std::string_view json, std::string_view origin);

// Keys of one probe session in the store.
struct ProbeKeys {
  std::string session;
  std::string task() const { return "fasdl:probe:" + session + ":task"; }
  std::string results() const { return "fasdl:probe:" + session + ":results"; }
  std::string object(int probe) const {
    return "fasdl:probe:" + session + ":object:" + std::to_string(probe);
  }
  std::string failure(int probe) const {  // why a probe gave up, for measure's message
    return "fasdl:probe:" + session + ":failure:" + std::to_string(probe);
  }
  std::string pattern() const { return "fasdl:probe:" + session + ":*"; }
};

// Runs the task in this process: the timings, pushed to `keys.results()`.
// Throws StoreError when the store fails.
void run_probe(Store& store, const ProbeKeys& keys, const ProbeTask& task, int probe);

// The body of the hidden `probe` subcommand: connects, reads the task,
// runs it; exit code 0, or 3 with a message ("probe N: ...").
ProcessExit run_probe_invocation(const StoreAddress& address, const std::string& password,
                                 const std::string& session, int probe);

}  // namespace fasdl
