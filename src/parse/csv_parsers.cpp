// PLACEHOLDER (being written)
#include "src/parse/csv_parsers.hpp"
namespace nayose::parse {
ParsedFile parse_care_csv(std::string_view) { ParsedFile f; f.kind = SourceKind::care; f.problem = FileProblem{Reason::file_not_format, "not implemented"}; return f; }
ParsedFile parse_death_csv(std::string_view, std::string_view) { ParsedFile f; f.kind = SourceKind::death; f.problem = FileProblem{Reason::file_not_format, "not implemented"}; return f; }
}
