#include "fasdl/runtime/kreduce.h"

#include <fmt/format.h>

#include "fasdl/base/enum_names.h"

namespace fasdl {

std::string_view to_string(Role r) {
  return r == Role::kAggregator ? "aggregator" : "other";
}

Expected<Role> role_from_string(std::string_view s) {
  return enum_from_string(s, {Role::kAggregator, Role::kOther}, "role");
}

Span chunk_of(long long n, int aggregators, int k) {
  // (k n) fits: n < 2^31 parameters and k <= W.
  return {k * n / aggregators, (k + 1) * n / aggregators};
}

long long Partition::global_batch() const {
  return batch_aggregator * aggregators + batch_other * (workers - aggregators);
}

long long Partition::batch_of(int worker) const {
  return role_of(worker, aggregators) == Role::kAggregator ? batch_aggregator : batch_other;
}

Span Partition::positions(int worker, long long iteration) const {
  long long offset = 0;
  if (worker < aggregators) {
    offset = worker * batch_aggregator;
  } else {
    offset = aggregators * batch_aggregator + (worker - aggregators) * batch_other;
  }
  const long long first = iteration * global_batch() + offset;
  return {first, first + batch_of(worker)};
}

long long iteration_count(long long samples, long long epochs, long long global_batch) {
  if (global_batch <= 0) return 0;
  return samples * epochs / global_batch;
}

long long epoch_of(long long iteration, long long global_batch, long long samples) {
  return iteration * global_batch / samples;
}

long long base_merge(Role role, long long iteration) {
  return role == Role::kAggregator ? iteration - 1 : iteration - 2;
}

void ChunkMean::add(std::span<const float> chunk) {
  for (std::size_t i = 0; i < sum_.size(); ++i)
    sum_[i] += chunk[i];
  ++count_;
}

void ChunkMean::result(std::span<float> out) const {
  const double n = count_;
  for (std::size_t i = 0; i < sum_.size(); ++i)
    out[i] = static_cast<float>(sum_[i] / n);
}

StoreRequests requests_of(const Config& c, long long iteration) {
  const long long W = c.workers;
  const long long K = c.aggregators;
  const StoreRequests steady = iteration_requests(W, K);
  if (iteration > 0) return {steady.puts, steady.gets};
  // At t = 0 the others' base is the initial parameters: they download no merge.
  return {steady.puts, steady.gets - (W - K) * other_requests(K).merged_gets};
}

KeySpace::KeySpace(std::string run_id)
    : run_id_(std::move(run_id)), prefix_(fmt::format("fasdl:{}:", run_id_)) {}

std::string KeySpace::spec() const {
  return prefix_ + "spec";
}
std::string KeySpace::chunk(long long iteration, int k, int worker) const {
  return fmt::format("{}chunk:{}:{}:{}", prefix_, iteration, k, worker);
}
std::string KeySpace::merged(long long iteration, int k) const {
  return fmt::format("{}merged:{}:{}", prefix_, iteration, k);
}
std::string KeySpace::checkpoint(int worker) const {
  return fmt::format("{}checkpoint:{}", prefix_, worker);
}
std::string KeySpace::log() const {
  return prefix_ + "log";
}
std::string KeySpace::final_digest(int worker) const {
  return fmt::format("{}final:{}", prefix_, worker);
}
std::string KeySpace::failure(int worker) const {
  return fmt::format("{}failure:{}", prefix_, worker);
}
std::string KeySpace::pattern() const {
  return prefix_ + "*";
}

}  // namespace fasdl
