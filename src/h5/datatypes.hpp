#pragma once
// Schema element types <-> HDF5 datatypes (internal to src/h5).
// Files always use explicit little-endian standard types, so the bytes do not depend on the
// writing machine; memory types are the native ones and HDF5 converts only if the machine is
// big-endian.
#include <cstdint>
#include <string>

#include "src/h5/handle.hpp"
#include "src/h5/schema.hpp"

namespace nayose::h5 {

// The name of ElementKind `kind` for messages ("int32", "bytes", ...).
std::string kind_name(ElementKind kind);

// The datatype stored in files for `type` (not for ragged, which is two datasets).
Handle file_datatype(const ElementType& type);
// The datatype of the same values in memory.
Handle memory_datatype(const ElementType& type);

// Whether an HDF5 datatype found in a file is what the schema says; on mismatch `found` describes it.
bool datatype_matches(hid_t file_type, const ElementType& expected, std::string& found);
// "int32", "float64", "uint8[32] array", "string[16]", "variable-length string", ... for messages.
std::string describe_datatype(hid_t type);

}  // namespace nayose::h5
