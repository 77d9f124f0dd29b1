// PLACEHOLDER (being written)
#include "src/parse/claims_parser.hpp"
namespace nayose::parse {
ParsedFile parse_uke(std::string_view) { ParsedFile f; f.problem = FileProblem{Reason::file_not_format, "not implemented"}; return f; }
ParsedFile parse_cyo(std::string_view) { ParsedFile f; f.kind = SourceKind::cyo; f.problem = FileProblem{Reason::file_not_format, "not implemented"}; return f; }
}
