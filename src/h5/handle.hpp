#pragma once
// One owning handle for every kind of HDF5 identifier (file, group, dataset, attribute, dataspace,
// datatype, property list). The right H5?close is chosen from H5Iget_type when the handle is
// closed. Move-only. The destructor never throws: a failing close is logged on the calling rank.
// Predefined identifiers (H5T_NATIVE_*, H5P_DEFAULT) are never wrapped.
//
// Closing a file or an object of a file opened with MPI-IO can be collective (metadata flush),
// so handles of such objects must be destroyed on every rank of the file's communicator; the
// layer's own code does that by keeping them in scopes that every rank runs.
#include <hdf5.h>

#include <string>
#include <string_view>

namespace nayose::h5 {

class Handle {
 public:
  Handle() noexcept = default;
  // Takes ownership of a valid identifier (callers pass the result of `check`).
  explicit Handle(hid_t id) noexcept : id_(id) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(other.id_) { other.id_ = H5I_INVALID_HID; }
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      close_nothrow();
      id_ = other.id_;
      other.id_ = H5I_INVALID_HID;
    }
    return *this;
  }
  ~Handle() { close_nothrow(); }

  hid_t get() const noexcept { return id_; }
  explicit operator bool() const noexcept { return id_ >= 0; }

  // Closes now and throws H5Error if HDF5 reports a failure (used where a failed close means lost
  // data, e.g. the file close before commit). `what` names the object in the message.
  void close(std::string_view what);
  // Closes now; failures are logged, never thrown.
  void close_nothrow() noexcept;
  // Gives up ownership without closing.
  hid_t release() noexcept {
    const hid_t id = id_;
    id_ = H5I_INVALID_HID;
    return id;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

// `check(id, operation, object)` and wrap: the common way to obtain a Handle.
Handle make_handle(hid_t id, std::string_view operation, std::string_view object);

}  // namespace nayose::h5
