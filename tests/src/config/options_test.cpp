#include "src/config/options.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "src/common/error.hpp"

using nayose::ConfigError;
using nayose::config::OptionSet;

namespace {

struct Settings {
  std::string dir = "/data";
  int threads = 0;
  std::uint64_t budget = 64;
  double threshold = 0.5;
  bool verbose = false;
};

void bind(OptionSet& set, Settings& s) {
  set.add("dir", &s.dir, "a directory");
  set.add("threads", &s.threads, "threads");
  set.add("budget", &s.budget, "bytes");
  set.add("threshold", &s.threshold, "a weight");
  set.add("verbose", &s.verbose, "talk more");
}

std::string write_file(const std::string& name, const std::string& text) {
  const auto path = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST(OptionSet, DefaultsWhenNothingGiven) {
  Settings s;
  OptionSet set("demo", "a demo job");
  bind(set, s);
  set.parse({}, {});
  EXPECT_EQ(s.dir, "/data");
  EXPECT_EQ(s.threads, 0);
  EXPECT_EQ(set.source_of("dir"), "default");
}

TEST(OptionSet, PrecedenceCommandLineOverEnvironmentOverFileOverDefault) {
  const auto file = write_file("nayose_prec.ini", "dir = /from-file\nthreads = 3\nbudget = 7\nthreshold = 0.25\n");
  Settings s;
  OptionSet set("demo", "a demo job");
  bind(set, s);
  set.parse({"--config", file, "--dir", "/from-cli"},
            {"NAYOSE_DIR=/from-env", "NAYOSE_THREADS=5", "PATH=/usr/bin", "NAYOSE_UNRELATED_SCRIPT_VAR=1"});
  EXPECT_EQ(s.dir, "/from-cli");
  EXPECT_EQ(s.threads, 5);
  EXPECT_EQ(s.budget, 7U);
  EXPECT_DOUBLE_EQ(s.threshold, 0.25);
  EXPECT_FALSE(s.verbose);
  EXPECT_EQ(set.source_of("dir"), "command line");
  EXPECT_EQ(set.source_of("threads"), "environment NAYOSE_THREADS");
  EXPECT_EQ(set.source_of("budget"), "config file " + file);
  EXPECT_EQ(set.source_of("verbose"), "default");
}

TEST(OptionSet, ConfigFileNamedByEnvironment) {
  const auto file = write_file("nayose_envcfg.ini", "threads = 9\n");
  Settings s;
  OptionSet set("demo", "a demo job");
  bind(set, s);
  set.parse({}, {"NAYOSE_CONFIG=" + file});
  EXPECT_EQ(s.threads, 9);
}

TEST(OptionSet, EveryProblemIsReportedTogether) {
  const auto file = write_file("nayose_bad.ini", "threads = many\nno_such_key = 1\n");
  Settings s;
  OptionSet set("demo", "a demo job");
  bind(set, s);
  try {
    set.parse({"--config", file, "--budget", "-x-", "--nope", "stray"}, {"NAYOSE_THRESHOLD=high"});
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    const std::string all = e.what();
    EXPECT_GE(e.problems().size(), 5U) << all;
    EXPECT_NE(all.find("budget"), std::string::npos) << all;
    EXPECT_NE(all.find("--nope"), std::string::npos) << all;
    EXPECT_NE(all.find("stray"), std::string::npos) << all;
    EXPECT_NE(all.find("NAYOSE_THRESHOLD"), std::string::npos) << all;
    EXPECT_NE(all.find("no_such_key"), std::string::npos) << all;
    EXPECT_NE(all.find("threads"), std::string::npos) << all;
  }
}

TEST(OptionSet, RepeatedOptionIsAnError) {
  Settings s;
  OptionSet set("demo", "a demo job");
  bind(set, s);
  EXPECT_THROW(set.parse({"--threads", "1", "--threads", "2"}, {}), ConfigError);
}

TEST(OptionSet, MissingConfigFileIsAnError) {
  Settings s;
  OptionSet set("demo", "a demo job");
  bind(set, s);
  try {
    set.parse({"--config", "/nonexistent/x.ini"}, {});
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/x.ini"), std::string::npos);
  }
}

TEST(OptionSet, BooleanFlagForms) {
  for (const auto& [args, expected] : std::vector<std::pair<std::vector<std::string>, bool>>{
           {{"--verbose"}, true}, {{"--verbose=false"}, false}, {{"--verbose=true"}, true}, {{}, false}}) {
    Settings s;
    OptionSet set("demo", "a demo job");
    bind(set, s);
    set.parse(args, {});
    EXPECT_EQ(s.verbose, expected);
  }
}

TEST(OptionSet, DumpConfigRoundTrips) {
  Settings s;
  OptionSet set("demo", "a demo job");
  bind(set, s);
  set.parse({"--dir", "/tmp/x y", "--threshold", "0.1", "--verbose", "--budget", "18446744073709551615"}, {});
  const auto dumped = set.dump_ini();
  const auto file = write_file("nayose_dump.ini", dumped);
  Settings again;
  OptionSet set2("demo", "a demo job");
  bind(set2, again);
  set2.parse({"--config", file}, {});
  EXPECT_EQ(set2.dump_ini(), dumped);
  EXPECT_EQ(again.dir, "/tmp/x y");
  EXPECT_DOUBLE_EQ(again.threshold, 0.1);
  EXPECT_TRUE(again.verbose);
  EXPECT_EQ(again.budget, 18446744073709551615ULL);
}

TEST(OptionSet, HelpListsOptionsAndEnvironment) {
  Settings s;
  OptionSet set("demo", "a demo job");
  bind(set, s);
  const auto help = set.help_text();
  EXPECT_NE(help.find("nayose demo"), std::string::npos);
  EXPECT_NE(help.find("--threshold"), std::string::npos);
  EXPECT_NE(help.find("--dump-config"), std::string::npos);
  EXPECT_NE(help.find("NAYOSE_DIR"), std::string::npos);
  EXPECT_EQ(OptionSet::environment_name("min-free-disk-mib"), "NAYOSE_MIN_FREE_DISK_MIB");
}

TEST(OptionSet, ListsComeWholeFromTheHighestPrecedenceSource) {
  const auto file = write_file("nayose_list.ini", "sources = /f1\nsources = /f2\n");
  {
    std::vector<std::string> sources;
    OptionSet set("demo", "a demo job");
    set.add("sources", &sources, "input directories");
    set.parse({"--config", file}, {});
    EXPECT_EQ(sources, (std::vector<std::string>{"/f1", "/f2"}));
    EXPECT_EQ(set.source_of("sources"), "config file " + file);
    // The dump gives one line per value and reads back to the same list.
    const auto dumped = write_file("nayose_list_dump.ini", set.dump_ini());
    std::vector<std::string> again;
    OptionSet reread("demo", "a demo job");
    reread.add("sources", &again, "input directories");
    reread.parse({"--config", dumped}, {});
    EXPECT_EQ(again, sources);
  }
  {
    std::vector<std::string> sources;
    OptionSet set("demo", "a demo job");
    set.add("sources", &sources, "input directories");
    set.parse({"--config", file, "--sources", "/c1", "--sources", "/c2"}, {"NAYOSE_SOURCES=/e1:/e2"});
    EXPECT_EQ(sources, (std::vector<std::string>{"/c1", "/c2"}));
    EXPECT_EQ(set.source_of("sources"), "command line");
  }
  {
    std::vector<std::string> sources;
    OptionSet set("demo", "a demo job");
    set.add("sources", &sources, "input directories");
    set.parse({"--config", file}, {"NAYOSE_SOURCES=/e1:/e2"});
    EXPECT_EQ(sources, (std::vector<std::string>{"/e1", "/e2"}));
  }
  {
    std::vector<std::string> sources;
    OptionSet set("demo", "a demo job");
    set.add("sources", &sources, "input directories");
    set.parse({}, {});
    EXPECT_TRUE(sources.empty());
    EXPECT_NE(set.dump_ini().find("# sources = (none"), std::string::npos);
  }
}
