#include "src/h5/datatypes.hpp"

#include "src/common/error.hpp"
#include "src/h5/error.hpp"

namespace nayose::h5 {
namespace {

hid_t standard_type(ElementKind kind) {
  switch (kind) {
    case ElementKind::int8: return H5T_STD_I8LE;
    case ElementKind::uint8: return H5T_STD_U8LE;
    case ElementKind::int16: return H5T_STD_I16LE;
    case ElementKind::uint16: return H5T_STD_U16LE;
    case ElementKind::int32: return H5T_STD_I32LE;
    case ElementKind::uint32: return H5T_STD_U32LE;
    case ElementKind::int64: return H5T_STD_I64LE;
    case ElementKind::uint64: return H5T_STD_U64LE;
    case ElementKind::float32: return H5T_IEEE_F32LE;
    case ElementKind::float64: return H5T_IEEE_F64LE;
    default: throw Error("internal: no standard HDF5 type for " + kind_name(kind));
  }
}

hid_t native_type(ElementKind kind) {
  switch (kind) {
    case ElementKind::int8: return H5T_NATIVE_INT8;
    case ElementKind::uint8: return H5T_NATIVE_UINT8;
    case ElementKind::int16: return H5T_NATIVE_INT16;
    case ElementKind::uint16: return H5T_NATIVE_UINT16;
    case ElementKind::int32: return H5T_NATIVE_INT32;
    case ElementKind::uint32: return H5T_NATIVE_UINT32;
    case ElementKind::int64: return H5T_NATIVE_INT64;
    case ElementKind::uint64: return H5T_NATIVE_UINT64;
    case ElementKind::float32: return H5T_NATIVE_FLOAT;
    case ElementKind::float64: return H5T_NATIVE_DOUBLE;
    default: throw Error("internal: no native HDF5 type for " + kind_name(kind));
  }
}

// bytes[N] is an array of N uint8 (not an opaque type: h5py and numpy read arrays directly, as
// (rows, N) uint8, while a tagged opaque type has no conversion path in h5py).
Handle fixed_width_type(const ElementType& type, hid_t byte_type) {
  const std::string what = "datatype " + type.name();
  if (type.kind == ElementKind::bytes) {
    const hsize_t dims[1] = {type.width};
    return make_handle(H5Tarray_create2(byte_type, 1, dims), "H5Tarray_create2", what);
  }
  auto t = make_handle(H5Tcopy(H5T_C_S1), "H5Tcopy", what);
  check(H5Tset_size(t.get(), type.width), "H5Tset_size", what);
  // NUL-padded, not NUL-terminated: a string of exactly N bytes uses the whole width.
  check(H5Tset_strpad(t.get(), H5T_STR_NULLPAD), "H5Tset_strpad", what);
  check(H5Tset_cset(t.get(), H5T_CSET_UTF8), "H5Tset_cset", what);
  return t;
}

}  // namespace

std::string kind_name(ElementKind kind) {
  switch (kind) {
    case ElementKind::bytes: return "bytes";
    case ElementKind::string: return "string";
    case ElementKind::ragged: return "ragged";
    default: return ElementType{kind, 0}.name();
  }
}

Handle file_datatype(const ElementType& type) {
  if (type.is_arithmetic()) return make_handle(H5Tcopy(standard_type(type.kind)), "H5Tcopy", "datatype " + type.name());
  if (type.is_fixed_width_bytes()) return fixed_width_type(type, H5T_STD_U8LE);
  throw Error("internal: a ragged column has no single HDF5 datatype");
}

Handle memory_datatype(const ElementType& type) {
  if (type.is_arithmetic()) return make_handle(H5Tcopy(native_type(type.kind)), "H5Tcopy", "datatype " + type.name());
  if (type.is_fixed_width_bytes()) return fixed_width_type(type, H5T_NATIVE_UINT8);
  throw Error("internal: a ragged column has no single HDF5 datatype");
}

std::string describe_datatype(hid_t type) {
  const auto size = H5Tget_size(type);
  switch (H5Tget_class(type)) {
    case H5T_INTEGER:
      return std::string(H5Tget_sign(type) == H5T_SGN_NONE ? "uint" : "int") + std::to_string(size * 8);
    case H5T_FLOAT: return "float" + std::to_string(size * 8);
    case H5T_STRING:
      if (H5Tis_variable_str(type) > 0) return "variable-length string";
      return "string[" + std::to_string(size) + "]";
    case H5T_OPAQUE: return "opaque[" + std::to_string(size) + "]";
    case H5T_COMPOUND: return "compound (" + std::to_string(size) + " bytes)";
    case H5T_ARRAY: {
      const int ndims = H5Tget_array_ndims(type);
      const hid_t base = H5Tget_super(type);
      std::string text = base >= 0 ? describe_datatype(base) : std::string("?");
      if (base >= 0) H5Tclose(base);
      if (ndims == 1) {
        hsize_t n = 0;
        H5Tget_array_dims2(type, &n);
        return text + "[" + std::to_string(n) + "] array";
      }
      return text + " array (" + std::to_string(size) + " bytes)";
    }
    case H5T_VLEN: return "variable-length sequence";
    case H5T_ENUM: return "enum";
    case H5T_REFERENCE: return "reference";
    case H5T_BITFIELD: return "bitfield";
    case H5T_TIME: return "time";
    default: return "unknown datatype";
  }
}

bool datatype_matches(hid_t file_type, const ElementType& expected, std::string& found) {
  found = describe_datatype(file_type);
  const auto cls = H5Tget_class(file_type);
  const auto size = H5Tget_size(file_type);
  if (expected.is_arithmetic()) {
    if (size != expected.width) return false;
    if (expected.kind == ElementKind::float32 || expected.kind == ElementKind::float64) return cls == H5T_FLOAT;
    if (cls != H5T_INTEGER) return false;
    const bool is_signed = H5Tget_sign(file_type) == H5T_SGN_2;
    const bool want_signed = expected.kind == ElementKind::int8 || expected.kind == ElementKind::int16 ||
                             expected.kind == ElementKind::int32 || expected.kind == ElementKind::int64;
    return is_signed == want_signed;
  }
  if (expected.kind == ElementKind::bytes) {
    if (cls != H5T_ARRAY || H5Tget_array_ndims(file_type) != 1 || size != expected.width) return false;
    const hid_t base = H5Tget_super(file_type);
    if (base < 0) return false;
    const bool is_byte = H5Tget_class(base) == H5T_INTEGER && H5Tget_size(base) == 1 && H5Tget_sign(base) == H5T_SGN_NONE;
    H5Tclose(base);
    return is_byte;
  }
  if (expected.kind == ElementKind::string) {
    return cls == H5T_STRING && H5Tis_variable_str(file_type) == 0 && size == expected.width;
  }
  return false;
}

}  // namespace nayose::h5
