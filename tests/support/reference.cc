#include "support/reference.h"

#include <stdexcept>

#include "fasdl/formats/files.h"
#include "fasdl/formats/transfer_csv.h"

namespace fasdl::testing {

std::string shared_dir() {
  return FASDL_SHARED_DIR;
}

Profile reference_profile(int min_mb) {
  const std::string path = shared_dir() + "/reference/aws-lambda-s3/transfers.csv";
  const auto text = read_file(path);
  if (!text) throw std::runtime_error(text.error().message);
  auto rows = parse_transfer_csv(*text, path);
  if (!rows) throw std::runtime_error(rows.error().message);
  auto table = TransferTable::from_measurements(std::move(rows).value(), path);
  if (!table) throw std::runtime_error(table.error().message);
  Profile p;
  p.name = "reference";
  p.memory = {min_mb, 3008, 64};
  p.prices = {1.64e-8, 5.0e-6, 4.0e-7};
  p.sync = {0.00119, 33.7};
  p.transfers = std::move(table).value();
  return p;
}

Workload reference_workload(const nlohmann::json& c) {
  Workload w;
  w.name = "case";
  w.model_mb = c.at("S").get<double>();
  w.samples = 50'000;
  w.epochs = c.at("E").get<long long>();
  w.compute = {c.at("a").get<double>(), c.at("b").get<double>(), c.at("m").get<double>()};
  w.flatten = {c.at("k1").get<double>(), c.at("k2").get<double>()};
  w.batch = {0.8, 1024};
  return w;
}

const nlohmann::json& reference_cases() {
  static const nlohmann::json cases = [] {
    const std::string path = shared_dir() + "/reference/cases/examples.json";
    const auto text = read_file(path);
    if (!text) throw std::runtime_error(text.error().message);
    return nlohmann::json::parse(*text);
  }();
  return cases;
}

}  // namespace fasdl::testing
