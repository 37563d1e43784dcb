#include "fasdl/accuracy/probe.h"

#include <fmt/format.h>
#include <time.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <thread>

#include "base/text.h"
#include "fasdl/base/enum_names.h"
#include "fasdl/runtime/runner.h"
#include "fasdl/runtime/worker.h"
#include "formats/json_fields.h"
#include "runtime/network_json.h"

namespace fasdl {

namespace {

using Json = nlohmann::ordered_json;
using json_fields::FieldError;
using json_fields::Fields;
using json_fields::Range;

constexpr int kExitFailed = 3;

// Runs `op` back to back until the burst is long enough; the mean seconds.
template <typename Op>
std::pair<double, int> burst(const ProbeTask& task, Op op) {
  const double start = monotonic_seconds();
  int count = 0;
  double now = start;
  do {
    op();
    ++count;
    now = monotonic_seconds();
  } while (count < task.min_count || now - start < task.burst_seconds);
  return {(now - start) / count, count};
}

void push(Store& store, const ProbeKeys& keys, const ProbeRow& row) {
  store.push(keys.results(), to_json_line(row));
}

// A worker uploads its chunks and then downloads merged ones: the probe
// alternates a put and a get of each size in the same way, timing each.
void probe_transfers(Store& store, const ProbeKeys& keys, const ProbeTask& task, int probe) {
  const std::string key = keys.object(probe);
  struct Object {
    std::string value;
    std::vector<std::byte> received;
  };
  std::vector<Object> objects;
  for (const double size : task.sizes_mb) {
    const auto bytes = static_cast<std::size_t>(std::llround(size * kBytesPerMb / 4)) * 4;
    Object o{std::string(bytes, '\0'), std::vector<std::byte>(bytes)};
    for (std::size_t i = 0; i < bytes; i += 4096)
      o.value[i] = static_cast<char>(i / 4096);
    objects.push_back(std::move(o));
  }
  // Repeats go round all sizes, so that a slow spell of the machine spreads
  // over the points instead of spoiling one.
  for (int r = 0; r < task.repeats; ++r) {
    for (Object& o : objects) {
      store.put(key, o.value);  // warm-up: the key exists at this size
      if (!store.get_into(key, o.received)) throw StoreError(fmt::format("{} vanished", key));
      double up = 0;
      double down = 0;
      int count = 0;
      const double start = monotonic_seconds();
      do {
        const double t0 = monotonic_seconds();
        store.put(key, o.value);
        const double t1 = monotonic_seconds();
        if (!store.get_into(key, o.received)) throw StoreError(fmt::format("{} vanished", key));
        up += t1 - t0;
        down += monotonic_seconds() - t1;
        ++count;
      } while (count < task.min_count || monotonic_seconds() - start < task.burst_seconds);
      const double size = static_cast<double>(o.value.size()) / kBytesPerMb;
      push(store, keys,
           {ProbeKind::kTransfers, probe, task.memory_mb, Direction::kUpload, size, 0, up / count,
            0, count});
      push(store, keys,
           {ProbeKind::kTransfers, probe, task.memory_mb, Direction::kDownload, size, 0,
            down / count, 0, count});
    }
  }
  const std::string keys_to_remove[] = {key};
  store.remove(keys_to_remove);
}

void probe_compute(Store& store, const ProbeKeys& keys, const ProbeTask& task, int probe) {
  const Dataset data(task.data);
  Network network(task.network, 1);
  std::vector<float> flat(static_cast<std::size_t>(network.parameter_count()));
  long long position = 0;
  // As a worker does: one SGD step, then the parameters out and back; each
  // timed in bursts of its own, so that the quota's pauses fall in each in
  // proportion to its work.
  const auto flatten = [&] {
    network.flatten(flat);
    network.load(flat);
  };
  for (int r = 0; r < task.repeats; ++r) {
    for (const long long batch : task.batches) {
      const auto train = [&] {
        network.train_step(data.batch(position, batch), task.learning_rate);
        position += batch;
      };
      train();  // warm-up: the batch's buffers
      const auto [train_seconds, count] = burst(task, train);
      const auto [flatten_seconds, flattens] = burst(task, flatten);
      (void)flattens;
      push(store, keys,
           {ProbeKind::kCompute, probe, task.memory_mb, Direction::kUpload, 0, batch, train_seconds,
            flatten_seconds, count});
    }
  }
}

}  // namespace

std::string_view to_string(ProbeKind k) {
  return k == ProbeKind::kTransfers ? "transfers" : "compute";
}

Expected<ProbeKind> probe_kind_from_string(std::string_view s) {
  return enum_from_string(s, {ProbeKind::kTransfers, ProbeKind::kCompute}, "");
}

std::string probe_task_to_json(const ProbeTask& t) {
  Json j;
  j["memory_mb"] = t.memory_mb;
  j["sizes_mb"] = t.sizes_mb;
  j["batches"] = t.batches;
  j["network"] = network_json::shape_json(t.network);
  j["data"] = network_json::data_json(t.data);
  j["learning_rate"] = t.learning_rate;
  j["repeats"] = t.repeats;
  j["burst_seconds"] = t.burst_seconds;
  j["min_count"] = t.min_count;
  j["start_at"] = t.start_at;
  return j.dump();
}

Expected<ProbeTask> parse_probe_task(std::string_view json, std::string_view origin) {
  try {
    const nlohmann::json doc = json_fields::parse_document(json, origin);
    Fields f(doc, std::string(origin), "");
    ProbeTask t;
    t.memory_mb = static_cast<int>(f.integer("memory_mb", 1, 1'000'000));
    for (const auto& v : f.array("sizes_mb")) {
      t.sizes_mb.push_back(json_fields::checked_number(v, Range::kPositive, origin, "sizes_mb"));
    }
    for (const auto& v : f.array("batches")) {
      if (!v.is_number_integer() || v.get<long long>() < 1) f.fail("batches", "positive integers");
      t.batches.push_back(v.get<long long>());
    }
    t.network = network_json::read_shape(f.object("network"));
    Fields data = f.object("data");
    const auto seed = static_cast<std::uint64_t>(data.integer("seed", 0, 1LL << 62));
    t.data = network_json::read_data(data, t.network);
    t.data.seed = seed;
    data.finish();
    t.learning_rate = f.number("learning_rate", Range::kPositive);
    t.repeats = static_cast<int>(f.integer("repeats", 1, 1000));
    t.burst_seconds = f.number("burst_seconds", Range::kNonNegative);
    t.min_count = static_cast<int>(f.integer("min_count", 1, 1'000'000));
    t.start_at = f.number("start_at", Range::kNonNegative);
    f.finish();
    return t;
  } catch (const FieldError& e) {
    return Error{e.what()};
  }
}

std::string to_json_line(const ProbeRow& r) {
  Json j;
  j["kind"] = to_string(r.kind);
  j["probe"] = r.probe;
  j["memory_mb"] = r.memory_mb;
  if (r.kind == ProbeKind::kTransfers) {
    j["direction"] = to_string(r.direction);
    j["size_mb"] = r.size_mb;
  } else {
    j["batch"] = r.batch;
    j["flatten_seconds"] = r.flatten_seconds;
  }
  j["seconds"] = r.seconds;
  j["count"] = r.count;
  return j.dump();
}

Expected<ProbeRow> parse_probe_row(std::string_view json, std::string_view origin) {
  try {
    const nlohmann::json doc = json_fields::parse_document(json, origin);
    Fields f(doc, std::string(origin), "");
    ProbeRow r;
    auto kind = probe_kind_from_string(f.string("kind"));
    if (!kind) f.fail("kind", "transfers or compute");
    r.kind = *kind;
    r.probe = static_cast<int>(f.integer("probe", 0, 1'000'000));
    r.memory_mb = static_cast<int>(f.integer("memory_mb", 1, 1'000'000));
    if (r.kind == ProbeKind::kTransfers) {
      auto d = direction_from_string(f.string("direction"));
      if (!d) f.fail("direction", "upload or download");
      r.direction = *d;
      r.size_mb = f.number("size_mb", Range::kPositive);
    } else {
      r.batch = f.integer("batch", 1, 1'000'000'000);
      r.flatten_seconds = f.number("flatten_seconds", Range::kPositive);
    }
    r.seconds = f.number("seconds", Range::kPositive);
    r.count = static_cast<int>(f.integer("count", 1, 1'000'000'000));
    f.finish();
    return r;
  } catch (const FieldError& e) {
    return Error{e.what()};
  }
}

void run_probe(Store& store, const ProbeKeys& keys, const ProbeTask& task, int probe) {
  // Concurrent probes start together, so that they overlap as workers do.
  if (const double wait = task.start_at - monotonic_seconds(); wait > 0 && wait < 60) {
    std::this_thread::sleep_for(std::chrono::duration<double>(wait));
  }
  if (!task.sizes_mb.empty()) probe_transfers(store, keys, task, probe);
  if (!task.batches.empty()) probe_compute(store, keys, task, probe);
}

ProcessExit run_probe_invocation(const StoreAddress& address, const std::string& password,
                                 const std::string& session, int probe) {
  const auto message = [&](const std::string& text) {
    return fmt::format("probe {}: {}", probe, text);
  };
  auto connected = connect_redis(address, password);
  if (!connected) return ProcessExit{kExitFailed, message(connected.error().message)};
  Store& store = **connected;
  const ProbeKeys keys{session};
  // measure prints one line: it reads why a probe gave up from the store.
  const auto fail = [&](const std::string& text) {
    ProcessExit exit{kExitFailed, message(text)};
    try {
      store.put(keys.failure(probe), exit.message);
    } catch (const StoreError&) {
    }
    return exit;
  };
  try {
    const auto text = store.get(keys.task());
    if (!text) return fail(fmt::format("no task under {} in {}", keys.task(), store.name()));
    auto task = parse_probe_task(*text, keys.task());
    if (!task) return fail(task.error().message);
    run_probe(store, keys, *task, probe);
  } catch (const StoreError& e) {
    return ProcessExit{kExitFailed, message(e.what())};
  } catch (const std::bad_alloc&) {
    return fail("out of memory");
  }
  return {};
}

}  // namespace fasdl
