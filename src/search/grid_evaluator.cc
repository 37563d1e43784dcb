#include "search/grid_evaluator.h"

namespace fasdl {

GridEvaluator::GridEvaluator(const Model& model, const MemoryGrid& grid)
    : model_(&model), grid_(grid) {
  const TransferTable& t = model.profile().transfers;
  slots_.resize(grid.size());
  for (int i = 0; i < grid.size(); ++i) {
    const int m = grid.at(i);
    slots_[i] = {t.locate(Direction::kUpload, m), t.locate(Direction::kDownload, m),
                 model.train_seconds(m), model.flatten_seconds(m), model.checkpoint_seconds(m)};
  }
}

void GridEvaluator::fill(int aggregators, Columns& out) const {
  const TransferTable& t = model_->profile().transfers;
  const double f = model_->workload().model_mb / aggregators;
  out.aggregators = aggregators;
  out.up.clear();
  out.down.clear();
  for (const TransferColumn& c : t.columns(Direction::kUpload))
    out.up.push_back(c.at(f));
  for (const TransferColumn& c : t.columns(Direction::kDownload))
    out.down.push_back(c.at(f));
}

GridEvaluator::Columns GridEvaluator::columns(int aggregators) const {
  Columns c;
  fill(aggregators, c);
  return c;
}

}  // namespace fasdl
