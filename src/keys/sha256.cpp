#include "src/keys/sha256.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "src/common/error.hpp"
#include "src/common/unique_fd.hpp"

namespace nayose::keys {
namespace {

constexpr std::size_t kFileChunkSize = std::size_t{1} << 20;

}  // namespace

Sha256::Sha256()
    : md_(check_openssl(EVP_MD_fetch(nullptr, "SHA256", nullptr), "fetching SHA256")),
      ctx_(check_openssl(EVP_MD_CTX_new(), "allocating a SHA256 context")) {
  check_openssl(EVP_DigestInit_ex2(ctx_.get(), md_.get(), nullptr), "initialising SHA256");
}

Sha256& Sha256::update(std::span<const std::byte> bytes) {
  check_openssl(EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size()), "SHA256 update");
  return *this;
}

Digest32 Sha256::finish() {
  Digest32 out{};
  unsigned int size = 0;
  check_openssl(EVP_DigestFinal_ex(ctx_.get(), reinterpret_cast<unsigned char*>(out.data()), &size),
                "SHA256 final");
  if (size != out.size()) throw Error("SHA256 produced " + std::to_string(size) + " bytes, expected 32");
  check_openssl(EVP_DigestInit_ex2(ctx_.get(), nullptr, nullptr), "re-initialising SHA256");
  return out;
}

Digest32 Sha256::digest(std::span<const std::byte> bytes) {
  return Sha256().update(bytes).finish();
}

Digest32 sha256_file(const std::filesystem::path& path) {
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    const int error = errno;
    throw IoError("cannot open " + path.string() + " to compute its SHA-256: " + std::strerror(error));
  }
  ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);  // a hint; failure is harmless

  Sha256 sha;
  std::vector<std::byte> chunk(kFileChunkSize);
  for (;;) {
    const ssize_t got = ::read(fd.get(), chunk.data(), chunk.size());
    if (got < 0) {
      const int error = errno;
      if (error == EINTR) continue;
      throw IoError("cannot read " + path.string() + " to compute its SHA-256: " + std::strerror(error));
    }
    if (got == 0) break;
    sha.update(std::span(chunk).first(static_cast<std::size_t>(got)));
  }
  return sha.finish();
}

}  // namespace nayose::keys
