#pragma once
// The jobs the `nayose` executable dispatches to, in the order `nayose --help` lists them.
#include <memory>
#include <span>
#include <string_view>

#include "src/runtime/job.hpp"

namespace nayose::jobs {

struct JobEntry {
  std::string_view name;
  std::string_view summary;
  std::unique_ptr<runtime::Job> (*make)();
};

std::span<const JobEntry> registry();

std::unique_ptr<runtime::Job> make_doctor();
std::unique_ptr<runtime::Job> make_keygen();
std::unique_ptr<runtime::Job> make_generate();
std::unique_ptr<runtime::Job> make_ingest();
std::unique_ptr<runtime::Job> make_trace();
std::unique_ptr<runtime::Job> make_link();
std::unique_ptr<runtime::Job> make_link_eval();

}  // namespace nayose::jobs
