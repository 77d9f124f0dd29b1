// PLACEHOLDER (being written)
#include "src/parse/checkup_xml_parser.hpp"
namespace nayose::parse {
ParsedFile parse_checkup_xml(std::string_view) { ParsedFile f; f.kind = SourceKind::checkup; f.problem = FileProblem{Reason::file_not_format, "not implemented"}; return f; }
}
