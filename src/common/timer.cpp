#include "src/common/timer.hpp"

#include <sys/resource.h>

#include <fstream>
#include <sstream>

namespace nayose {

PhaseTimers::Scope::Scope(PhaseTimers& owner, std::size_t index)
    : owner_(owner), index_(index), start_(std::chrono::steady_clock::now()) {}

PhaseTimers::Scope::~Scope() {
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
  owner_.phases_[index_].seconds += elapsed.count();
}

PhaseTimers::Scope PhaseTimers::phase(const std::string& name) {
  for (std::size_t i = 0; i < phases_.size(); ++i) {
    if (phases_[i].name == name) return Scope(*this, i);
  }
  phases_.push_back({name, 0.0});
  return Scope(*this, phases_.size() - 1);
}

void PhaseTimers::add(const std::string& name, double seconds) {
  for (auto& p : phases_) {
    if (p.name == name) {
      p.seconds += seconds;
      return;
    }
  }
  phases_.push_back({name, seconds});
}

double PhaseTimers::total_seconds() const {
  double total = 0.0;
  for (const auto& p : phases_) total += p.seconds;
  return total;
}

std::size_t peak_rss_bytes() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return static_cast<std::size_t>(usage.ru_maxrss) * 1024U;  // Linux reports KiB
}

std::size_t available_memory_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("MemAvailable:", 0) == 0) {
      std::istringstream fields(line.substr(13));
      std::size_t kib = 0;
      fields >> kib;
      return kib * 1024U;
    }
  }
  return 0;
}

}  // namespace nayose
