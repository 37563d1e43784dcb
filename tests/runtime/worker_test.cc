// K-REDUCE in threads over the in-memory store: the protocol without Redis
// or processes.
#include "fasdl/runtime/worker.h"

#include <catch2/catch.hpp>
#include <mutex>
#include <thread>
#include <vector>

#include "support/memory_store.h"

using namespace fasdl;
using fasdl::testing::make_memory_store;

namespace {

RunSpec small_spec(int workers, int aggregators, long long epochs = 2) {
  RunSpec s;
  s.run_id = "test";
  s.plan = {{workers, 512, aggregators}, 16, 40};
  s.training.network = {16, 24, 2, 5};
  s.training.data = {3, 1024, 16, 5, 3.0};
  s.training.learning_rate = 0.05;
  s.training.epochs = epochs;
  s.iterations = iteration_count(1024, epochs, s.plan.partition().global_batch());
  s.checkpoint_every = 3;
  s.max_duration_seconds = 1e6;
  s.wait_timeout_seconds = 30;
  s.clock_origin = monotonic_seconds();
  return s;
}

struct Result {
  std::vector<IterationRecord> records;
  std::vector<WorkerOutcome> last;  // each worker's last outcome
  int invocations = 0;
};

// A clock of 10 ms per reading, one per thread: max_duration then bounds
// the readings, not the real time, and the test does not depend on speed.
double ticking_clock() {
  thread_local double seconds = 0;
  return seconds += 0.01;
}

// The worker of the calling thread of run_all (-1 outside it).
thread_local int tl_worker = -1;

// Runs every worker in a thread, re-invoking a worker that asks for it.
Result run_all(Store& store, const RunSpec& spec, double (*clock)() = monotonic_seconds) {
  const KeySpace keys(spec.run_id);
  store.put(keys.spec(), run_spec_to_json(spec));
  Result result;
  result.last.resize(static_cast<std::size_t>(spec.plan.config.workers));
  std::mutex mutex;
  std::vector<std::thread> threads;
  for (int w = 0; w < spec.plan.config.workers; ++w) {
    threads.emplace_back([&, w] {
      tl_worker = w;
      for (int invocation = 0; invocation < 100; ++invocation) {
        WorkerContext c;
        c.worker = w;
        c.invocation = invocation;
        c.now = clock;
        c.on_record = [&](const IterationRecord& r) {
          std::lock_guard lock(mutex);
          result.records.push_back(r);
        };
        const WorkerOutcome o = run_worker(store, spec, c);
        std::lock_guard lock(mutex);
        ++result.invocations;
        result.last[static_cast<std::size_t>(w)] = o;
        if (o.status != WorkerStatus::kRelaunch) return;
      }
    });
  }
  for (auto& t : threads)
    t.join();
  return result;
}

std::vector<float> merge_of(Store& store, const RunSpec& spec, long long m) {
  const KeySpace keys(spec.run_id);
  Network n(spec.training.network, spec.training.seed);
  std::vector<float> v(static_cast<std::size_t>(n.parameter_count()));
  if (m < 0) {
    n.flatten(v);
    return v;
  }
  const int K = spec.plan.config.aggregators;
  for (int k = 0; k < K; ++k) {
    const Span c = chunk_of(static_cast<long long>(v.size()), K, k);
    REQUIRE(get_floats(store, keys.merged(m, k),
                       std::span<float>(v).subspan(static_cast<std::size_t>(c.begin),
                                                   static_cast<std::size_t>(c.size()))));
  }
  return v;
}

std::string final_digest(Store& store, const RunSpec& spec, int w) {
  return store.get(KeySpace(spec.run_id).final_digest(w)).value_or("none");
}

}  // namespace

TEST_CASE("K-REDUCE: with K = W every worker ends with bit-identical parameters, the last merge") {
  auto store = make_memory_store();
  const RunSpec spec = small_spec(4, 4);
  const Result r = run_all(*store, spec);
  for (const WorkerOutcome& o : r.last)
    REQUIRE(o.status == WorkerStatus::kFinished);
  const std::string last = digest(merge_of(*store, spec, spec.iterations - 1));
  for (int w = 0; w < 4; ++w)
    CHECK(final_digest(*store, spec, w) == last);
  CHECK(r.records.size() == static_cast<std::size_t>(4 * spec.iterations));
}

TEST_CASE("K-REDUCE: with K < W aggregators hold merge I-1 and the others merge I-2, bit for bit") {
  for (const int K : {1, 2}) {
    auto store = make_memory_store();
    const RunSpec spec = small_spec(5, K);
    const Result r = run_all(*store, spec);
    for (const WorkerOutcome& o : r.last)
      REQUIRE(o.status == WorkerStatus::kFinished);
    const std::string last = digest(merge_of(*store, spec, spec.iterations - 1));
    const std::string previous = digest(merge_of(*store, spec, spec.iterations - 2));
    CHECK(last != previous);
    for (int w = 0; w < 5; ++w)
      CHECK(final_digest(*store, spec, w) == (w < K ? last : previous));
  }
}

TEST_CASE("K-REDUCE: the training loss falls from epoch to epoch") {
  auto store = make_memory_store();
  const RunSpec spec = small_spec(4, 2, 3);
  const Result r = run_all(*store, spec);
  const Measurements m = measure(r.records, spec);
  REQUIRE(m.loss_by_epoch.size() == 3);
  CHECK(m.loss_by_epoch[1] < m.loss_by_epoch[0]);
  CHECK(m.loss_by_epoch[2] < m.loss_by_epoch[1]);
}

namespace {

// An in-memory store that a test store wraps, overriding what it watches.
class ForwardingStore : public Store {
 public:
  ForwardingStore() : inner_(make_memory_store()) {}
  void put(std::string_view k, std::string_view v) override { inner_->put(k, v); }
  bool get_into(std::string_view k, std::span<std::byte> out) override {
    return inner_->get_into(k, out);
  }
  std::optional<std::string> get(std::string_view k) override { return inner_->get(k); }
  bool exists(std::string_view k) override { return inner_->exists(k); }
  void remove(std::span<const std::string> k) override { inner_->remove(k); }
  void push(std::string_view l, std::string_view v) override { inner_->push(l, v); }
  std::vector<std::string> pop(std::string_view l, int max) override { return inner_->pop(l, max); }
  long long remove_matching(std::string_view p) override { return inner_->remove_matching(p); }

 protected:
  std::unique_ptr<Store> inner_;
};

// The shared store, with every worker's chunk and merge requests counted
// apart; a get that finds nothing is a poll, not a request the model prices.
class CountingStore final : public ForwardingStore {
 public:
  explicit CountingStore(int workers) : counts_(static_cast<std::size_t>(workers)) {}
  void put(std::string_view k, std::string_view v) override {
    count(k, &RoleRequests::chunk_puts, &RoleRequests::merged_puts);
    inner_->put(k, v);
  }
  bool get_into(std::string_view k, std::span<std::byte> out) override {
    const bool found = inner_->get_into(k, out);
    if (found) count(k, &RoleRequests::chunk_gets, &RoleRequests::merged_gets);
    return found;
  }
  std::string name() const override { return "counting"; }

  RoleRequests of(int worker) const { return counts_[static_cast<std::size_t>(worker)]; }

 private:
  void count(std::string_view key, long long RoleRequests::*chunk,
             long long RoleRequests::*merged) {
    if (tl_worker < 0) return;  // the test's own requests
    std::lock_guard lock(mutex_);
    RoleRequests& c = counts_[static_cast<std::size_t>(tl_worker)];
    if (key.find(":chunk:") != std::string_view::npos) ++(c.*chunk);
    if (key.find(":merged:") != std::string_view::npos) ++(c.*merged);
  }

  std::mutex mutex_;
  std::vector<RoleRequests> counts_;
};

}  // namespace

TEST_CASE(
    "K-REDUCE: each role makes the requests the model prices, and all make K W puts and "
    "2 K (W - 1) gets an iteration") {
  for (const auto& [W, K] : {std::pair{1, 1}, {4, 1}, {4, 2}, {5, 5}, {6, 3}}) {
    CAPTURE(W, K);
    CountingStore store(W);
    const RunSpec spec = small_spec(W, K);
    run_all(store, spec);
    const long long I = spec.iterations;
    REQUIRE(I > 2);
    StoreRequests total;
    for (int w = 0; w < W; ++w) {
      CAPTURE(w);
      const RoleRequests got = store.of(w);
      RoleRequests want = w < K ? aggregator_requests(W, K) : other_requests(K);
      want = {I * want.chunk_puts, I * want.merged_puts, I * want.chunk_gets, I * want.merged_gets};
      if (w >= K) want.merged_gets -= K;  // iteration 0 starts from the initial parameters
      CHECK(got.chunk_puts == want.chunk_puts);
      CHECK(got.merged_puts == want.merged_puts);
      CHECK(got.chunk_gets == want.chunk_gets);
      CHECK(got.merged_gets == want.merged_gets);
      total.puts += got.puts();
      total.gets += got.gets();
    }
    StoreRequests priced;
    for (long long t = 0; t < I; ++t) {
      priced.puts += requests_of(spec.plan.config, t).puts;
      priced.gets += requests_of(spec.plan.config, t).gets;
    }
    CHECK(total.puts == priced.puts);
    CHECK(total.gets == priced.gets);
    CHECK(total.puts == I * iteration_requests(W, K).puts);
  }
}

TEST_CASE(
    "K-REDUCE: workers stopped at the duration limit resume from checkpoints to the same bits") {
  auto reference_store = make_memory_store();
  const RunSpec reference = small_spec(4, 2);
  run_all(*reference_store, reference);
  const std::string expected =
      digest(merge_of(*reference_store, reference, reference.iterations - 1));

  auto store = make_memory_store();
  RunSpec limited = small_spec(4, 2);
  limited.max_duration_seconds = 0.5;  // 50 readings: a few iterations per invocation
  limited.wait_timeout_seconds = 1e6;
  const Result r = run_all(*store, limited, ticking_clock);
  for (const WorkerOutcome& o : r.last)
    REQUIRE(o.status == WorkerStatus::kFinished);
  CHECK(r.invocations > 4);
  CHECK(digest(merge_of(*store, limited, limited.iterations - 1)) == expected);
}

TEST_CASE("K-REDUCE: a worker redoing iterations from its checkpoint changes nothing") {
  auto reference_store = make_memory_store();
  const RunSpec spec = small_spec(4, 2);
  run_all(*reference_store, spec);
  const std::string expected = digest(merge_of(*reference_store, spec, spec.iterations - 1));

  // The same run, then worker 1 (an aggregator) and 3 run again from their
  // checkpoints, as after a kill: everything they redo already exists.
  auto store = make_memory_store();
  run_all(*store, spec);
  for (const int w : {1, 3}) {
    WorkerContext c;
    c.worker = w;
    c.invocation = 1;
    c.now = monotonic_seconds;
    CHECK(run_worker(*store, spec, c).status == WorkerStatus::kFinished);
  }
  CHECK(digest(merge_of(*store, spec, spec.iterations - 1)) == expected);
}

TEST_CASE("K-REDUCE: a wait for a worker that never comes ends after the timeout, naming the key") {
  auto store = make_memory_store();
  RunSpec spec = small_spec(2, 1);
  spec.wait_timeout_seconds = 0.2;
  store->put(KeySpace(spec.run_id).spec(), run_spec_to_json(spec));
  WorkerContext c;
  c.worker = 0;
  c.now = monotonic_seconds;
  const WorkerOutcome o = run_worker(*store, spec, c);  // worker 1 never runs
  CHECK(o.status == WorkerStatus::kWaitTimeout);
  CHECK(o.message.find("worker 0: waited 0.2 s for fasdl:test:chunk:0:0:1") == 0);
}

namespace {

// A store that breaks after `allowed` puts, as a server that goes away.
class BreakingStore final : public ForwardingStore {
 public:
  explicit BreakingStore(int allowed) : allowed_(allowed) {}
  void put(std::string_view k, std::string_view v) override {
    if (allowed_-- <= 0)
      throw StoreError("memory: lost the connection (test); gave up after 3 attempts over 0.1 s");
    inner_->put(k, v);
  }
  std::string name() const override { return "breaking"; }

 private:
  int allowed_;
};

}  // namespace

TEST_CASE("K-REDUCE: a lost store ends the worker with the store's message") {
  BreakingStore store(0);
  const RunSpec spec = small_spec(1, 1);
  WorkerContext c;
  c.now = monotonic_seconds;
  const WorkerOutcome o = run_worker(store, spec, c);
  CHECK(o.status == WorkerStatus::kStoreLost);
  CHECK(o.message ==
        "worker 0: memory: lost the connection (test); gave up after 3 attempts over 0.1 s");
}

TEST_CASE("checkpoint: the value round-trips, and a wrong magic or size is refused") {
  const std::vector<float> base{1, 2, 3, 4};
  const std::string value = encode_checkpoint(17, base);
  std::vector<float> back(4);
  long long next = 0;
  CHECK_FALSE(decode_checkpoint(value, next, back).has_value());
  CHECK(next == 17);
  CHECK(back == base);
  std::vector<float> wrong(5);
  CHECK(decode_checkpoint(value, next, wrong).has_value());
  CHECK(decode_checkpoint("XXXXXXXX" + value.substr(8), next, back).has_value());
  CHECK(decode_checkpoint("short", next, back).has_value());
}
