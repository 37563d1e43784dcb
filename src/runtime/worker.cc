#include "fasdl/runtime/worker.h"

#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <thread>

namespace fasdl {

std::string_view to_string(WorkerStatus s) {
  switch (s) {
    case WorkerStatus::kFinished:
      return "finished";
    case WorkerStatus::kRelaunch:
      return "relaunch";
    case WorkerStatus::kStoreLost:
      return "store lost";
    case WorkerStatus::kWaitTimeout:
      return "wait timeout";
    case WorkerStatus::kFailed:
      return "failed";
  }
  return "failed";
}

double monotonic_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

namespace {

constexpr std::string_view kCheckpointMagic = "FASDLCK1";
constexpr std::size_t kCheckpointHeader = 8 + 8 + 8;

// The loss left the numbers: NaN or infinite (a learning rate too large).
struct Diverged {
  std::string message;
};

struct WaitTimeout {
  std::string message;
};

// A wait ran into the invocation's deadline.
struct DeadlineReached {};

std::span<float> part(std::vector<float>& v, Span s) {
  return std::span<float>(v).subspan(static_cast<std::size_t>(s.begin),
                                     static_cast<std::size_t>(s.size()));
}

class Worker {
 public:
  Worker(Store& store, const RunSpec& spec, const WorkerContext& context)
      : store_(store),
        spec_(spec),
        context_(context),
        keys_(spec.run_id),
        partition_(spec.plan.partition()),
        w_(context.worker),
        role_(role_of(context.worker, spec.plan.config.aggregators)),
        data_(spec.training.data),
        network_(spec.training.network, spec.training.seed),
        parameters_(network_.parameter_count()),
        flat_(static_cast<std::size_t>(parameters_)),
        base_(static_cast<std::size_t>(parameters_)),
        next_(static_cast<std::size_t>(parameters_)) {}

  WorkerOutcome run() {
    // Stop early enough to write a checkpoint before the launcher's hard
    // limit, as the released implementation does before Lambda's.
    const double started = context_.started > 0 ? context_.started : context_.now();
    deadline_ = started + kDeadlineShare * spec_.max_duration_seconds;
    long long t = 0;
    if (auto value = store_.get(keys_.checkpoint(w_))) {
      if (auto error = decode_checkpoint(*value, t, base_)) {
        return {WorkerStatus::kFailed, fmt::format("worker {}: {}", w_, error->message), 0};
      }
      network_.load(base_);
    } else {
      network_.flatten(base_);
    }
    const long long first = t;
    bool replaying = context_.invocation > 0;
    double longest = 0;
    double checkpoint_seconds = 0;  // the checkpoint written before iteration t
    for (; t < spec_.iterations; ++t) {
      if (t > first && context_.now() + longest > stop_time()) {
        return relaunch(t, "the next iteration");
      }
      IterationRecord r;
      try {
        r = iteration(t, replaying);
      } catch (const DeadlineReached&) {
        return relaunch(t, fmt::format("iteration {}, abandoned while waiting,", t));
      }
      r.checkpoint = checkpoint_seconds;
      longest = std::max(longest, r.seconds.iteration);
      // The record goes first: a worker killed between the two redoes the
      // iteration and logs it again, rather than never logging it.
      store_.push(keys_.log(), to_json_line(r));
      if (context_.on_record) context_.on_record(r);
      const long long next = t + 1;
      checkpoint_seconds = 0;
      if (next < spec_.iterations && next % spec_.checkpoint_every == 0) {
        checkpoint_seconds = checkpoint(next);
      }
    }
    store_.put(keys_.final_digest(w_), digest(base_));
    return {WorkerStatus::kFinished, "", spec_.iterations};
  }

 private:
  // The share of --max-duration after which a worker checkpoints and stops.
  static constexpr double kDeadlineShare = 0.9;

  // When to stop: the deadline less twice the time of the last checkpoint.
  double stop_time() const { return deadline_ - 2 * last_checkpoint_; }

  double checkpoint(long long next) {
    const double start = context_.now();
    store_.put(keys_.checkpoint(w_), encode_checkpoint(next, base_));
    last_checkpoint_ = context_.now() - start;
    return last_checkpoint_;
  }

  // Iteration t starts from base_, which the iteration leaves untouched until
  // its end: a checkpoint of (t, base_) redoes it whole.
  WorkerOutcome relaunch(long long t, std::string_view what) {
    checkpoint(t);
    return {WorkerStatus::kRelaunch,
            fmt::format("worker {}: {} might not end within --max-duration {:.1f} s", w_, what,
                        spec_.max_duration_seconds),
            t};
  }

  // Downloads `key` into `out` as soon as it exists: the polls count as
  // sync, the successful download as transfer.
  void wait_get(const std::string& key, std::span<float> out, double& sync, double& transfer) {
    const double start = context_.now();
    double pause = spec_.poll_min_seconds;
    while (true) {
      const double before = context_.now();
      if (get_floats(store_, key, out)) {
        transfer += context_.now() - before;
        sync += before - start;
        return;
      }
      const double waited = context_.now() - start;
      if (context_.now() > stop_time()) throw DeadlineReached{};
      if (waited > spec_.wait_timeout_seconds) {
        throw WaitTimeout{
            fmt::format("worker {}: waited {:.1f} s for {} (--wait-timeout)", w_, waited, key)};
      }
      std::this_thread::sleep_for(std::chrono::duration<double>(pause));
      pause = std::min(spec_.poll_max_seconds, pause * 2);
    }
  }

  IterationRecord iteration(long long t, bool& replaying) {
    const int K = spec_.plan.config.aggregators;
    const int W = spec_.plan.config.workers;
    IterationRecord r;
    r.worker = w_;
    r.invocation = context_.invocation;
    r.pid = context_.pid;
    r.iteration = t;
    r.role = role_;
    r.batch = partition_.batch_of(w_);
    Breakdown& s = r.seconds;
    const double start = context_.now();
    r.started = start - spec_.clock_origin;

    // 1. Train one mini-batch, flatten, upload the chunks others own.
    const Span positions = partition_.positions(w_, t);
    r.loss = network_.train_step(data_.batch(positions.begin, positions.size()),
                                 spec_.training.learning_rate);
    if (!std::isfinite(r.loss)) {
      throw Diverged{fmt::format(
          "worker {}: the training diverged: the loss became {} at iteration {}; lower "
          "--learning-rate ({})",
          w_, std::isnan(r.loss) ? "NaN" : "infinite", t, spec_.training.learning_rate)};
    }
    double mark = context_.now();
    s.train = mark - start;
    network_.flatten(flat_);
    s.flatten = context_.now() - mark;
    mark = context_.now();
    bool redone = false;  // some of this iteration's merges existed already
    for (int k = 0; k < K; ++k) {
      if (role_ == Role::kAggregator && k == w_) continue;
      if (replaying && store_.exists(keys_.merged(t, k))) {
        redone = true;
        continue;
      }
      put_floats(store_, keys_.chunk(t, k, w_), part(flat_, chunk_of(parameters_, K, k)));
      ++r.puts;
    }
    s.upload = context_.now() - mark;

    // 2. Aggregate: the mean of chunk w over all workers, in worker order.
    if (role_ == Role::kAggregator) {
      const Span own = chunk_of(parameters_, K, w_);
      mark = context_.now();
      if (replaying && get_floats(store_, keys_.merged(t, w_), part(next_, own))) {
        redone = true;
        ++r.gets;
        s.aggregate = context_.now() - mark;
      } else {
        ChunkMean mean(static_cast<std::size_t>(own.size()));
        received_.resize(static_cast<std::size_t>(own.size()));
        std::vector<std::string> consumed;
        for (int v = 0; v < W; ++v) {
          if (v == w_) {
            mean.add(part(flat_, own));
            continue;
          }
          consumed.push_back(keys_.chunk(t, w_, v));
          wait_get(consumed.back(), received_, s.sync, s.aggregate);
          ++r.gets;
          const double before = context_.now();
          mean.add(received_);
          s.aggregate += context_.now() - before;
        }
        const double before = context_.now();
        mean.result(part(next_, own));
        put_floats(store_, keys_.merged(t, w_), part(next_, own));
        ++r.puts;
        // Nobody reads these chunks again, nor merges older than a
        // checkpoint interval (a re-invoked worker may redo that many).
        if (t >= spec_.retained_merges())
          consumed.push_back(keys_.merged(t - spec_.retained_merges(), w_));
        store_.remove(consumed);
        s.aggregate += context_.now() - before;
      }
    }

    // 3. Download the merged chunks this worker does not own, of the merge the
    // next iteration starts from: t for an aggregator, t - 1 for the others.
    const long long merge = base_merge(role_, t + 1);
    if (merge >= 0) {
      for (int k = 0; k < K; ++k) {
        if (role_ == Role::kAggregator && k == w_) continue;
        wait_get(keys_.merged(merge, k), part(next_, chunk_of(parameters_, K, k)), s.sync,
                 s.download);
        ++r.gets;
      }
      base_.swap(next_);  // every value of next_ was written above
    }
    mark = context_.now();
    network_.load(base_);
    s.flatten += context_.now() - mark;
    s.iteration = context_.now() - start;
    r.replay = redone;
    replaying = replaying && redone;
    return r;
  }

  Store& store_;
  const RunSpec& spec_;
  const WorkerContext& context_;
  KeySpace keys_;
  Partition partition_;
  int w_;
  Role role_;
  Dataset data_;
  Network network_;
  long long parameters_;
  std::vector<float> flat_;      // this iteration's trained parameters
  std::vector<float> base_;      // the merge this iteration starts from
  std::vector<float> next_;      // the merge the next one starts from, being filled
  std::vector<float> received_;  // one chunk being merged
  double last_checkpoint_ = 0;   // seconds the last checkpoint took
  double deadline_ = 0;          // CLOCK_MONOTONIC seconds
};

}  // namespace

WorkerOutcome run_worker(Store& store, const RunSpec& spec, const WorkerContext& context) {
  try {
    Worker worker(store, spec, context);
    return worker.run();
  } catch (const StoreError& e) {
    return {WorkerStatus::kStoreLost, fmt::format("worker {}: {}", context.worker, e.what()), 0};
  } catch (const WaitTimeout& e) {
    return {WorkerStatus::kWaitTimeout, e.message, 0};
  } catch (const Diverged& e) {
    return {WorkerStatus::kFailed, e.message, 0};
  } catch (const std::bad_alloc&) {
    return {
        WorkerStatus::kFailed,
        fmt::format("worker {}: out of memory (the function's {} MB are too few for this network)",
                    context.worker, spec.plan.config.memory_mb),
        0};
  }
}

std::string encode_checkpoint(long long next_iteration, std::span<const float> base) {
  std::string out(kCheckpointHeader + base.size_bytes(), '\0');
  const auto count = static_cast<long long>(base.size());
  std::memcpy(out.data(), kCheckpointMagic.data(), 8);
  std::memcpy(out.data() + 8, &next_iteration, 8);
  std::memcpy(out.data() + 16, &count, 8);
  std::memcpy(out.data() + kCheckpointHeader, base.data(), base.size_bytes());
  return out;
}

std::optional<Error> decode_checkpoint(std::string_view value, long long& next_iteration,
                                       std::span<float> base) {
  if (value.size() < kCheckpointHeader || value.substr(0, 8) != kCheckpointMagic) {
    return Error{"checkpoint: expected a value starting with FASDLCK1"};
  }
  long long count = 0;
  std::memcpy(&next_iteration, value.data() + 8, 8);
  std::memcpy(&count, value.data() + 16, 8);
  if (count != static_cast<long long>(base.size()) ||
      value.size() != kCheckpointHeader + base.size_bytes()) {
    return Error{fmt::format("checkpoint: expected {} parameters, got {}", base.size(), count)};
  }
  if (next_iteration < 0) return Error{fmt::format("checkpoint: bad iteration {}", next_iteration)};
  std::memcpy(base.data(), value.data() + kCheckpointHeader, base.size_bytes());
  return std::nullopt;
}

}  // namespace fasdl
