#include "src/config/options.hpp"

#include <boost/program_options.hpp>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

#include "src/common/error.hpp"

extern char** environ;  // NOLINT: POSIX

namespace nayose::config {
namespace po = boost::program_options;

namespace {
// Renders a bound value so that Boost parses it back to the same value.
using Formatter = std::function<std::string()>;

// The shortest text that parses back to exactly `v` (0.04, not 0.040000000000000001).
std::string format_double(double v) {
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, result.ptr);
}

struct Option {
  std::string name;
  std::string help;
  Formatter format;
  std::string source = "default";
  bool multi = false;  // a list: format() gives one value per line
};
}  // namespace

struct OptionSet::Impl {
  po::options_description visible{"Options"};
  po::options_description meta{"General"};
  std::vector<Option> options;
  std::map<std::string, std::size_t> index;
  std::map<std::string, std::vector<std::string>*> lists;

  template <typename T>
  void add(const std::string& name, T* target, const std::string& help, Formatter format) {
    if (index.count(name) != 0) throw Error("option --" + name + " registered twice");
    visible.add_options()(name.c_str(), po::value<T>(target)->default_value(*target, format()), help.c_str());
    index[name] = options.size();
    options.push_back({name, help, std::move(format), "default"});
  }
};

OptionSet::OptionSet(std::string job, std::string summary)
    : job_(std::move(job)), summary_(std::move(summary)), impl_(std::make_unique<Impl>()) {
  impl_->meta.add_options()
      ("help,h", po::bool_switch(&meta_.help), "print this help and exit")
      ("config", po::value<std::string>(&meta_.config_file), "INI config file (see jobs/<job>.ini); env NAYOSE_CONFIG")
      ("dump-config", po::bool_switch(&meta_.dump_config), "print the effective configuration as INI and exit")
      ("dry-run", po::bool_switch(&meta_.dry_run), "validate the configuration and inputs, then exit");
}

OptionSet::~OptionSet() = default;

void OptionSet::add(const std::string& name, std::string* target, const std::string& help) {
  impl_->add(name, target, help, [target] { return *target; });
}
void OptionSet::add(const std::string& name, int* target, const std::string& help) {
  impl_->add(name, target, help, [target] { return std::to_string(*target); });
}
void OptionSet::add(const std::string& name, std::int64_t* target, const std::string& help) {
  impl_->add(name, target, help, [target] { return std::to_string(*target); });
}
void OptionSet::add(const std::string& name, std::uint64_t* target, const std::string& help) {
  impl_->add(name, target, help, [target] { return std::to_string(*target); });
}
void OptionSet::add(const std::string& name, double* target, const std::string& help) {
  impl_->add(name, target, help, [target] { return format_double(*target); });
}
void OptionSet::add(const std::string& name, bool* target, const std::string& help) {
  if (impl_->index.count(name) != 0) throw Error("option --" + name + " registered twice");
  const Formatter format = [target] { return std::string(*target ? "true" : "false"); };
  // implicit_value lets `--flag` mean true while `--flag=false` and INI `flag = false` still work.
  impl_->visible.add_options()(name.c_str(),
                               po::value<bool>(target)->default_value(*target, format())->implicit_value(true, "true"),
                               help.c_str());
  impl_->index[name] = impl_->options.size();
  impl_->options.push_back({name, help, format, "default"});
}

void OptionSet::add(const std::string& name, std::vector<std::string>* target, const std::string& help) {
  if (impl_->index.count(name) != 0) throw Error("option --" + name + " registered twice");
  const Formatter format = [target] {
    std::string out;
    for (const auto& v : *target) out += (out.empty() ? "" : "\n") + v;
    return out;
  };
  // Not bound through Boost (its notify() trips GCC 12's -Wnull-dereference): copied after parse.
  impl_->visible.add_options()(name.c_str(), po::value<std::vector<std::string>>()->composing(), help.c_str());
  impl_->lists[name] = target;
  impl_->index[name] = impl_->options.size();
  impl_->options.push_back({name, help, format, "default", true});
}

std::string OptionSet::environment_name(const std::string& name) {
  std::string env = "NAYOSE_";
  for (const char c : name) {
    env += (c == '-' || c == '.') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return env;
}

void OptionSet::parse(const std::vector<std::string>& args, const std::vector<std::string>& environment) {
  std::vector<std::string> problems;
  po::options_description all;
  all.add(impl_->meta).add(impl_->visible);
  po::variables_map vm;

  // Stores one option at a time so that one bad value does not hide the others. Boost's store()
  // never overwrites a value stored earlier, which gives the precedence order for free.
  const auto store_each = [&](const po::parsed_options& parsed, const std::string& source,
                              std::set<std::string>& seen) {
    for (const auto& opt : parsed.options) {
      if (opt.unregistered) {
        const bool from_cli = source == "command line" && !opt.original_tokens.empty();
        problems.push_back(source + ": unknown option '" + (from_cli ? opt.original_tokens.front() : opt.string_key) +
                           "'");
        continue;
      }
      const auto known = impl_->index.find(opt.string_key);
      const bool multi = known != impl_->index.end() && impl_->options[known->second].multi;
      if (multi) {
        // A list is taken whole from the first (highest-precedence) source that gives it.
        const std::string& first_source = impl_->options[known->second].source;
        if (first_source != "default" && first_source != source) continue;
      } else if (!seen.insert(opt.string_key).second) {
        problems.push_back(source + ": option '" + opt.string_key + "' given more than once");
        continue;
      }
      po::parsed_options single(&all);
      single.options.push_back(opt);
      try {
        const bool was_set = !multi && vm.count(opt.string_key) != 0 && !vm[opt.string_key].defaulted();
        po::store(single, vm);
        if (!was_set) {
          if (auto it = impl_->index.find(opt.string_key); it != impl_->index.end()) {
            impl_->options[it->second].source = source;
          }
        }
      } catch (const po::error& e) {
        problems.push_back(source + ": " + e.what());
      }
    }
  };

  // 1. command line
  std::set<std::string> seen_cli;
  try {
    const auto parsed = po::command_line_parser(args).options(all).allow_unregistered().run();
    store_each(parsed, "command line", seen_cli);
    for (const auto& token : po::collect_unrecognized(parsed.options, po::include_positional)) {
      if (token.rfind("--", 0) != 0 && token.rfind('-', 0) != 0) {
        problems.push_back("command line: unexpected argument '" + token + "'");
      }
    }
  } catch (const po::error& e) {
    problems.push_back(std::string("command line: ") + e.what());
  }

  // 2. environment: NAYOSE_* variables naming a known option (including NAYOSE_CONFIG).
  std::set<std::string> seen_env;
  {
    std::map<std::string, std::string> by_env;
    for (const auto* d : {&impl_->meta, &impl_->visible}) {
      for (const auto& o : d->options()) {
        const auto& n = o->long_name();
        if (n == "help" || n == "dump-config" || n == "dry-run") continue;
        by_env[environment_name(n)] = n;
      }
    }
    po::parsed_options parsed(&all);
    for (const auto& kv : environment) {
      const auto eq = kv.find('=');
      if (eq == std::string::npos) continue;
      const auto key = kv.substr(0, eq);
      if (auto it = by_env.find(key); it != by_env.end()) {
        const auto known = impl_->index.find(it->second);
        if (known != impl_->index.end() && impl_->options[known->second].multi) {
          // Lists are colon-separated in the environment.
          const std::string value = kv.substr(eq + 1);
          std::vector<std::string> parts;
          for (std::size_t start = 0;;) {
            const auto colon = value.find(':', start);
            parts.push_back(value.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
            if (colon == std::string::npos) break;
            start = colon + 1;
          }
          parsed.options.push_back(po::option(it->second, parts));
        } else {
          po::option opt(it->second, {kv.substr(eq + 1)});
          parsed.options.push_back(opt);
        }
      }
    }
    for (const auto& opt : parsed.options) {
      po::parsed_options one(&all);
      one.options.push_back(opt);
      store_each(one, "environment " + environment_name(opt.string_key), seen_env);
    }
  }

  // 3. config file
  if (vm.count("config") != 0) meta_.config_file = vm["config"].as<std::string>();
  if (!meta_.config_file.empty()) {
    std::ifstream in(meta_.config_file);
    if (!in) {
      problems.push_back("config file " + meta_.config_file + ": cannot be opened");
    } else {
      try {
        // Meta options are not allowed in files (a file naming another file would be confusing).
        const auto parsed = po::parse_config_file(in, impl_->visible, true);
        std::set<std::string> seen_file;
        store_each(parsed, "config file " + meta_.config_file, seen_file);
      } catch (const po::error& e) {
        problems.push_back("config file " + meta_.config_file + ": " + e.what());
      }
    }
  }

  // 4. defaults (store applied them), then write every value to its field.
  try {
    po::notify(vm);
    for (const auto& [list_name, target] : impl_->lists) {
      if (vm.count(list_name) != 0) {
        const auto* values = boost::any_cast<std::vector<std::string>>(&vm[list_name].value());
        if (values != nullptr) *target = *values;
      }
    }
  } catch (const po::error& e) {
    problems.push_back(e.what());
  }
  if (!problems.empty()) throw ConfigError(std::move(problems));
}

std::string OptionSet::source_of(const std::string& name) const {
  const auto it = impl_->index.find(name);
  return it == impl_->index.end() ? std::string("unknown") : impl_->options[it->second].source;
}

std::string OptionSet::help_text() const {
  std::ostringstream out;
  out << "usage: nayose " << job_ << " [options]\n\n" << summary_ << "\n\n";
  out << impl_->visible << "\n" << impl_->meta << "\n";
  out << "Every option can also be set in the environment (NAYOSE_<OPTION>, e.g. "
      << (impl_->options.empty() ? std::string("NAYOSE_CONFIG") : environment_name(impl_->options.front().name))
      << ") or in the config file; precedence: command line > environment > config file > defaults.\n";
  return out.str();
}

std::string OptionSet::dump_ini() const {
  std::ostringstream out;
  out << "# nayose " << job_ << " configuration (nayose " << job_ << " --dump-config)\n";
  for (const auto& o : impl_->options) {
    out << "\n# " << o.help << "\n";
    if (o.multi) {
      // One line per value; an empty list has no line (a line would mean one empty value).
      const std::string values = o.format();
      if (values.empty()) out << "# " << o.name << " = (none; repeat the line for several values)\n";
      for (std::size_t start = 0; start < values.size();) {
        const auto nl = values.find('\n', start);
        out << o.name << " = " << values.substr(start, nl == std::string::npos ? std::string::npos : nl - start) << "\n";
        if (nl == std::string::npos) break;
        start = nl + 1;
      }
      continue;
    }
    out << o.name << " = " << o.format() << "\n";
  }
  return out.str();
}

std::vector<std::string> process_environment() {
  std::vector<std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) out.emplace_back(*e);
  return out;
}

}  // namespace nayose::config
