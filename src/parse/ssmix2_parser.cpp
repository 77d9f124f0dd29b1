// PLACEHOLDER (being written)
#include "src/parse/ssmix2_parser.hpp"
namespace nayose::parse {
std::optional<Ssmix2Path> parse_ssmix2_path(std::string_view) { return std::nullopt; }
ParsedFile parse_ssmix2(std::string_view, std::string_view) { ParsedFile f; f.kind = SourceKind::ssmix2; f.problem = FileProblem{Reason::file_not_format, "not implemented"}; return f; }
}
