#include "src/parse/source.hpp"

#include <string>

#include "src/parse/checkup_xml_parser.hpp"
#include "src/parse/claims_parser.hpp"
#include "src/parse/csv_parsers.hpp"
#include "src/parse/ssmix2_parser.hpp"

namespace nayose::parse {

namespace {

std::string_view base_name(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view parent_name(std::string_view path) {
  const auto slash = path.rfind('/');
  if (slash == std::string_view::npos) return {};
  const std::string_view parent = path.substr(0, slash);
  return base_name(parent);
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool starts_with_component(std::string_view path, std::string_view first) {
  return path.size() > first.size() && path.substr(0, first.size()) == first && path[first.size()] == '/';
}

}  // namespace

std::optional<SourceKind> detect_kind(std::string_view relative_path) {
  const std::string_view name = base_name(relative_path);
  if (name == "RECEIPTC.UKE") return SourceKind::uke;
  if (name == "RECEIPTY.CYO") return SourceKind::cyo;
  if (parent_name(relative_path) == "DATA" && name.size() > 5 && name.front() == 'h' && ends_with(name, ".xml")) {
    return SourceKind::checkup;
  }
  if (ends_with(name, ".csv")) {
    // The first path component names the layout (care/<事業所番号>/…, death/<都道府県>/…), possibly
    // below a delivery folder: look for the component anywhere above the file.
    const std::string path(relative_path);
    if (starts_with_component(relative_path, "care") || path.find("/care/") != std::string::npos) {
      return SourceKind::care;
    }
    if (starts_with_component(relative_path, "death") || path.find("/death/") != std::string::npos) {
      return SourceKind::death;
    }
    return std::nullopt;
  }
  if (parse_ssmix2_path(relative_path).has_value()) return SourceKind::ssmix2;
  return std::nullopt;
}

ParsedFile parse_source(SourceKind kind, std::string_view relative_path, std::string_view bytes) {
  switch (kind) {
    case SourceKind::uke: return parse_uke(bytes);
    case SourceKind::cyo: return parse_cyo(bytes);
    case SourceKind::ssmix2: return parse_ssmix2(relative_path, bytes);
    case SourceKind::checkup: return parse_checkup_xml(bytes);
    case SourceKind::care: return parse_care_csv(bytes);
    case SourceKind::death: return parse_death_csv(relative_path, bytes);
  }
  ParsedFile file;
  file.kind = kind;
  file.problem = FileProblem{Reason::file_unrecognised, "unknown source kind"};
  return file;
}

}  // namespace nayose::parse
