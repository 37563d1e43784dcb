// GridEvaluator: Model::predict over a memory grid with the per-memory and
// per-K lookups cached (internal). Results are bit-identical to
// Model::predict, since both feed the same Lookups to Model::evaluate.
#pragma once

#include <vector>

#include "fasdl/model/model.h"
#include "fasdl/search/search.h"

namespace fasdl {

class GridEvaluator {
 public:
  GridEvaluator(const Model& model, const MemoryGrid& grid);

  // Each column's transfer seconds at f = S / K, both directions.
  struct Columns {
    int aggregators = 0;
    std::vector<double> up;
    std::vector<double> down;
  };
  Columns columns(int aggregators) const;
  void fill(int aggregators, Columns& out) const;

  Prediction evaluate(int workers, int memory_index, const Columns& c) const {
    const Slot& s = slots_[memory_index];
    const Lookups l{TransferTable::blend(c.up[s.up.lo], c.up[s.up.hi], s.up.t),
                    TransferTable::blend(c.down[s.down.lo], c.down[s.down.hi], s.down.t), s.train,
                    s.flatten, s.checkpoint};
    return model_->evaluate({workers, grid_.at(memory_index), c.aggregators}, l);
  }

  const Model& model() const { return *model_; }
  const MemoryGrid& grid() const { return grid_; }
  int size() const { return static_cast<int>(slots_.size()); }
  const MemoryPosition& up_position(int i) const { return slots_[i].up; }
  const MemoryPosition& down_position(int i) const { return slots_[i].down; }
  double train(int i) const { return slots_[i].train; }
  double flatten(int i) const { return slots_[i].flatten; }
  double checkpoint(int i) const { return slots_[i].checkpoint; }

 private:
  struct Slot {
    MemoryPosition up;
    MemoryPosition down;
    double train = 0;
    double flatten = 0;
    double checkpoint = 0;
  };
  const Model* model_;
  MemoryGrid grid_;
  std::vector<Slot> slots_;
};

}  // namespace fasdl
