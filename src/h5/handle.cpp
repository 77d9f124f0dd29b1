#include "src/h5/handle.hpp"

#include <exception>

#include "src/common/log.hpp"
#include "src/h5/error.hpp"

namespace nayose::h5 {
namespace {

struct Closer {
  const char* name;
  herr_t (*close)(hid_t);
};

Closer closer_for(H5I_type_t type) {
  switch (type) {
    case H5I_FILE: return {"H5Fclose", H5Fclose};
    case H5I_GROUP: return {"H5Gclose", H5Gclose};
    case H5I_DATATYPE: return {"H5Tclose", H5Tclose};
    case H5I_DATASPACE: return {"H5Sclose", H5Sclose};
    case H5I_DATASET: return {"H5Dclose", H5Dclose};
    case H5I_ATTR: return {"H5Aclose", H5Aclose};
    case H5I_GENPROP_LST: return {"H5Pclose", H5Pclose};
    default: return {"H5Idec_ref", H5Idec_ref};
  }
}

}  // namespace

void Handle::close(std::string_view what) {
  if (id_ < 0) return;
  const hid_t id = release();
  const auto closer = closer_for(H5Iget_type(id));
  check(closer.close(id), closer.name, what);
}

void Handle::close_nothrow() noexcept {
  if (id_ < 0) return;
  const hid_t id = release();
  const auto closer = closer_for(H5Iget_type(id));
  if (closer.close(id) >= 0) return;
  try {
    NAYOSE_LOG_RANK(warn) << "HDF5 " << closer.name << " failed while releasing a handle:\n" << take_error_stack();
  } catch (...) {
    // Logging is best effort here; a destructor must not throw.
  }
}

Handle make_handle(hid_t id, std::string_view operation, std::string_view object) {
  return Handle(check(id, operation, object));
}

}  // namespace nayose::h5
