#pragma once
// Bytes from the operating system's CSPRNG (getrandom(2)), for keys and other secrets. Blocks only
// until the kernel's pool is initialised at boot; never falls back to a weaker source.
#include <cstddef>
#include <span>

#include "src/keys/secret_bytes.hpp"

namespace nayose::keys {

// Fills `out` completely (retrying on EINTR and short reads); throws nayose::Error if the kernel
// refuses (e.g. getrandom unavailable).
void fill_os_random(std::span<std::byte> out);

// A fresh secret of `size` random bytes.
SecretBytes random_secret(std::size_t size);

}  // namespace nayose::keys
