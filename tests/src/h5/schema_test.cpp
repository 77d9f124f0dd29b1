// Serial tests of schemas (parsing, the compiled-in files and their README page) and of the
// pure helpers of the HDF5 layer. No MPI, no files written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "src/common/error.hpp"
#include "src/h5/columns.hpp"
#include "src/h5/properties.hpp"
#include "src/h5/schema.hpp"

namespace nayose::h5 {
namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

const std::filesystem::path kSchemaDir = NAYOSE_HDF5_SCHEMA_DIR;

TEST(H5SchemaFiles, EveryCompiledInSchemaLoads) {
  ASSERT_FALSE(schema_names().empty());
  for (const auto& name : schema_names()) {
    SCOPED_TRACE(name);
    const auto schema = load_schema(name);
    EXPECT_EQ(schema.name(), name);
    EXPECT_GE(schema.version(), 1);
    EXPECT_FALSE(schema.datasets().empty());
  }
}

TEST(H5SchemaFiles, CompiledInSchemasMatchTheSourceTree) {
  std::size_t on_disk = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kSchemaDir)) {
    if (entry.path().extension() == ".json") ++on_disk;
  }
  EXPECT_EQ(on_disk, embedded_schema_files().size()) << "rebuild: hdf5-schemas/ and the binary disagree";
  for (const auto& file : embedded_schema_files()) {
    EXPECT_EQ(read_text(kSchemaDir / std::string(file.name)), file.content) << file.name << " changed since the build";
  }
}

// The README is the human-readable contract: every schema, version, dataset and attribute of the
// JSON files must appear in it.
TEST(H5SchemaFiles, ReadmeDocumentsEverySchemaDatasetAndAttribute) {
  const auto readme = read_text(kSchemaDir / "README.md");
  for (const auto& name : schema_names()) {
    const auto schema = load_schema(name);
    const auto heading = "## " + schema.name() + " (version " + std::to_string(schema.version()) + ")";
    const auto section_start = readme.find(heading);
    ASSERT_NE(section_start, std::string::npos) << "README.md lacks the heading \"" << heading << "\"";
    const auto section_end = readme.find("\n## ", section_start + 1);
    const auto section = readme.substr(section_start, section_end == std::string::npos ? std::string::npos
                                                                                        : section_end - section_start);
    for (const auto& dataset : schema.datasets()) {
      EXPECT_NE(section.find("| `" + dataset.path + "` | " + dataset.type.name()), std::string::npos)
          << "README.md section " << schema.label() << " lacks a row \"| `" << dataset.path << "` | "
          << dataset.type.name() << "\"";
    }
    for (const auto& attribute : schema.attributes()) {
      EXPECT_NE(section.find("| `" + attribute.name + "` | " + attribute_type_name(attribute.type) + " |"),
                std::string::npos)
          << "README.md section " << schema.label() << " lacks attribute " << attribute.name;
    }
  }
}

TEST(H5SchemaFiles, DoctorProbeIsWhatTheProbeWrites) {
  const auto schema = load_schema("doctor_probe");
  EXPECT_EQ(schema.version(), 1);
  EXPECT_EQ(schema.dataset("rank").type, (ElementType{ElementKind::int32, 4}));
  EXPECT_EQ(schema.dataset("row").type, (ElementType{ElementKind::uint64, 8}));
  EXPECT_EQ(schema.dataset("value").type, (ElementType{ElementKind::float64, 8}));
  EXPECT_EQ(schema.dataset("tag").type, (ElementType{ElementKind::bytes, 32}));
  EXPECT_EQ(schema.dataset("text").type.kind, ElementKind::ragged);
  EXPECT_EQ(schema.attribute("ranks").type, AttributeType::int64);
}

TEST(H5SchemaFiles, UnknownSchemaNamesTheKnownOnes) {
  try {
    (void)load_schema("no_such_schema");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("unknown HDF5 schema \"no_such_schema\""), std::string::npos) << message;
    EXPECT_NE(message.find("doctor_probe"), std::string::npos) << message;
  }
}

std::string parse_error(const std::string& json) {
  try {
    (void)Schema::parse(json, "test.json");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

std::string with_dataset(const std::string& dataset) {
  return R"({"schema_name": "t", "schema_version": 1, "description": "d", "attributes": [], "datasets": [)" + dataset +
         "]}";
}

TEST(H5SchemaParse, AcceptsEveryElementType) {
  const auto schema = Schema::parse(with_dataset(R"(
      {"path": "a", "type": "int8", "chunk_rows": 1, "deflate": 0, "fletcher32": false, "description": "d"},
      {"path": "g/b", "type": "bytes[16]", "chunk_rows": 10, "deflate": 9, "fletcher32": true, "description": "d"},
      {"path": "g/c", "type": "string[3]", "chunk_rows": 10, "deflate": 0, "fletcher32": false, "required": false, "description": "d"},
      {"path": "g/h/r", "type": "ragged", "chunk_rows": 10, "deflate": 1, "fletcher32": false, "description": "d"})"),
                                    "ok.json");
  EXPECT_EQ(schema.label(), "t v1");
  EXPECT_EQ(schema.dataset("g/b").type.width, 16U);
  EXPECT_EQ(schema.dataset("g/b").deflate, 9);
  EXPECT_FALSE(schema.dataset("g/c").required);
  EXPECT_EQ(schema.dataset("g/h/r").data_chunk_bytes, 1U << 20);
  EXPECT_EQ(schema.find_dataset("zzz"), nullptr);
  for (const char* name : {"int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float32", "float64",
                           "bytes[1]", "string[65536]", "ragged"}) {
    EXPECT_EQ(ElementType::parse(name).name(), name);
  }
}

TEST(H5SchemaParse, ReportsEveryProblemAtOnce) {
  const auto message = parse_error(with_dataset(R"(
      {"path": "/abs", "type": "int33", "chunk_rows": 0, "deflate": 10, "fletcher32": "yes", "description": ""},
      {"path": "x", "type": "bytes[0]", "chunk_rows": 1, "deflate": 0, "fletcher32": false, "description": "d", "colour": 1},
      {"path": "y", "type": "uint8", "chunk_rows": 1, "data_chunk_bytes": 5, "deflate": 0, "fletcher32": false, "description": "d"},
      {"path": "z", "type": "uint8", "deflate": 0, "fletcher32": false, "description": "d"})"));
  for (const char* fragment :
       {"invalid HDF5 schema test.json", "path must be", "unknown element type \"int33\"", "chunk_rows must be >= 1",
        "deflate must be 0 (off) to 9", "\"fletcher32\" must be true or false", "description must not be empty",
        "width must be an integer from 1 to 65536", "unknown key \"colour\"", "data_chunk_bytes applies to ragged columns only",
        "datasets[3] (z): missing \"chunk_rows\""}) {
    EXPECT_NE(message.find(fragment), std::string::npos) << "lacks \"" << fragment << "\":\n" << message;
  }
}

TEST(H5SchemaParse, RejectsClashingPaths) {
  EXPECT_NE(parse_error(with_dataset(R"(
      {"path": "a", "type": "int8", "chunk_rows": 1, "deflate": 0, "fletcher32": false, "description": "d"},
      {"path": "a/b", "type": "int8", "chunk_rows": 1, "deflate": 0, "fletcher32": false, "description": "d"})"))
                .find("\"a\" is a dataset and also a group"),
            std::string::npos);
  EXPECT_NE(parse_error(with_dataset(R"(
      {"path": "t", "type": "ragged", "chunk_rows": 1, "deflate": 0, "fletcher32": false, "description": "d"},
      {"path": "t/offsets", "type": "uint64", "chunk_rows": 1, "deflate": 0, "fletcher32": false, "description": "d"})"))
                .find("HDF5 dataset t/offsets is defined twice"),
            std::string::npos);
  EXPECT_NE(parse_error(R"({"schema_name": "t", "schema_version": 1, "description": "d", "datasets": [],
      "attributes": [{"name": "git_sha", "type": "string", "description": "d"}]})")
                .find("every file carries this attribute already"),
            std::string::npos);
  EXPECT_NE(parse_error("{not json").find("not valid JSON"), std::string::npos);
}

TEST(H5SchemaParse, UnknownDatasetListsTheKnownOnes) {
  const auto schema = load_schema("doctor_probe");
  try {
    (void)schema.dataset("nope");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("schema doctor_probe v1 has no dataset \"nope\" (it has: rank, row, value, tag, text)"),
              std::string::npos)
        << e.what();
  }
}

TEST(H5Helpers, SliceForRankCoversEveryRowOnceInRankOrder) {
  for (std::uint64_t total : {0U, 1U, 7U, 100U, 1001U}) {
    for (int ranks = 1; ranks <= 9; ++ranks) {
      std::uint64_t next = 0;
      for (int r = 0; r < ranks; ++r) {
        const auto s = slice_for_rank(total, r, ranks);
        EXPECT_EQ(s.first, next);
        EXPECT_LE(s.count, total / static_cast<std::uint64_t>(ranks) + 1);
        next += s.count;
      }
      EXPECT_EQ(next, total);
    }
  }
  EXPECT_EQ(slice_for_rank(10, 0, 3), (RowRange{0, 4}));
  EXPECT_EQ(slice_for_rank(10, 2, 3), (RowRange{7, 3}));
  EXPECT_THROW((void)slice_for_rank(10, 3, 3), Error);
}

TEST(H5Helpers, ChunkRowsAreClampedToTheDatasetAndToOneGiB) {
  EXPECT_EQ(clamp_chunk_rows(65536, 1000, 8), 1000U);
  EXPECT_EQ(clamp_chunk_rows(65536, 0, 8), 1U);
  EXPECT_EQ(clamp_chunk_rows(100, 1000000, 8), 100U);
  EXPECT_EQ(clamp_chunk_rows(std::uint64_t{1} << 40, std::uint64_t{1} << 40, 8), (std::uint64_t{1} << 30) / 8);
}

TEST(H5Helpers, RaggedColumnRows) {
  RaggedColumn c;
  EXPECT_TRUE(c.empty());
  c.push_back("名寄せ");
  c.push_back("");
  c.push_back("abc");
  EXPECT_EQ(c.size(), 3U);
  EXPECT_EQ(c.row_text(0), "名寄せ");
  EXPECT_EQ(c.row_text(1), "");
  EXPECT_EQ(c.row_text(2), "abc");
  EXPECT_EQ(c.offsets, (std::vector<std::uint64_t>{0, 9, 9, 12}));
}

TEST(H5Helpers, PropertiesAreDescribedForTheLog) {
  const auto text = describe_properties();
  for (const char* fragment : {"MPI-IO", "coll_metadata_write", "all_coll_metadata_ops", "obj_track_times off",
                               "H5FD_MPIO_COLLECTIVE", "[v1.8, v1.10]"}) {
    EXPECT_NE(text.find(fragment), std::string::npos) << fragment;
  }
}

}  // namespace
}  // namespace nayose::h5
