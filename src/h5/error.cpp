#include "src/h5/error.hpp"

#include <array>
#include <mutex>
#include <vector>

#include "src/common/error.hpp"

namespace nayose::h5 {
namespace {

struct Frame {
  std::string function;
  std::string file;
  unsigned line = 0;
  std::string description;
  std::string major;
  std::string minor;
};

std::string message_text(hid_t message_id) {
  std::array<char, 256> buffer{};
  H5E_type_t type{};
  if (H5Eget_msg(message_id, &type, buffer.data(), buffer.size()) < 0) return "?";
  return std::string(buffer.data());
}

herr_t collect_frame(unsigned /*n*/, const H5E_error2_t* error, void* client_data) {
  auto* frames = static_cast<std::vector<Frame>*>(client_data);
  try {
    Frame frame;
    frame.function = error->func_name != nullptr ? error->func_name : "?";
    frame.file = error->file_name != nullptr ? error->file_name : "?";
    frame.line = error->line;
    frame.description = error->desc != nullptr ? error->desc : "";
    frame.major = message_text(error->maj_num);
    frame.minor = message_text(error->min_num);
    frames->push_back(std::move(frame));
  } catch (...) {
    return -1;  // stop walking; what we have is still reported
  }
  return 0;
}

}  // namespace

void disable_automatic_error_printing() {
  static std::once_flag once;
  std::call_once(once, [] { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); });
}

namespace {

std::vector<Frame> take_frames() {
  std::vector<Frame> frames;
  // Outermost (the API call) first, then the internal frames that explain it.
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect_frame, &frames);
  H5Eclear2(H5E_DEFAULT);
  return frames;
}

std::string format_frames(const std::vector<Frame>& frames) {
  std::string out;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const auto& f = frames[i];
    out += "  #" + std::to_string(i) + " " + f.function + "() " + f.file + ":" + std::to_string(f.line) + ": " +
           f.description + " [" + f.major + " / " + f.minor + "]\n";
  }
  return out;
}

}  // namespace

std::string take_error_stack() { return format_frames(take_frames()); }

void throw_h5_error(std::string_view operation, std::string_view object) {
  disable_automatic_error_printing();
  const auto frames = take_frames();
  std::string message = std::string(operation) + " failed for " + std::string(object);
  if (frames.empty()) {
    message += " (HDF5 recorded no error stack)";
  } else {
    // The innermost frame is the most specific reason (e.g. the errno text of a failed open).
    message += ": " + frames.back().description + "\nHDF5 error stack:\n" + format_frames(frames);
    message.pop_back();  // trailing newline
  }
  throw H5Error(message);
}

}  // namespace nayose::h5
