#include "src/common/error.hpp"

namespace nayose {
namespace {
std::string join_problems(const std::vector<std::string>& problems) {
  std::string out = problems.size() == 1 ? "configuration error:" : "configuration errors:";
  for (const auto& p : problems) out += "\n  - " + p;
  return out;
}
}  // namespace

ConfigError::ConfigError(std::vector<std::string> problems)
    : Error(join_problems(problems)), problems_(std::move(problems)) {}

CollectiveFailure::CollectiveFailure(int origin_rank, int failed_ranks, const std::string& message)
    : Error(message), origin_rank_(origin_rank), failed_ranks_(failed_ranks) {}

}  // namespace nayose
