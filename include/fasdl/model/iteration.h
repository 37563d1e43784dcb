// The parts of one K-REDUCE iteration (docs/model.md), written once: the
// model evaluates them on numbers (Model::evaluate), the exact search on
// intervals of numbers (its block bounds), and the uncertainty
// differentiates them (fasdl/model/uncertainty.h).
//
// Units: sizes in MB, time in seconds.
//
// With up = up(M, f), down = down(M, f), f = S / K:
//   T_up    = K up + T_trans                         uploads and flattening
//   T_down  = n_merged down, n_merged = K - 1, or 1 when K = 1
//   T_sync  = c_sync W (f + f_0) (2 - K / W)
//   T_merge = mu W f / M'                            a runtime's averaging (overheads)
//   T_book  = g / M'                                 a runtime's bookkeeping (overheads)
//   T_agg   = up + (W - 1) down + T_sync + T_merge
//   T_comm  = T_up + T_down + T_agg + T_book
//   T_iter  = T_train + T_comm
// so an iteration's time moves with each upload by dT_iter/d up = K + 1 and
// with each download by dT_iter/d down = n_merged + W - 1.
#pragma once

#include "fasdl/model/platform.h"
#include "fasdl/model/profile.h"

namespace fasdl {

// Merged chunks a worker downloads: K - 1, or the single merge when K = 1.
inline double merged_downloads(double aggregators) {
  return aggregators > 1 ? aggregators - 1 : 1;
}

// T_sync, seconds; falls as K grows (for f = S / K).
inline double sync_seconds(const SyncCoefficients& s, double workers, double chunk_mb,
                           double aggregators) {
  return s.seconds_per_mb * workers * (chunk_mb + s.offset_mb) * (2 - aggregators / workers);
}

// T_merge, seconds (0 without overheads); `memory` is M'.
inline double merge_seconds(const Overheads* o, double workers, double chunk_mb, double memory) {
  return o ? o->aggregation_mb_seconds_per_mb * workers * chunk_mb / memory : 0;
}

// T_book, seconds (0 without overheads); `memory` is M'.
inline double bookkeeping_seconds(const Overheads* o, double memory) {
  return o ? o->iteration_mb_seconds / memory : 0;
}

template <class N>
struct IterationParts {
  N upload;         // T_up, flattening included
  N download;       // T_down
  N aggregate;      // T_agg
  N communication;  // T_comm
  N iteration;      // T_iter
};

// The sums above for any number type with + and * (doubles or intervals);
// `aggregators` and `merged` are K and n_merged of the same type.
template <class N>
IterationParts<N> iteration_parts(N aggregators, N merged, double workers, N up, N down, N train,
                                  N flatten, N sync, N merge, N bookkeeping) {
  const N upload = aggregators * up + flatten;
  const N download = merged * down;
  const N aggregate = up + (workers - 1) * down + sync + merge;
  const N communication = upload + download + aggregate + bookkeeping;
  return {upload, download, aggregate, communication, train + communication};
}

// dT_iter / d up and dT_iter / d down at (W, K): the transfers on one
// iteration's critical path.
struct TransferWeights {
  double up = 0;
  double down = 0;
};
inline TransferWeights transfer_weights(double workers, double aggregators) {
  return {aggregators + 1, merged_downloads(aggregators) + workers - 1};
}

}  // namespace fasdl
