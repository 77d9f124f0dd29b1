#include "src/h5/schema.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <set>

#include "src/common/error.hpp"

namespace nayose::h5 {
namespace {

using nlohmann::json;

constexpr std::uint64_t kMaxChunkBytes = std::uint64_t{1} << 30;  // HDF5's hard limit is 4 GiB
constexpr std::uint64_t kDefaultRaggedDataChunkBytes = std::uint64_t{1} << 20;
constexpr std::size_t kMaxFixedWidth = 65536;

struct NamedKind {
  std::string_view name;
  ElementKind kind;
  std::size_t width;
};
constexpr NamedKind kArithmeticKinds[] = {
    {"int8", ElementKind::int8, 1},       {"uint8", ElementKind::uint8, 1},
    {"int16", ElementKind::int16, 2},     {"uint16", ElementKind::uint16, 2},
    {"int32", ElementKind::int32, 4},     {"uint32", ElementKind::uint32, 4},
    {"int64", ElementKind::int64, 8},     {"uint64", ElementKind::uint64, 8},
    {"float32", ElementKind::float32, 4}, {"float64", ElementKind::float64, 8},
};

bool is_identifier(std::string_view s) {
  if (s.empty() || s.front() < 'a' || s.front() > 'z') return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool is_dataset_path(std::string_view path) {
  if (path.empty()) return false;
  std::size_t start = 0;
  while (true) {
    const auto slash = path.find('/', start);
    const auto part = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part.empty()) return false;
    if (!std::all_of(part.begin(), part.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        })) {
      return false;
    }
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

// Collects problems with one JSON object's members: unknown keys, missing or mistyped values.
class ObjectReader {
 public:
  ObjectReader(const json& object, std::string where, std::vector<std::string>& problems)
      : object_(object), where_(std::move(where)), problems_(problems) {
    if (!object_.is_object()) problems_.push_back(where_ + ": expected a JSON object");
  }

  void allow_only(std::initializer_list<std::string_view> keys) {
    if (!object_.is_object()) return;
    for (const auto& [key, value] : object_.items()) {
      if (key == "$comment") continue;
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        problems_.push_back(where_ + ": unknown key \"" + key + "\"");
      }
    }
  }

  bool has(std::string_view key) const { return object_.is_object() && object_.contains(key); }

  std::string string(std::string_view key) {
    if (const auto* v = member(key); v != nullptr) {
      if (v->is_string()) return v->get<std::string>();
      problems_.push_back(where_ + ": \"" + std::string(key) + "\" must be a string");
    }
    return {};
  }

  std::int64_t integer(std::string_view key, std::int64_t fallback, bool required) {
    if (!required && !has(key)) return fallback;
    if (const auto* v = member(key); v != nullptr) {
      if (v->is_number_integer()) return v->get<std::int64_t>();
      problems_.push_back(where_ + ": \"" + std::string(key) + "\" must be an integer");
    }
    return fallback;
  }

  bool boolean(std::string_view key, bool fallback, bool required) {
    if (!required && !has(key)) return fallback;
    if (const auto* v = member(key); v != nullptr) {
      if (v->is_boolean()) return v->get<bool>();
      problems_.push_back(where_ + ": \"" + std::string(key) + "\" must be true or false");
    }
    return fallback;
  }

  const json* array(std::string_view key) {
    if (const auto* v = member(key); v != nullptr) {
      if (v->is_array()) return v;
      problems_.push_back(where_ + ": \"" + std::string(key) + "\" must be an array");
    }
    return nullptr;
  }

  const std::string& where() const { return where_; }

 private:
  const json* member(std::string_view key) {
    if (!object_.is_object()) return nullptr;
    const auto it = object_.find(key);
    if (it == object_.end()) {
      problems_.push_back(where_ + ": missing \"" + std::string(key) + "\"");
      return nullptr;
    }
    return &*it;
  }

  const json& object_;
  std::string where_;
  std::vector<std::string>& problems_;
};

// "datasets[2] (path)" / "attributes[0] (name)": how problems name an array element.
std::string element_label(const json& element, const char* array, std::size_t index, const char* key) {
  std::string label = std::string(array) + "[" + std::to_string(index) + "]";
  if (element.is_object()) {
    const auto it = element.find(key);
    if (it != element.end() && it->is_string()) label += " (" + it->get<std::string>() + ")";
  }
  return label;
}

std::string join_problems(std::string_view origin, const std::vector<std::string>& problems) {
  std::string out = "invalid HDF5 schema " + std::string(origin) + ":";
  for (const auto& p : problems) out += "\n  - " + p;
  return out;
}

}  // namespace

std::string ElementType::name() const {
  for (const auto& k : kArithmeticKinds) {
    if (k.kind == kind) return std::string(k.name);
  }
  switch (kind) {
    case ElementKind::bytes: return "bytes[" + std::to_string(width) + "]";
    case ElementKind::string: return "string[" + std::to_string(width) + "]";
    case ElementKind::ragged: return "ragged";
    default: return "?";
  }
}

ElementType ElementType::parse(std::string_view text) {
  for (const auto& k : kArithmeticKinds) {
    if (k.name == text) return {k.kind, k.width};
  }
  if (text == "ragged") return {ElementKind::ragged, 0};
  for (const auto& [prefix, kind] : {std::pair<std::string_view, ElementKind>{"bytes[", ElementKind::bytes},
                                     std::pair<std::string_view, ElementKind>{"string[", ElementKind::string}}) {
    if (text.starts_with(prefix) && text.ends_with("]")) {
      const auto digits = text.substr(prefix.size(), text.size() - prefix.size() - 1);
      std::size_t n = 0;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
      if (ec == std::errc() && end == digits.data() + digits.size() && !digits.empty() && n >= 1 && n <= kMaxFixedWidth) {
        return {kind, n};
      }
      throw Error("element type \"" + std::string(text) + "\": width must be an integer from 1 to " +
                  std::to_string(kMaxFixedWidth));
    }
  }
  throw Error("unknown element type \"" + std::string(text) +
              "\" (known: int8, uint8, int16, uint16, int32, uint32, int64, uint64, float32, float64, "
              "bytes[N], string[N], ragged)");
}

const char* attribute_type_name(AttributeType type) {
  return type == AttributeType::string ? "string" : "int64";
}

bool is_standard_attribute(std::string_view name) {
  return name == kSchemaNameAttribute || name == kSchemaVersionAttribute || name == kNayoseVersionAttribute ||
         name == kGitShaAttribute;
}

Schema Schema::parse(std::string_view json_text, std::string_view origin) {
  json doc;
  try {
    doc = json::parse(json_text.begin(), json_text.end());
  } catch (const json::parse_error& e) {
    throw Error("invalid HDF5 schema " + std::string(origin) + ": not valid JSON: " + e.what());
  }

  std::vector<std::string> problems;
  Schema schema;
  ObjectReader top(doc, "top level", problems);
  top.allow_only({"schema_name", "schema_version", "description", "attributes", "datasets"});
  schema.name_ = top.string("schema_name");
  if (top.has("schema_name") && !is_identifier(schema.name_)) {
    problems.push_back("schema_name \"" + schema.name_ + "\" must match [a-z][a-z0-9_]*");
  }
  schema.version_ = top.integer("schema_version", 0, true);
  if (top.has("schema_version") && schema.version_ < 1) problems.push_back("schema_version must be >= 1");
  schema.description_ = top.string("description");
  if (top.has("description") && schema.description_.empty()) problems.push_back("description must not be empty");

  if (const auto* attributes = top.array("attributes")) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < attributes->size(); ++i) {
      ObjectReader a((*attributes)[i], element_label((*attributes)[i], "attributes", i, "name"), problems);
      a.allow_only({"name", "type", "required", "description"});
      AttributeSpec spec;
      spec.name = a.string("name");
      const auto type = a.string("type");
      spec.required = a.boolean("required", true, false);
      spec.description = a.string("description");
      const auto& where = a.where();
      if (a.has("name") && !is_identifier(spec.name)) problems.push_back(where + ": name must match [a-z][a-z0-9_]*");
      if (is_standard_attribute(spec.name)) {
        problems.push_back(where + ": every file carries this attribute already; do not list it");
      }
      if (!spec.name.empty() && !seen.insert(spec.name).second) problems.push_back(where + ": listed twice");
      if (type == "string") {
        spec.type = AttributeType::string;
      } else if (type == "int64") {
        spec.type = AttributeType::int64;
      } else if (a.has("type")) {
        problems.push_back(where + ": type must be \"string\" or \"int64\", not \"" + type + "\"");
      }
      if (a.has("description") && spec.description.empty()) problems.push_back(where + ": description must not be empty");
      schema.attributes_.push_back(std::move(spec));
    }
  }

  if (const auto* datasets = top.array("datasets")) {
    // Every HDF5 object the schema implies, to catch a dataset that is also another's group.
    std::set<std::string> dataset_objects;
    std::set<std::string> group_objects;
    for (std::size_t i = 0; i < datasets->size(); ++i) {
      ObjectReader d((*datasets)[i], element_label((*datasets)[i], "datasets", i, "path"), problems);
      d.allow_only({"path", "type", "chunk_rows", "data_chunk_bytes", "deflate", "fletcher32", "required", "description"});
      DatasetSpec spec;
      spec.path = d.string("path");
      const auto type_text = d.string("type");
      const auto chunk_rows = d.integer("chunk_rows", 0, true);
      const auto deflate = d.integer("deflate", 0, true);
      spec.fletcher32 = d.boolean("fletcher32", false, true);
      spec.required = d.boolean("required", true, false);
      spec.description = d.string("description");
      const auto& where = d.where();
      if (d.has("path") && !is_dataset_path(spec.path)) {
        problems.push_back(where + ": path must be '/'-separated names matching [a-z0-9_]+, without a leading '/'");
      }
      bool type_ok = false;
      if (d.has("type")) {
        try {
          spec.type = ElementType::parse(type_text);
          type_ok = true;
        } catch (const Error& e) {
          problems.push_back(where + ": " + e.what());
        }
      }
      if (d.has("chunk_rows")) {
        if (chunk_rows < 1) {
          problems.push_back(where + ": chunk_rows must be >= 1");
        } else {
          spec.chunk_rows = static_cast<std::uint64_t>(chunk_rows);
          const std::uint64_t row_bytes = type_ok && spec.type.kind != ElementKind::ragged ? spec.type.width : 8U;
          if (spec.chunk_rows > kMaxChunkBytes / row_bytes) {
            problems.push_back(where + ": chunk_rows x row size exceeds 1 GiB per chunk");
          }
        }
      }
      if (d.has("deflate") && (deflate < 0 || deflate > 9)) {
        problems.push_back(where + ": deflate must be 0 (off) to 9");
      } else {
        spec.deflate = static_cast<int>(deflate);
      }
      if (type_ok && spec.type.kind == ElementKind::ragged) {
        const auto data_chunk = d.integer("data_chunk_bytes", static_cast<std::int64_t>(kDefaultRaggedDataChunkBytes), false);
        if (data_chunk < 1 || static_cast<std::uint64_t>(data_chunk) > kMaxChunkBytes) {
          problems.push_back(where + ": data_chunk_bytes must be from 1 to 1 GiB");
        } else {
          spec.data_chunk_bytes = static_cast<std::uint64_t>(data_chunk);
        }
      } else if (d.has("data_chunk_bytes")) {
        problems.push_back(where + ": data_chunk_bytes applies to ragged columns only");
      }
      if (d.has("description") && spec.description.empty()) problems.push_back(where + ": description must not be empty");

      if (is_dataset_path(spec.path)) {
        std::vector<std::string> objects;
        if (type_ok && spec.type.kind == ElementKind::ragged) {
          group_objects.insert(spec.path);
          objects = {spec.path + "/offsets", spec.path + "/data"};
        } else {
          objects = {spec.path};
        }
        for (const auto& object : objects) {
          if (!dataset_objects.insert(object).second) problems.push_back(where + ": HDF5 dataset " + object + " is defined twice");
          for (auto slash = object.find('/'); slash != std::string::npos; slash = object.find('/', slash + 1)) {
            group_objects.insert(object.substr(0, slash));
          }
        }
      }
      schema.datasets_.push_back(std::move(spec));
    }
    for (const auto& object : dataset_objects) {
      if (group_objects.contains(object)) {
        problems.push_back("\"" + object + "\" is a dataset and also a group holding other datasets");
      }
    }
  }

  if (!problems.empty()) throw Error(join_problems(origin, problems));
  return schema;
}

std::string Schema::label() const { return name_ + " v" + std::to_string(version_); }

const DatasetSpec* Schema::find_dataset(std::string_view path) const noexcept {
  for (const auto& d : datasets_) {
    if (d.path == path) return &d;
  }
  return nullptr;
}

const DatasetSpec& Schema::dataset(std::string_view path) const {
  if (const auto* d = find_dataset(path)) return *d;
  std::string known;
  for (const auto& d : datasets_) known += (known.empty() ? "" : ", ") + d.path;
  throw Error("schema " + label() + " has no dataset \"" + std::string(path) + "\" (it has: " + known + ")");
}

const AttributeSpec* Schema::find_attribute(std::string_view name) const noexcept {
  for (const auto& a : attributes_) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

const AttributeSpec& Schema::attribute(std::string_view name) const {
  if (const auto* a = find_attribute(name)) return *a;
  std::string known;
  for (const auto& a : attributes_) known += (known.empty() ? "" : ", ") + a.name;
  throw Error("schema " + label() + " has no attribute \"" + std::string(name) + "\" (it has: " +
              (known.empty() ? std::string("none besides the standard ones") : known) + ")");
}

Schema load_schema(std::string_view name) {
  const std::string file_name = std::string(name) + ".json";
  for (const auto& file : embedded_schema_files()) {
    if (file.name == file_name) {
      auto schema = Schema::parse(file.content, file.name);
      if (schema.name() != name) {
        throw Error("HDF5 schema file " + file_name + " declares schema_name \"" + schema.name() +
                    "\"; the file name and schema_name must agree");
      }
      return schema;
    }
  }
  std::string known;
  for (const auto& n : schema_names()) known += (known.empty() ? "" : ", ") + n;
  throw Error("unknown HDF5 schema \"" + std::string(name) + "\" (compiled-in schemas: " + known + ")");
}

std::vector<std::string> schema_names() {
  std::vector<std::string> names;
  for (const auto& file : embedded_schema_files()) {
    if (file.name.ends_with(".json")) names.emplace_back(file.name.substr(0, file.name.size() - 5));
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace nayose::h5
