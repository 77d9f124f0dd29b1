#pragma once
// A compact binary encoding of a SourceRecord bound for a facility, so that records built on the
// rank that owns the person can be routed (src/mpi/route_blobs.hpp) to the rank that owns the
// facility and writes its files. Little-endian, length-prefixed; internal to one run.
#include <cstdint>
#include <string>
#include <string_view>

#include "kernels/synth/model.hpp"

namespace nayose::generate {

struct RoutedRecord {
  std::uint32_t facility = 0;
  synth::SourceKind kind = synth::SourceKind::uke;
  synth::SourceRecord record;
};

std::string encode_record(const RoutedRecord& routed);
RoutedRecord decode_record(std::string_view bytes);  // throws nayose::Error on malformed input

}  // namespace nayose::generate
