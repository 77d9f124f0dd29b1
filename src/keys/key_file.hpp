#pragma once
// Opening a key file safely (internal to src/keys): shared by Keyring::load, which throws on a
// problem, and check_key_file_permissions, which reports it.
#include <sys/types.h>

#include <cstdint>
#include <filesystem>

#include "src/keys/keyring.hpp"
#include "src/common/unique_fd.hpp"

namespace nayose::keys {

struct OpenedKeyFile {
  UniqueFd fd;  // open for reading when check.ok
  KeyFilePermissionCheck check;
  std::uint64_t size = 0;  // st_size at open
};

// open(O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY), then fstat on the descriptor:
// a regular file, owned by the effective uid, (mode & 077) == 0. O_NONBLOCK keeps a FIFO planted at
// the path from blocking the open; it has no effect on the regular files that pass the checks.
// O_NOFOLLOW covers the last path component only: directories on the way may be symlinks.
OpenedKeyFile open_key_file(const std::filesystem::path& path);

// "0644": permission bits as chmod writes them.
std::string octal_mode(std::uint32_t mode);

}  // namespace nayose::keys
