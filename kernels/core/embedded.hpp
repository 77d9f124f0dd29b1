#pragma once
// Text files compiled into the binary (cmake/NayoseEmbed.cmake): schemas, reference tables, configs,
// so that an installed nayose never needs its source tree.
#include <span>
#include <string_view>

namespace nayose {
struct EmbeddedFile {
  std::string_view name;     // path relative to its source folder, e.g. "doctor_probe.json"
  std::string_view content;
};
}  // namespace nayose
