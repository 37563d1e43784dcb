// fasdl-profile measure's probes: processes under CPU quotas, through a store.
#include "fasdl/accuracy/measure.h"

#include <fmt/format.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "base/text.h"
#include "fasdl/runtime/run.h"
#include "fasdl/runtime/worker.h"
#include "runtime/cgroup.h"
#include "runtime/process.h"
#include "runtime/redis_server.h"

namespace fasdl {

namespace {

struct Failure {
  std::string message;
};

// The store the probes use: a private server or the given one.
struct Session {
  std::unique_ptr<RedisServer> server;
  std::unique_ptr<Store> store;
  StoreAddress address;
  std::string password;
  std::string description;
};

Session open_store(const MeasureOptions& o) {
  Session s;
  if (o.store) {
    s.address = *o.store;
    s.password = o.store_password;
    s.description = o.store->url();
  } else {
    auto server = RedisServer::start(o.redis_server, 10.0);
    if (!server) throw Failure{server.error().message};
    s.server = std::move(server).value();
    s.address = s.server->address();
    s.password = s.server->password();
    s.description = s.server->description();
  }
  auto store = connect_redis(s.address, s.password);
  if (!store) throw Failure{store.error().message};
  s.store = std::move(store).value();
  return s;
}

// One memory's probes: their cgroups, keys and processes.
struct Group {
  ProbeTask task;
  ProbeKeys keys;
  std::unique_ptr<cgroup::WorkerGroups> cgroups;
  std::vector<pid_t> pids;
};

// Every probe at once: one grace period for all.
void stop_all(std::vector<Group>& groups) {
  std::vector<pid_t> pids;
  for (Group& g : groups) {
    for (pid_t& pid : g.pids) {
      if (pid > 0) pids.push_back(pid);
      pid = -1;
    }
  }
  process::stop_all(pids, 1.0);
}

void spawn_group(const Session& s, const MeasureOptions& o, Group& g) {
  for (int i = 0; i < o.concurrency; ++i) {
    process::SpawnOptions so;
    so.program = o.probe_program;
    so.arguments = o.probe_arguments;
    for (std::string a : {std::string("--redis"), s.address.url(), std::string("--session"),
                          g.keys.session, std::string("--probe"), std::to_string(i)}) {
      so.arguments.push_back(std::move(a));
    }
    so.environment = {{"FASDL_REDIS_PASSWORD", s.password}};
    so.cgroup_files = g.cgroups->procs_files(i);
    auto pid = process::spawn(so);
    if (!pid) throw Failure{pid.error().message};
    g.pids.push_back(*pid);
  }
}

// Waits for every probe; the first that fails names itself, with the reason it left in the
// store when it could.
void wait_all(Session& s, const MeasureOptions& o, std::vector<Group>& groups) {
  const double deadline = monotonic_seconds() + o.timeout_seconds;
  std::string failed;
  for (Group& g : groups) {
    for (std::size_t i = 0; i < g.pids.size(); ++i) {
      while (g.pids[i] > 0) {
        if (const int sig = process::InterruptGuard::received()) {
          throw Failure{fmt::format("interrupted by {}", process::signal_name(sig))};
        }
        if (const auto status = process::try_reap(g.pids[i])) {
          if (!(status->exited() && status->code == 0) && failed.empty()) {
            std::string why;
            try {
              why = s.store->get(g.keys.failure(static_cast<int>(i))).value_or("");
            } catch (const StoreError&) {
            }
            failed = fmt::format("probe {} of {} MB ended with {}{}", i, g.task.memory_mb,
                                 status->describe(), why.empty() ? "" : ": " + why);
          }
          g.pids[i] = -1;
          break;
        }
        if (monotonic_seconds() > deadline) {
          throw Failure{fmt::format("the probes took more than {:.0f} s", o.timeout_seconds)};
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  }
  if (!failed.empty()) throw Failure{failed};
}

// Removes the groups' keys (tasks, results, objects a killed probe left),
// as far as the store still answers: a user's own store keeps nothing.
void forget(Session& s, const std::vector<Group>& groups) {
  for (const Group& g : groups) {
    try {
      s.store->remove_matching(g.keys.pattern());
    } catch (const StoreError&) {
    }
  }
}

// Starts `concurrency` probes for every memory at once, each under the quota
// of its memory, waits for all and returns their rows.
std::vector<ProbeRow> run_probes(Session& s, const MeasureOptions& o, const ProbeTask& base,
                                 std::string& throttle) {
  std::vector<Group> groups;
  const double start_at = monotonic_seconds() + 0.5;  // every probe started by then
  for (const int memory : o.memories_mb) {
    Group g;
    g.task = base;
    g.task.memory_mb = memory;
    g.task.start_at = start_at;
    g.keys = ProbeKeys{process::random_hex(6)};
    // A probe holds an object (or the network) a few times over: memory is
    // not what is measured, so it is limited only loosely.
    const long long memory_bytes = std::max<long long>(4096, 8LL * memory) << 20;
    g.cgroups = o.limits == Limits::kAuto ? std::make_unique<cgroup::WorkerGroups>(
                                                g.keys.session, o.concurrency,
                                                worker_cores(memory, o.cpu_scale), memory_bytes)
                                          : std::make_unique<cgroup::WorkerGroups>("--limits none");
    throttle = g.cgroups->description();
    s.store->put(g.keys.task(), probe_task_to_json(g.task));
    groups.push_back(std::move(g));
  }
  try {
    for (Group& g : groups)
      spawn_group(s, o, g);
    wait_all(s, o, groups);
  } catch (const Failure&) {
    stop_all(groups);
    forget(s, groups);
    throw;
  }
  std::vector<ProbeRow> rows;
  for (Group& g : groups) {
    while (true) {
      const auto lines = s.store->pop(g.keys.results(), 1000);
      for (const std::string& line : lines) {
        auto row = parse_probe_row(line, g.keys.results());
        if (!row) {
          forget(s, groups);
          throw Failure{row.error().message};
        }
        rows.push_back(*row);
      }
      if (lines.size() < 1000) break;
    }
  }
  forget(s, groups);
  return rows;
}

}  // namespace

Expected<MachineMeasurements> measure_machine(const MeasureOptions& o) {
  process::InterruptGuard interrupts;
  MachineMeasurements out;
  try {
    Session s = open_store(o);
    out.store = s.description;
    ProbeTask task;
    task.repeats = o.repeats;
    task.burst_seconds = o.burst_seconds;
    task.network = o.network;
    task.data = o.data;
    task.sizes_mb = o.sizes_mb;
    task.batches = o.batches;
    if (o.notice) {
      double cores = 0;
      for (const int m : o.memories_mb)
        cores += o.concurrency * worker_cores(m, o.cpu_scale);
      o.notice(
          fmt::format("{} probe(s) at each of {} memory sizes at once ({:.2f} cores): "
                      "transfers of {} sizes, then training steps of {} batches, {} bursts "
                      "of {} s each",
                      o.concurrency, o.memories_mb.size(), cores, o.sizes_mb.size(),
                      o.batches.size(), o.repeats, o.burst_seconds));
    }
    for (const ProbeRow& r : run_probes(s, o, task, out.throttle)) {
      const std::string source = fmt::format("probe {} at {} MB", r.probe, r.memory_mb);
      if (r.kind == ProbeKind::kTransfers) {
        out.transfers.push_back({r.direction, r.memory_mb, r.size_mb, r.seconds, source});
      } else {
        out.compute.push_back({r.batch, r.memory_mb, r.seconds, r.flatten_seconds, source});
      }
    }
  } catch (const Failure& f) {
    return Error{f.message};
  } catch (const StoreError& e) {
    return Error{fmt::format("lost the store: {}", e.what())};
  }
  return out;
}

Expected<std::vector<CalibrationRun>> run_calibration(const Model& base,
                                                      const std::vector<Config>& configs,
                                                      const LocalRunSettings& settings,
                                                      long long iterations) {
  std::vector<CalibrationRun> out;
  for (const Config& c : configs) {
    const Prediction p = base.predict(c);
    if (!p.feasible()) {
      return Error{fmt::format("calibration run W = {}, M = {}, K = {}: {}", c.workers, c.memory_mb,
                               c.aggregators, base.explain(p))};
    }
    if (settings.notice) {
      settings.notice(fmt::format("calibration run W = {}, M = {}, K = {}, B = {}, A = {}",
                                  c.workers, c.memory_mb, c.aggregators, p.batch_aggregator,
                                  p.batch_other));
    }
    LocalRunSettings quiet = settings;  // the runtime's own notices stay out of measure's
    quiet.notice = nullptr;
    const long long global =
        p.batch_aggregator * c.aggregators + p.batch_other * (c.workers - c.aggregators);
    quiet.epochs = 1;
    quiet.data.samples = std::min(settings.data.samples, std::max(1LL, iterations) * global);
    const RunOutcome outcome = run_local(quiet, {c, p.batch_aggregator, p.batch_other});
    if (outcome.status != RunStatus::kCompleted) {
      return Error{fmt::format("calibration run W = {}, M = {}, K = {}: {}", c.workers, c.memory_mb,
                               c.aggregators, outcome.message)};
    }
    const RunSummary& s = outcome.summary;
    out.push_back({c, p.batch_aggregator, p.batch_other, s.iterations, s.seconds,
                   s.seconds_per_iteration, s.breakdown});
  }
  return out;
}

}  // namespace fasdl
