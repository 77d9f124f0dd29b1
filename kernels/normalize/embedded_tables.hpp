#pragma once
// The TSV files of kernels/normalize/data, compiled into the kernels library by
// nayose_embed_text(... embedded_normalize_tables ...) in kernels/CMakeLists.txt.
#include <span>

#include "kernels/core/embedded.hpp"

namespace nayose {
std::span<const EmbeddedFile> embedded_normalize_tables();
}  // namespace nayose
