#include "src/keys/os_random.hpp"

#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "src/common/error.hpp"

namespace nayose::keys {

void fill_os_random(std::span<std::byte> out) {
  std::size_t filled = 0;
  while (filled < out.size()) {
    // Requests above 256 bytes may return short (and may be interrupted); loop until full.
    const ssize_t got = ::getrandom(out.data() + filled, out.size() - filled, 0);
    if (got < 0) {
      const int error = errno;
      if (error == EINTR) continue;
      throw Error(std::string("cannot read random bytes from the kernel (getrandom): ") +
                  std::strerror(error));
    }
    filled += static_cast<std::size_t>(got);
  }
}

SecretBytes random_secret(std::size_t size) {
  SecretBytes secret(size);
  fill_os_random(secret.mutable_view());
  return secret;
}

}  // namespace nayose::keys
