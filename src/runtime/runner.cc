// The launcher: invokes, watches and re-invokes the workers (fasdl/runner.h).
#include "fasdl/runtime/runner.h"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <thread>

#include "fasdl/formats/files.h"
#include "fasdl/runtime/worker.h"
#include "runtime/cgroup.h"
#include "runtime/process.h"
#include "runtime/redis_server.h"
#include "runtime/runner_internal.h"

namespace fasdl {

namespace {

using Json = nlohmann::ordered_json;

constexpr double kPollSeconds = 0.01;
constexpr double kStopGraceSeconds = 2;
constexpr double kServerReadySeconds = 10;
// Invocations in a row that may end without a new iteration (the first of a
// resumed worker may be spent redoing iterations).
constexpr int kMaxStalls = 3;

struct Fatal {
  RunStatus status;
  std::string message;
};

// One worker's current invocation.
struct Slot {
  pid_t pid = -1;
  int invocation = -1;
  double started = 0;
  long long progress = -1;  // last iteration logged
  long long progress_at_launch = -1;
  int lost = 0;    // re-invocations after kills or failures
  int stalls = 0;  // invocations in a row that logged no new iteration
  bool done = false;
  bool at_limit = false;  // killed by the launcher at --max-duration
};

class Launcher {
 public:
  explicit Launcher(const RunnerOptions& o) : o_(o), spec_(o.spec), keys_("") {}
  ~Launcher() { stop_workers(); }

  RunOutcome run() {
    process::InterruptGuard interrupts;
    RunOutcome outcome;
    try {
      start();
      watch();
      outcome.summary = finish(*store_, spec_, o_, records_, run_);
      outcome.status = RunStatus::kCompleted;
      log(summary_log_line(outcome.summary));
    } catch (const Fatal& f) {
      outcome.status = f.status;
      outcome.message = f.message;
    } catch (const StoreError& e) {
      store_lost_ = process::InterruptGuard::received() == 0;
      outcome.status = RunStatus::kFailed;
      outcome.message = fmt::format("lost the store: {}", e.what());
    } catch (const std::bad_alloc&) {
      outcome.status = RunStatus::kFailed;
      outcome.message = "out of memory in the launcher (evaluating the final parameters?)";
    } catch (const std::exception& e) {
      // Whatever it is, the workers, the server and the cgroups go below.
      outcome.status = RunStatus::kFailed;
      outcome.message = e.what();
    }
    // Whatever failed while a signal came in (a wait it cut short, a server that never
    // answered) was the interrupt's doing.
    if (const int sig = process::InterruptGuard::received();
        sig != 0 && outcome.status != RunStatus::kCompleted) {
      outcome.status = RunStatus::kInterrupted;
      outcome.message = interrupted_message(sig);
    }
    stop_workers();
    if (store_ && !store_lost_) {
      try {
        store_->remove_matching(keys_.pattern());
      } catch (const StoreError&) {
        // The run's keys stay behind; its namespace keeps them apart.
      }
    }
    if (outcome.status != RunStatus::kCompleted) {
      log(Json{{"event", "failed"}, {"message", outcome.message}}.dump());
    }
    // A log that could not be written is the run's failure too (exit 4), not a silent loss.
    if (log_.is_open() && !log_.close() && outcome.status == RunStatus::kCompleted) {
      outcome.status = RunStatus::kWriteFailed;
      outcome.message = log_.error();
    }
    if (outcome.status == RunStatus::kFailed && !log_.error().empty()) {
      outcome.status = RunStatus::kWriteFailed;
      outcome.message = log_.error();
    }
    return outcome;
  }

 private:
  void notice(std::string_view text) const {
    if (o_.notice) o_.notice(text);
  }
  // Writes one line to the log; the first failure stops the run at its next check.
  void log(const std::string& line) {
    if (log_.is_open()) log_.write(line + "\n");
  }
  static std::string interrupted_message(int sig) {
    return fmt::format("interrupted by {}; stopped every worker and the store",
                       process::signal_name(sig));
  }
  void check_interrupt() const {
    if (const int sig = process::InterruptGuard::received()) {
      throw Fatal{RunStatus::kInterrupted, interrupted_message(sig)};
    }
    if (!log_.error().empty()) throw Fatal{RunStatus::kWriteFailed, log_.error()};
  }

  void start() {
    spec_.run_id = process::random_hex(6);
    keys_ = KeySpace(spec_.run_id);
    if (!o_.log_path.empty()) {
      auto file = OutputFile::open(o_.log_path);
      if (!file) throw Fatal{RunStatus::kWriteFailed, file.error().message};
      log_ = std::move(file).value();
    }
    if (o_.store) {
      run_.store = o_.store->url();
      auto store = connect_redis(*o_.store, o_.store_password, timeouts());
      if (!store) throw Fatal{RunStatus::kFailed, store.error().message};
      store_ = std::move(store).value();
      address_ = *o_.store;
      password_ = o_.store_password;
    } else {
      auto server = RedisServer::start(o_.redis_server, kServerReadySeconds);
      if (!server) throw Fatal{RunStatus::kFailed, server.error().message};
      server_ = std::move(server).value();
      run_.store = server_->description();
      address_ = server_->address();
      password_ = server_->password();
      auto store = connect_redis(address_, password_, timeouts());
      if (!store) throw Fatal{RunStatus::kFailed, store.error().message};
      store_ = std::move(store).value();
    }
    const Config& c = spec_.plan.config;
    run_.cores = worker_cores(c.memory_mb, o_.cpu_scale);
    groups_ = o_.limits == Limits::kAuto ? std::make_unique<cgroup::WorkerGroups>(
                                               spec_.run_id, c.workers, run_.cores,
                                               static_cast<long long>(c.memory_mb) << 20)
                                         : std::make_unique<cgroup::WorkerGroups>("--limits none");
    run_.throttle = groups_->description();
    notice(fmt::format("{} workers of {} MB at {:.3f} cores each (cpu scale {:.4f}); {}", c.workers,
                       c.memory_mb, run_.cores, o_.cpu_scale,
                       groups_->cpu_limited() ? groups_->description()
                                              : "running UNTHROTTLED: " + groups_->description()));
    notice(fmt::format("store: {}; run {}", run_.store, spec_.run_id));
    spec_.clock_origin = monotonic_seconds();
    store_->put(keys_.spec(), run_spec_to_json(spec_));
    log(Json{{"event", "start"},
             {"run_id", spec_.run_id},
             {"spec", Json::parse(run_spec_to_json(spec_))},
             {"cpu_scale", o_.cpu_scale},
             {"worker_cores", run_.cores},
             {"throttle", run_.throttle},
             {"store", run_.store}}
            .dump());
    slots_.resize(static_cast<std::size_t>(c.workers));
    run_.first_start = monotonic_seconds();
    for (int w = 0; w < c.workers; ++w)
      invoke(w, "start");
  }

  StoreTimeouts timeouts() const { return {2.0, 30.0, spec_.store_retry_seconds}; }

  void invoke(int w, std::string_view reason) {
    Slot& s = slots_[static_cast<std::size_t>(w)];
    s.invocation += 1;
    s.at_limit = false;
    s.progress_at_launch = s.progress;
    s.started = monotonic_seconds();
    process::SpawnOptions so;
    so.program = o_.worker_program;
    so.arguments = o_.worker_arguments;
    for (std::string a : std::initializer_list<std::string>{
             "--redis", address_.url(), "--run", spec_.run_id, "--worker", std::to_string(w),
             "--invocation", std::to_string(s.invocation), "--started",
             fmt::format("{:.6f}", s.started), "--retry",
             fmt::format("{}", spec_.store_retry_seconds)}) {
      so.arguments.push_back(std::move(a));
    }
    so.environment = {{"FASDL_REDIS_PASSWORD", password_}};
    so.cgroup_files = groups_->procs_files(w);
    auto pid = process::spawn(so);
    if (!pid) throw Fatal{RunStatus::kFailed, pid.error().message};
    s.pid = *pid;
    log(Json{{"event", "invocation"},
             {"worker", w},
             {"invocation", s.invocation},
             {"pid", s.pid},
             {"reason", reason},
             {"started", s.started - spec_.clock_origin}}
            .dump());
  }

  void drain_log() {
    while (true) {
      const std::vector<std::string> lines = store_->pop(keys_.log(), 1000);
      for (const std::string& line : lines) {
        log(line);
        auto r = parse_iteration_record(line, "a worker's log line");
        if (!r) throw Fatal{RunStatus::kFailed, r.error().message};
        Slot& s = slots_[static_cast<std::size_t>(r->worker)];
        s.progress = std::max(s.progress, r->iteration);
        if (o_.kill && !killed_ && r->worker == o_.kill->worker &&
            r->iteration >= o_.kill->iteration) {
          killed_ = true;
          kill(s.pid, SIGKILL);
          log(Json{{"event", "fault"},
                   {"worker", r->worker},
                   {"pid", s.pid},
                   {"after_iteration", r->iteration},
                   {"action", "SIGKILL (--kill-worker)"}}
                  .dump());
        }
        records_.push_back(std::move(r).value());
      }
      if (lines.size() < 1000) return;
    }
  }

  void watch() {
    double last_notice = monotonic_seconds();
    while (true) {
      check_interrupt();
      drain_log();
      bool all_done = true;
      for (int w = 0; w < spec_.plan.config.workers; ++w) {
        check(w);
        all_done = all_done && slots_[static_cast<std::size_t>(w)].done;
      }
      if (all_done) break;
      if (monotonic_seconds() - last_notice > 5) {
        last_notice = monotonic_seconds();
        long long slowest = spec_.iterations;
        for (const Slot& s : slots_)
          slowest = std::min(slowest, s.progress + 1);
        notice(fmt::format("{} of {} iterations done by every worker, {:.0f} s", slowest,
                           spec_.iterations, last_notice - run_.first_start));
      }
      std::this_thread::sleep_for(std::chrono::duration<double>(kPollSeconds));
    }
    drain_log();
    run_.last_end = monotonic_seconds();
    run_.relaunches = relaunches_;
    run_.function_seconds = function_seconds_;
  }

  void check(int w) {
    Slot& s = slots_[static_cast<std::size_t>(w)];
    if (s.done) return;
    const auto status = process::try_reap(s.pid);
    const double now = monotonic_seconds();
    if (!status) {
      if (!s.at_limit && now - s.started > spec_.max_duration_seconds) {
        s.at_limit = true;  // as Lambda ends a function at its time limit
        kill(-s.pid, SIGKILL);
        kill(s.pid, SIGKILL);
      }
      return;
    }
    // Lambda bills each invocation in 1 ms steps.
    function_seconds_ += std::ceil((now - s.started) * 1000) / 1000;
    drain_log();
    log(Json{{"event", "exit"},
             {"worker", w},
             {"invocation", s.invocation},
             {"pid", s.pid},
             {"status", status->describe()},
             {"last_iteration", s.progress}}
            .dump());
    if (status->exited() && status->code == kWorkerFinished) {
      s.done = true;
      return;
    }
    const bool progressed = s.progress > s.progress_at_launch;
    const std::string who =
        fmt::format("worker {} (pid {}, invocation {})", w, s.pid, s.invocation);
    std::string reason;
    s.stalls = progressed ? 0 : s.stalls + 1;
    if (s.stalls > kMaxStalls) {
      throw Fatal{RunStatus::kFailed,
                  fmt::format("{} was invoked {} times in a row without finishing a new iteration "
                              "within --max-duration {:.2f} s; raise it",
                              who, s.stalls, spec_.max_duration_seconds)};
    }
    if (status->exited() && status->code == kWorkerRelaunch) {
      reason = "stopped itself before --max-duration; resumes from its checkpoint";
    } else if (s.at_limit) {
      reason = "killed at --max-duration; resumes from its checkpoint";
    } else if (!status->exited()) {
      if (groups_->oom_kills(w) > 0) {  // retrying cannot help
        throw Fatal{RunStatus::kFailed,
                    fmt::format("{} ran out of its {} MB and the kernel killed it; raise --memory "
                                "or shrink the network",
                                who, spec_.plan.config.memory_mb)};
      }
      reason = fmt::format("killed by {}; resumes from its checkpoint", status->describe());
      s.lost += 1;
    } else if (status->code == kWorkerStoreLost) {
      store_->exists(keys_.spec());  // throws when the store is gone for the launcher too
      reason = "lost the store but the launcher reaches it; resumes from its checkpoint";
      s.lost += 1;
    } else {
      std::string why;
      try {
        why = store_->get(keys_.failure(w)).value_or("");
      } catch (const StoreError&) {
      }
      throw Fatal{RunStatus::kFailed, fmt::format("{} ended with {}{}", who, status->describe(),
                                                  why.empty() ? "" : ": " + why)};
    }
    if (s.lost > o_.max_relaunches) {
      throw Fatal{RunStatus::kFailed,
                  fmt::format("{} failed {} times; last: {} (--max-relaunches {})", who, s.lost,
                              reason, o_.max_relaunches)};
    }
    ++relaunches_;
    notice(fmt::format("{} after iteration {}: {}", who, s.progress, reason));
    invoke(w, reason);
  }

  // Every running worker at once: one grace period for all, however many there are.
  void stop_workers() {
    std::vector<pid_t> pids;
    for (const Slot& s : slots_) {
      if (s.pid > 0 && !s.done) pids.push_back(s.pid);
    }
    const std::vector<process::ExitStatus> statuses = process::stop_all(pids, kStopGraceSeconds);
    for (std::size_t i = 0; i < pids.size(); ++i) {
      log(Json{{"event", "stopped"}, {"pid", pids[i]}, {"status", statuses[i].describe()}}.dump());
    }
    for (Slot& s : slots_)
      s.done = true;
  }

  const RunnerOptions& o_;
  RunSpec spec_;
  KeySpace keys_;
  // Destroyed in reverse: the store connection, the cgroups (empty once the
  // workers are stopped), then the server.
  std::unique_ptr<RedisServer> server_;
  std::unique_ptr<cgroup::WorkerGroups> groups_;
  std::unique_ptr<Store> store_;
  StoreAddress address_;
  std::string password_;
  bool store_lost_ = false;
  OutputFile log_;
  std::vector<Slot> slots_;
  std::vector<IterationRecord> records_;
  RunFacts run_;
  double function_seconds_ = 0;
  int relaunches_ = 0;
  bool killed_ = false;
};

}  // namespace

RunOutcome run_training(const RunnerOptions& options) {
  Launcher launcher(options);
  return launcher.run();
}

}  // namespace fasdl
