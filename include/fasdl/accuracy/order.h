// Order: whether the model orders configurations as the runs do, forgiving
// pairs that either side cannot tell apart (docs/accuracy.md, "The CI check").
//
// Two configurations i and j are ordered oppositely when
//   (predicted_i - predicted_j) (measured_i - measured_j) < 0.
// Their separation is how far apart both sides put them:
//   separation = min(max(p_i, p_j) / min(p_i, p_j), max(m_i, m_j) / min(m_i, m_j)) - 1
// A pair the model predicts 2% apart, or the runs measure 10% apart, swaps
// on the machine's noise; one that both put 60% apart does not. Spearman's
// correlation counts both swaps alike: with four configurations one swap of
// near neighbours takes it from 1.00 to 0.80, two to 0.60, which a quick set
// with a near tie on each side measured with the code unchanged.
#pragma once

#include <cstddef>
#include <vector>

namespace fasdl {

struct OrderDisagreement {
  bool any = false;       // some pair is ordered oppositely
  std::size_t first = 0;  // the pair of the widest separation (indices)
  std::size_t second = 0;
  double separation = 0;  // its separation, relative (0.25 = 25% apart); 0 when none
};

// Spearman's rank correlation: Pearson's of the ranks, ties sharing their
// mean rank; 0 with fewer than two values or a constant side.
double spearman(const std::vector<double>& predicted, const std::vector<double>& measured);

// The oppositely ordered pair of `predicted` and `measured` (same length,
// positive values) with the widest separation.
OrderDisagreement widest_disagreement(const std::vector<double>& predicted,
                                      const std::vector<double>& measured);

}  // namespace fasdl
