#pragma once
// Byte blobs for records routed between ranks (src/mpi/route_blobs.hpp): trivially copyable
// values in host byte order, strings as a uint32 length and their bytes. Internal to one run
// (never written to files). The reader checks every length and throws `Error("<what>: truncated")`.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "src/common/error.hpp"

namespace nayose {

class ByteWriter {
 public:
  ByteWriter() = default;
  // Appends to `target` (which must outlive the writer) instead of an own string.
  explicit ByteWriter(std::string& target) : out_(&target) {}
  ByteWriter(const ByteWriter&) = delete;
  ByteWriter& operator=(const ByteWriter&) = delete;

  template <typename T>
    requires std::is_trivially_copyable_v<T>
  void put(const T& v) {
    out_->append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void put_text(std::string_view s) {
    put(static_cast<std::uint32_t>(s.size()));
    out_->append(s);
  }
  void put_bytes(const void* p, std::size_t n) { out_->append(static_cast<const char*>(p), n); }
  void reserve(std::size_t n) { out_->reserve(n); }
  std::string take() { return std::move(*out_); }

 private:
  std::string own_;
  std::string* out_ = &own_;
};

class ByteReader {
 public:
  // `what` names the blob in the error message ("link: variant blob").
  ByteReader(std::string_view in, const char* what) : in_(in), what_(what) {}

  template <typename T>
    requires std::is_trivially_copyable_v<T>
  T get() {
    T v;
    std::memcpy(&v, take(sizeof v).data(), sizeof v);
    return v;
  }
  template <typename T>
    requires std::is_trivially_copyable_v<T>
  void get(T& v) {
    v = get<T>();
  }
  std::string_view get_text() { return take(get<std::uint32_t>()); }
  void get_text(std::string& s) { s.assign(get_text()); }
  std::string_view take(std::size_t n) {
    if (n > in_.size() - at_) throw Error(std::string(what_) + ": truncated");
    const auto s = in_.substr(at_, n);
    at_ += n;
    return s;
  }
  std::size_t remaining() const { return in_.size() - at_; }
  bool done() const { return at_ == in_.size(); }

 private:
  std::string_view in_;
  const char* what_;
  std::size_t at_ = 0;
};

}  // namespace nayose
