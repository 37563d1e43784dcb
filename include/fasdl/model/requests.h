// The store requests of one K-REDUCE iteration, per role, written once: the
// model prices them (C_storage) and the runtime makes them (fasdl-run's
// worker; tests/runtime/requests_test.cc counts them in real runs).
//
// Per iteration (docs/model.md, "Requests per role"):
//
//   role          chunk PUTs   merged PUTs   chunk GETs   merged GETs
//   aggregator    K - 1        1             W - 1        K - 1
//   other         K            0             0            K
//
// An aggregator keeps its own chunk of its partition (the FasDL paper's
// Fig. 4 and the authors' released worker do the same), so it uploads
// K - 1 chunks. Summed over K aggregators and W - K others:
//
//   PUT = K W,   GET = 2 K (W - 1)
//
// the spec's C_storage = I (p_put K W + p_get 2 K (W - 1)). The time formula
// keeps T_up = K up on the critical path although an aggregator itself makes
// K - 1 uploads: aggregator k cannot average before every other worker has
// uploaded chunk k, and workers upload chunks in the order 0 .. K - 1, so
// the last aggregator waits for K uploads of the others.
#pragma once

namespace fasdl {

struct RoleRequests {
  long long chunk_puts = 0;
  long long merged_puts = 0;
  long long chunk_gets = 0;
  long long merged_gets = 0;

  long long puts() const { return chunk_puts + merged_puts; }
  long long gets() const { return chunk_gets + merged_gets; }
};

// One iteration of one aggregator, of a K-REDUCE over `workers` W.
inline RoleRequests aggregator_requests(long long workers, long long aggregators) {
  return {aggregators - 1, 1, workers - 1, aggregators - 1};
}

// One iteration of one non-aggregator (K < W).
inline RoleRequests other_requests(long long aggregators) {
  return {aggregators, 0, 0, aggregators};
}

// One iteration of all W workers: PUT = K W, GET = 2 K (W - 1).
struct StoreRequests {
  long long puts = 0;
  long long gets = 0;
};
inline StoreRequests iteration_requests(long long workers, long long aggregators) {
  const RoleRequests a = aggregator_requests(workers, aggregators);
  const RoleRequests o = other_requests(aggregators);
  const long long others = workers - aggregators;
  return {aggregators * a.puts() + others * o.puts(), aggregators * a.gets() + others * o.gets()};
}

}  // namespace fasdl
