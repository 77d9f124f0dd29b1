#pragma once
#include <string>

namespace nayose::h5 {
// "HDF5 1.10.8 (parallel)": the library this binary runs against, for logs and the doctor.
std::string library_description();
}  // namespace nayose::h5
