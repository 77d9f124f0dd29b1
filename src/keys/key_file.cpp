#include "src/keys/key_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace nayose::keys {
namespace {

const char* file_type_name(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "some other kind of file";
}

}  // namespace

std::string octal_mode(std::uint32_t mode) {
  char text[16];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode));
  return text;
}

OpenedKeyFile open_key_file(const std::filesystem::path& path) {
  OpenedKeyFile out;
  auto& check = out.check;
  const std::string name = "key file " + path.string();

  out.fd = UniqueFd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  if (!out.fd) {
    const int error = errno;
    if (error == ENOENT) {
      check.message = name + " does not exist";
    } else if (error == ELOOP) {
      check.message = name + " is a symbolic link; key files must be regular files, so name the real file " +
                      "in the configuration";
    } else {
      check.message = "cannot open " + name + ": " + std::strerror(error);
    }
    return out;
  }

  struct stat st {};
  if (::fstat(out.fd.get(), &st) != 0) {
    const int error = errno;
    check.message = "cannot examine " + name + " (fstat): " + std::strerror(error);
    out.fd = UniqueFd();
    return out;
  }
  check.mode = static_cast<std::uint32_t>(st.st_mode & 07777);
  out.size = static_cast<std::uint64_t>(st.st_size);
  if (!S_ISREG(st.st_mode)) {
    check.message = name + " is " + file_type_name(st.st_mode) + "; a key file must be a regular file";
    out.fd = UniqueFd();
    return out;
  }

  std::vector<std::string> problems;
  const uid_t euid = ::geteuid();
  if (st.st_uid != euid) {
    problems.push_back("is owned by uid " + std::to_string(st.st_uid) +
                       ", not by the user running nayose (uid " + std::to_string(euid) + "); fix: chown " +
                       std::to_string(euid) + " " + path.string());
  }
  if ((st.st_mode & 077) != 0) {
    problems.push_back("has mode " + octal_mode(check.mode) +
                       ", which gives group or other users access to the keys; fix: chmod 600 " +
                       path.string());
  }
  if (!problems.empty()) {
    check.message = name + " " + problems.front();
    if (problems.size() > 1) check.message += "; it also " + problems.back();
    out.fd = UniqueFd();
    return out;
  }
  check.ok = true;
  check.message = name + ": mode " + octal_mode(check.mode) + ", owned by uid " + std::to_string(euid);
  return out;
}

KeyFilePermissionCheck check_key_file_permissions(const std::filesystem::path& path) {
  return open_key_file(path).check;
}

}  // namespace nayose::keys
