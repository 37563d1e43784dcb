#include "fasdl/model/workload.h"

namespace fasdl {

std::string_view to_string(ComputeLaw law) {
  return law == ComputeLaw::kVcpu ? "vcpu" : "memory";
}

}  // namespace fasdl
