#include "src/common/log.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

#include "src/common/error.hpp"

namespace nayose::log {
namespace {
Settings g_settings;
std::mutex g_mutex;

std::string timestamp() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const auto t = system_clock::to_time_t(now);
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d.%03lldZ", tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(ms));
  return buf;
}

void emit(Level level, const std::string& message, bool prefix_rank) {
  std::string line;
  if (prefix_rank) line += "[rank " + std::to_string(g_settings.rank) + "] ";
  line += timestamp();
  line += ' ';
  line += level_name(level);
  line += "  ";
  line += message;
  line += '\n';
  std::lock_guard lock(g_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}
}  // namespace

void configure(const Settings& settings) { g_settings = settings; }
const Settings& settings() { return g_settings; }

Level parse_level(const std::string& text) {
  if (text == "error") return Level::error;
  if (text == "warn") return Level::warn;
  if (text == "info") return Level::info;
  if (text == "debug") return Level::debug;
  throw Error("unknown log level '" + text + "' (expected error, warn, info or debug)");
}

const char* level_name(Level level) {
  switch (level) {
    case Level::error: return "ERROR";
    case Level::warn: return "WARN ";
    case Level::info: return "INFO ";
    case Level::debug: return "DEBUG";
  }
  return "?";
}

bool enabled(Level level) {
  if (level > g_settings.level) return false;
  return g_settings.all_ranks || g_settings.rank == 0;
}

void write(Level level, const std::string& message) {
  if (!enabled(level)) return;
  emit(level, message, g_settings.all_ranks && g_settings.ranks > 1);
}

void write_any_rank(Level level, const std::string& message) {
  if (level > g_settings.level) return;
  emit(level, message, g_settings.ranks > 1);
}

}  // namespace nayose::log
