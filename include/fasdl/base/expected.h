// Expected<T>: a value or the one-line reason it could not be produced.
//
// Loading and parsing return Expected instead of throwing, so that the
// command-line edge decides how to report (one line on stderr, exit code 2).
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace fasdl {

// A failure worth showing to a user as it is: one line that names the file,
// the JSON path or CSV line, and what was expected.
struct Error {
  std::string message;
};

template <class T>
class Expected {
 public:
  Expected(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
  Expected(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  const T& value() const& {
    assert(ok());
    return std::get<T>(state_);
  }
  T& value() & {
    assert(ok());
    return std::get<T>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(state_));
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<Error>(state_);
  }

 private:
  std::variant<T, Error> state_;
};

}  // namespace fasdl
