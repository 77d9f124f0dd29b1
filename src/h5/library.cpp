#include "src/h5/library.hpp"

#include <hdf5.h>

namespace nayose::h5 {

std::string library_description() {
  unsigned major = 0;
  unsigned minor = 0;
  unsigned release = 0;
  if (H5get_libversion(&major, &minor, &release) < 0) return "HDF5 (version unknown)";
  std::string text = "HDF5 " + std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release);
#ifdef H5_HAVE_PARALLEL
  text += " (parallel)";
#else
  text += " (SERIAL: not usable by nayose)";
#endif
  return text;
}

}  // namespace nayose::h5
