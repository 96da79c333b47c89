// Result<T>: a value or an Error with a reason. Remote input never throws; parsers return this.
#pragma once
#include <string>
#include <utility>
#include <variant>

namespace wirelab {

enum class ErrorKind { Truncated, Malformed, BadChecksum, Unsupported, Invalid, NotFound };

struct Error {
  ErrorKind kind = ErrorKind::Invalid;
  std::string reason;
};

inline const char* to_string(ErrorKind k) {
  switch (k) {
    case ErrorKind::Truncated: return "truncated";
    case ErrorKind::Malformed: return "malformed";
    case ErrorKind::BadChecksum: return "bad checksum";
    case ErrorKind::Unsupported: return "unsupported";
    case ErrorKind::Invalid: return "invalid";
    case ErrorKind::NotFound: return "not found";
  }
  return "error";
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error e) : v_(std::move(e)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

inline Error make_error(ErrorKind kind, std::string reason) { return Error{kind, std::move(reason)}; }

}  // namespace wirelab
