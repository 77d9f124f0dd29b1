#pragma once
// Build provenance, generated at build time by cmake/WriteBuildInfo.cmake.
namespace nayose::build_info {
extern const char* const version;
extern const char* const git_sha;     // "unknown" outside a git checkout; "-dirty" suffix if modified
extern const char* const build_type;
}  // namespace nayose::build_info
