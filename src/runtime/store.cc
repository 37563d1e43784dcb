#include "fasdl/runtime/store.h"

namespace fasdl {

void put_floats(Store& store, std::string_view key, std::span<const float> values) {
  store.put(key,
            std::string_view(reinterpret_cast<const char*>(values.data()), values.size_bytes()));
}

bool get_floats(Store& store, std::string_view key, std::span<float> out) {
  return store.get_into(key, std::as_writable_bytes(out));
}

}  // namespace fasdl
