#include "fasdl/runtime/network.h"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "runtime/random.h"

namespace fasdl {

namespace {

constexpr int kMaxDimension = 1'000'000;
constexpr int kMaxHiddenLayers = 16;

using Matrix = Eigen::MatrixXf;
using Vector = Eigen::VectorXf;

// Seed streams: independent draws for the data set's centres, its samples and
// the initial weights.
constexpr std::uint64_t kCentreStream = 0xC3;
constexpr std::uint64_t kSampleStream = 0x5A;
constexpr std::uint64_t kWeightStream = 0x3E;

// A wide layer moves its outputs by about rate x fan-in per step: its step
// shrinks as 1 / sqrt(fan-in) above 256 inputs, so that one rate trains
// every width from 1 to 100 MB without diverging.
constexpr double kStepReferenceFanIn = 256;
double step_scale(Eigen::Index fan_in) {
  return std::min(1.0, std::sqrt(kStepReferenceFanIn / static_cast<double>(fan_in)));
}

}  // namespace

long long NetworkShape::parameters() const {
  const long long w = width;
  return (inputs + 1LL) * w + (hidden_layers - 1LL) * (w + 1) * w + (w + 1) * classes;
}

std::optional<Error> check_shape(const NetworkShape& s) {
  const auto bad = [](int v) { return v < 1 || v > kMaxDimension; };
  if (bad(s.inputs))
    return Error{fmt::format("network inputs: expected 1..{}, got {}", kMaxDimension, s.inputs)};
  if (bad(s.width))
    return Error{fmt::format("network width: expected 1..{}, got {}", kMaxDimension, s.width)};
  if (bad(s.classes) || s.classes < 2) {
    return Error{fmt::format("network classes: expected 2..{}, got {}", kMaxDimension, s.classes)};
  }
  if (s.hidden_layers < 1 || s.hidden_layers > kMaxHiddenLayers) {
    return Error{fmt::format("network hidden layers: expected 1..{}, got {}", kMaxHiddenLayers,
                             s.hidden_layers)};
  }
  if (s.parameters() >= std::numeric_limits<int>::max()) {
    return Error{fmt::format("network of {} parameters ({:.0f} MB): expected fewer than 2^31",
                             s.parameters(), s.megabytes())};
  }
  return std::nullopt;
}

Expected<NetworkShape> shape_for_megabytes(NetworkShape base, double megabytes) {
  base.width = 1;
  if (!(megabytes > 0) || base.megabytes() > megabytes) {
    return Error{fmt::format("--params-mb {}: expected at least {:.4f} MB (width 1)", megabytes,
                             base.megabytes())};
  }
  // P(width) is increasing: bisect for the widest width that fits.
  int lo = 1;
  int hi = kMaxDimension;
  while (lo < hi) {
    const int mid = lo + (hi - lo + 1) / 2;
    base.width = mid;
    if (base.megabytes() <= megabytes) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  base.width = lo;
  if (auto error = check_shape(base)) return *error;
  return base;
}

Dataset::Dataset(const DatasetSpec& spec) : spec_(spec) {
  const int d = spec.inputs;
  std::vector<float> centres(static_cast<std::size_t>(d) * spec.classes);
  for (int c = 0; c < spec.classes; ++c) {
    random::Generator g(random::derive(spec.seed, kCentreStream * 1'000'003ULL + c));
    double norm = 0;
    for (int i = 0; i < d; ++i) {
      const double v = g.normal();
      centres[static_cast<std::size_t>(c) * d + i] = static_cast<float>(v);
      norm += v * v;
    }
    const double scale = spec.separation / std::sqrt(norm);
    for (int i = 0; i < d; ++i)
      centres[static_cast<std::size_t>(c) * d + i] *= static_cast<float>(scale);
  }
  features_.resize(static_cast<std::size_t>(spec.samples) * d);
  labels_.resize(static_cast<std::size_t>(spec.samples));
  for (long long s = 0; s < spec.samples; ++s) {
    random::Generator g(random::derive(spec.seed ^ kSampleStream, static_cast<std::uint64_t>(s)));
    const int c = static_cast<int>(g.below(static_cast<std::uint64_t>(spec.classes)));
    labels_[static_cast<std::size_t>(s)] = c;
    float* x = &features_[static_cast<std::size_t>(s) * d];
    for (int i = 0; i < d; ++i) {
      x[i] = centres[static_cast<std::size_t>(c) * d + i] + static_cast<float>(g.normal());
    }
  }
}

Batch Dataset::batch(long long first, long long count) const {
  const int d = spec_.inputs;
  Batch b;
  b.inputs = d;
  b.features.resize(static_cast<std::size_t>(count) * d);
  b.labels.resize(static_cast<std::size_t>(count));
  for (long long j = 0; j < count; ++j) {
    const long long s = (first + j) % spec_.samples;
    std::memcpy(&b.features[static_cast<std::size_t>(j) * d],
                &features_[static_cast<std::size_t>(s) * d], sizeof(float) * d);
    b.labels[static_cast<std::size_t>(j)] = labels_[static_cast<std::size_t>(s)];
  }
  return b;
}

struct Network::Impl {
  NetworkShape shape;
  std::vector<Matrix> weights;  // layer l: out x in
  std::vector<Vector> biases;

  // Activations of every layer for `x`; the last is the logits.
  std::vector<Matrix> forward(const Batch& batch) const {
    std::vector<Matrix> a(weights.size() + 1);
    a[0] = Eigen::Map<const Matrix>(batch.features.data(), batch.inputs, batch.size());
    for (std::size_t l = 0; l < weights.size(); ++l) {
      a[l + 1].noalias() = weights[l] * a[l];
      a[l + 1].colwise() += biases[l];
      if (l + 1 < weights.size()) a[l + 1] = a[l + 1].cwiseMax(0.0f);
    }
    return a;
  }

  // Turns the logits into softmax probabilities in place; returns the mean
  // cross-entropy of the labels.
  static double softmax_loss(Matrix& logits, const std::vector<int>& labels) {
    double total = 0;
    for (Eigen::Index j = 0; j < logits.cols(); ++j) {
      auto col = logits.col(j);
      const float top = col.maxCoeff();
      const float label_logit = col(labels[static_cast<std::size_t>(j)]) - top;
      col.array() = (col.array() - top).exp();
      const float sum = col.sum();
      // log-softmax without exp underflow: -log p_y = log(sum) - (z_y - max z).
      total += std::log(static_cast<double>(sum)) - static_cast<double>(label_logit);
      col /= sum;
    }
    return total / static_cast<double>(logits.cols());
  }
};

Network::Network(const NetworkShape& shape, std::uint64_t seed) : impl_(std::make_unique<Impl>()) {
  impl_->shape = shape;
  std::vector<int> sizes{shape.inputs};
  for (int l = 0; l < shape.hidden_layers; ++l)
    sizes.push_back(shape.width);
  sizes.push_back(shape.classes);
  random::Generator g(random::derive(seed, kWeightStream));
  for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
    Matrix w(sizes[l + 1], sizes[l]);
    const double sd = std::sqrt(2.0 / sizes[l]);
    for (Eigen::Index i = 0; i < w.size(); ++i)
      w.data()[i] = static_cast<float>(sd * g.normal());
    impl_->weights.push_back(std::move(w));
    impl_->biases.push_back(Vector::Zero(sizes[l + 1]));
  }
}

Network::~Network() = default;
Network::Network(Network&&) noexcept = default;
Network& Network::operator=(Network&&) noexcept = default;

const NetworkShape& Network::shape() const {
  return impl_->shape;
}
long long Network::parameter_count() const {
  return impl_->shape.parameters();
}

double Network::train_step(const Batch& batch, double learning_rate) {
  Impl& n = *impl_;
  std::vector<Matrix> a = n.forward(batch);
  Matrix delta = std::move(a.back());
  const double loss = Impl::softmax_loss(delta, batch.labels);
  for (int j = 0; j < batch.size(); ++j)
    delta(batch.labels[static_cast<std::size_t>(j)], j) -= 1.0f;
  delta /= static_cast<float>(batch.size());
  for (std::size_t l = n.weights.size(); l-- > 0;) {
    const float rate = static_cast<float>(learning_rate * step_scale(n.weights[l].cols()));
    Matrix previous;
    if (l > 0) {
      previous.noalias() = n.weights[l].transpose() * delta;
      previous.array() *= (a[l].array() > 0.0f).cast<float>();
    }
    n.weights[l].noalias() -= (rate * delta) * a[l].transpose();
    n.biases[l].noalias() -= rate * delta.rowwise().sum();
    delta = std::move(previous);
  }
  return loss;
}

double Network::loss(const Batch& batch) const {
  std::vector<Matrix> a = impl_->forward(batch);
  return Impl::softmax_loss(a.back(), batch.labels);
}

void Network::flatten(std::span<float> out) const {
  float* p = out.data();
  for (std::size_t l = 0; l < impl_->weights.size(); ++l) {
    const Matrix& w = impl_->weights[l];
    const Vector& b = impl_->biases[l];
    p = std::copy(w.data(), w.data() + w.size(), p);
    p = std::copy(b.data(), b.data() + b.size(), p);
  }
}

void Network::load(std::span<const float> in) {
  const float* p = in.data();
  for (std::size_t l = 0; l < impl_->weights.size(); ++l) {
    Matrix& w = impl_->weights[l];
    Vector& b = impl_->biases[l];
    std::copy(p, p + w.size(), w.data());
    p += w.size();
    std::copy(p, p + b.size(), b.data());
    p += b.size();
  }
}

std::string digest(std::span<const float> values) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  const auto* bytes = reinterpret_cast<const unsigned char*>(values.data());
  for (std::size_t i = 0; i < values.size_bytes(); ++i) {
    h ^= bytes[i];
    h *= 0x100000001b3ULL;
  }
  return fmt::format("{:016x}", h);
}

}  // namespace fasdl
