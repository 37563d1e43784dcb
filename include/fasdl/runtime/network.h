// Network: the dense network fasdl-run trains, and the synthetic data set it
// trains on. Both are deterministic given their seeds, so that every worker
// starts from the same parameters and a re-run gives the same bits.
//
// Units: sizes in MB (1 MB = 2^20 bytes); parameters are 32-bit floats.
//
// Shape: inputs -> hidden_layers x width (ReLU) -> classes (softmax), so
//   parameters P = (inputs + 1) width + (hidden_layers - 1) (width + 1) width
//                  + (width + 1) classes
//   size       S = 4 P / 2^20 MB (the vector K-REDUCE exchanges).
// Training: one SGD step per mini-batch on the mean cross-entropy,
//   theta_l <- theta_l - learning_rate * min(1, sqrt(256 / n_l)) * grad_l
// for the weights and biases of layer l with n_l inputs: wider layers take
// smaller steps, so that one rate trains every width.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "fasdl/base/expected.h"

namespace fasdl {

inline constexpr double kBytesPerMb = 1024.0 * 1024.0;

struct NetworkShape {
  int inputs = 32;
  int width = 128;
  int hidden_layers = 2;
  int classes = 10;

  long long parameters() const;
  double megabytes() const { return 4.0 * static_cast<double>(parameters()) / kBytesPerMb; }
};

// Checks every field is in range (inputs, width, classes >= 1 and <= 1e6;
// hidden_layers 1..16; P below 2^31).
std::optional<Error> check_shape(const NetworkShape& shape);

// The widest shape, other fields kept, whose size is at most `megabytes`;
// fails when even width 1 is larger.
Expected<NetworkShape> shape_for_megabytes(NetworkShape base, double megabytes);

// Synthetic classification: class c has the centre separation * u_c, with u_c
// a random unit vector; sample i has a class drawn uniformly and features
// centre + N(0, I). Sample i depends only on (seed, i).
struct DatasetSpec {
  std::uint64_t seed = 1;
  long long samples = 8192;  // D
  int inputs = 32;
  int classes = 10;
  double separation = 3.0;
};

// A mini-batch: features column-major, one column of `inputs` per sample.
struct Batch {
  int inputs = 0;
  std::vector<float> features;
  std::vector<int> labels;

  int size() const { return static_cast<int>(labels.size()); }
};

// The whole data set in memory; batches are taken by position, wrapping
// around the end (position p is sample p mod D).
class Dataset {
 public:
  explicit Dataset(const DatasetSpec& spec);
  const DatasetSpec& spec() const { return spec_; }
  // Samples at positions first, first + 1, ..., first + count - 1.
  Batch batch(long long first, long long count) const;

 private:
  DatasetSpec spec_;
  std::vector<float> features_;
  std::vector<int> labels_;
};

class Network {
 public:
  // He-initialised weights (N(0, 2 / fan_in)), zero biases, from `seed`.
  Network(const NetworkShape& shape, std::uint64_t seed);
  ~Network();
  Network(Network&&) noexcept;
  Network& operator=(Network&&) noexcept;

  const NetworkShape& shape() const;
  long long parameter_count() const;

  // One SGD step on `batch`; returns the batch's mean cross-entropy before
  // the step (nats).
  double train_step(const Batch& batch, double learning_rate);
  // Mean cross-entropy on `batch` (nats), no update.
  double loss(const Batch& batch) const;

  // The parameters as one vector of parameter_count() floats, layer by layer
  // (weights column-major, then biases), and back.
  void flatten(std::span<float> out) const;
  void load(std::span<const float> in);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// 16 hex digits (FNV-1a, 64 bits) of the bytes of `values`: equal digests
// mean bit-identical parameters for all practical purposes.
std::string digest(std::span<const float> values);

}  // namespace fasdl
