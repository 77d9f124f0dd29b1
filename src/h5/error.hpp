#pragma once
// Checked HDF5 calls. Every HDF5 C call in src/h5 goes through `check`: a negative return becomes a
// nayose::H5Error whose message names the operation and the object ("<file>:<path>") and carries
// HDF5's own error stack, walked with H5Ewalk2 (function, major/minor description per frame).
// HDF5's automatic printing of error stacks to stderr is switched off once, process-wide, so
// nothing reaches the terminal except through our exceptions and logs.
#include <hdf5.h>

#include <concepts>
#include <string>
#include <string_view>

namespace nayose::h5 {

// Switches off HDF5's automatic error printing (H5Eset_auto2). Idempotent; called by every entry
// point of this layer (File::create/open, load of property lists), so callers never need it.
void disable_automatic_error_printing();

// The current HDF5 error stack of this thread as text, one frame per line, innermost last; clears
// the stack. Empty if HDF5 recorded nothing.
std::string take_error_stack();

// Throws H5Error("<operation> failed for <object>: ..." + walked stack).
[[noreturn]] void throw_h5_error(std::string_view operation, std::string_view object);

// Returns `result` unless it is negative (hid_t, herr_t, htri_t, hssize_t all signal failure that
// way), in which case it throws.
template <std::signed_integral R>
R check(R result, std::string_view operation, std::string_view object) {
  if (result < 0) throw_h5_error(operation, object);
  return result;
}

}  // namespace nayose::h5
