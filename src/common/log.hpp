#pragma once
// Rank-aware logging. By default only rank 0 prints; with `all_ranks` every rank prints and each
// line is prefixed "[rank N]". Warnings and errors raised on one rank only (log_any_rank) are always
// printed, prefixed. Log lines go to stderr; reports and the RESULT line go to stdout.
// Never log personal data or key material.
#include <sstream>
#include <string>

namespace nayose::log {

enum class Level { error = 0, warn = 1, info = 2, debug = 3 };

struct Settings {
  int rank = 0;
  int ranks = 1;
  bool all_ranks = false;
  Level level = Level::info;
};

void configure(const Settings& settings);
const Settings& settings();
Level parse_level(const std::string& text);  // throws nayose::Error on an unknown level
const char* level_name(Level level);

// Emits one line if this rank logs at this level.
void write(Level level, const std::string& message);
// Emits one line from whichever rank calls it, always prefixed with the rank (for local failures).
void write_any_rank(Level level, const std::string& message);
bool enabled(Level level);

class Line {
 public:
  Line(Level level, bool any_rank) : level_(level), any_rank_(any_rank) {}
  Line(const Line&) = delete;
  Line& operator=(const Line&) = delete;
  ~Line() {
    if (any_rank_) {
      write_any_rank(level_, stream_.str());
    } else {
      write(level_, stream_.str());
    }
  }
  template <typename T>
  Line& operator<<(const T& value) {
    stream_ << value;
    return *this;
  }

 private:
  Level level_;
  bool any_rank_;
  std::ostringstream stream_;
};

}  // namespace nayose::log

// Usage: NAYOSE_LOG(info) << "read " << n << " files";
// (A for-statement rather than an if, so the macro is safe inside an unbraced if/else.)
#define NAYOSE_LOG(lvl)                                                                                   \
  for (bool nayose_log_once_ = ::nayose::log::enabled(::nayose::log::Level::lvl); nayose_log_once_;      \
       nayose_log_once_ = false)                                                                          \
  ::nayose::log::Line(::nayose::log::Level::lvl, false)
// Usage: NAYOSE_LOG_RANK(warn) << "...";  printed by the calling rank whatever the settings.
#define NAYOSE_LOG_RANK(lvl) ::nayose::log::Line(::nayose::log::Level::lvl, true)
