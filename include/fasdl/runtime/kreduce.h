// K-REDUCE as fasdl-run executes it: roles, chunks, the unequal data
// partition, merging and the store's key names, as pure functions
// (docs/runtime.md).
//
// Iteration t, with W workers of which workers 0..K-1 are aggregators
// (aggregator k owns chunk k of the flattened parameter vector):
//   1. every worker trains one mini-batch (B samples if an aggregator, A
//      otherwise) from its base, flattens, and uploads the chunks it does not
//      own (aggregators K - 1, others K);
//   2. aggregator k takes the W - 1 chunks k of the other workers, averages
//      them with its own in worker order and uploads the merged chunk k;
//   3. every worker downloads the merged chunks it does not own. An
//      aggregator takes those of iteration t (waiting for them); any other
//      worker takes those of iteration t - 1, which are ready, and never
//      waits for iteration t.
// So the base of iteration t is merge t - 1 for an aggregator and merge t - 2
// for any other worker (merge -1 and -2 are the initial parameters): one
// iteration of staleness. Requests per iteration: K W puts and 2 K (W - 1)
// gets, as the model prices them (others skip the download of iteration 0,
// whose base is the initial parameters).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fasdl/base/expected.h"
#include "fasdl/model/model.h"
#include "fasdl/model/requests.h"

namespace fasdl {

enum class Role { kAggregator, kOther };
std::string_view to_string(Role r);  // "aggregator", "other"
Expected<Role> role_from_string(std::string_view s);

inline Role role_of(int worker, int aggregators) {
  return worker < aggregators ? Role::kAggregator : Role::kOther;
}

// A half-open range [begin, end) of positions.
struct Span {
  long long begin = 0;
  long long end = 0;
  long long size() const { return end - begin; }
  friend bool operator==(const Span&, const Span&) = default;
};

// Chunk k of a vector of n values cut into K near-equal chunks:
// [floor(k n / K), floor((k + 1) n / K)).
Span chunk_of(long long n, int aggregators, int k);

// The unequal partition of every step: aggregators take B samples, other
// workers A, laid out in worker order in a global batch of G = B K + A (W - K)
// samples. Iteration t takes positions t G .. (t + 1) G - 1 of the data set
// read round and round (position p is sample p mod D).
struct Partition {
  int workers = 1;                 // W
  int aggregators = 1;             // K
  long long batch_aggregator = 1;  // B
  long long batch_other = 1;       // A

  long long global_batch() const;  // G = B K + A (W - K)
  long long batch_of(int worker) const;
  // The positions worker w trains on in iteration t.
  Span positions(int worker, long long iteration) const;
};

// I = floor(D E / G): the iterations of E epochs over D samples (the model's
// count); 0 when one global batch is larger than D E.
long long iteration_count(long long samples, long long epochs, long long global_batch);
// The epoch iteration t belongs to: floor(t G / D).
long long epoch_of(long long iteration, long long global_batch, long long samples);

// Which merge a worker starts iteration t from: t - 1 for an aggregator,
// t - 2 for another worker; negative means the initial parameters. The
// worker downloads base_merge(role, t + 1) in iteration t.
long long base_merge(Role role, long long iteration);

// Merges one chunk: out[i] = (sum over w of chunk_w[i]) / W, summed in
// double in the order the chunks are added (worker order in fasdl-run), so
// every re-run produces the same bits. Holds one double per value, not W
// chunks.
class ChunkMean {
 public:
  explicit ChunkMean(std::size_t size) : sum_(size, 0.0) {}
  void add(std::span<const float> chunk);
  void result(std::span<float> out) const;
  int count() const { return count_; }

 private:
  std::vector<double> sum_;
  int count_ = 0;
};

// Requests of iteration t of all workers: iteration_requests of
// fasdl/model/requests.h for t >= 1; at t = 0 the others download no merge.
StoreRequests requests_of(const Config& c, long long iteration);

// Key names of one run in the store, all under "fasdl:<run id>:" so that
// runs never mix and one pattern removes a run.
class KeySpace {
 public:
  explicit KeySpace(std::string run_id);
  const std::string& run_id() const { return run_id_; }
  std::string spec() const;                                         // the run's event (JSON)
  std::string chunk(long long iteration, int k, int worker) const;  // worker's chunk k
  std::string merged(long long iteration, int k) const;             // merged chunk k
  std::string checkpoint(int worker) const;                         // a worker's checkpoint
  std::string log() const;                                          // list of JSON records
  std::string final_digest(int worker) const;                       // digest of final parameters
  std::string failure(int worker) const;                            // why a worker gave up
  std::string pattern() const;                                      // every key of the run

 private:
  std::string run_id_;
  std::string prefix_;
};

}  // namespace fasdl
