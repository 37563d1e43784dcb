// The in-memory store the runtime's tests run K-REDUCE over: a mutex-guarded
// map that keeps the contract of fasdl/runtime/store.h as Redis does
// (memory_store_test.cc checks it), without a server.
#pragma once

#include <memory>

#include "fasdl/runtime/store.h"

namespace fasdl::testing {

// Thread-safe; name() is "memory".
std::unique_ptr<Store> make_memory_store();

}  // namespace fasdl::testing
