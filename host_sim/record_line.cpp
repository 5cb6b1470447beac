#include "record_line.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string_view.hpp>
#include <stdexcept>

#include "json_line.hpp"

namespace host_sim {
namespace {

bool has_control_byte(std::string_view text) {
  unsigned char found = 0;
  for (const char c : text)
    found |= static_cast<unsigned char>(static_cast<unsigned char>(c) < 0x20);
  return found != 0;
}

}  // namespace

void RecordLine::assign_record(std::string_view stream, std::string_view record) {
  if (record.size() < 2 || record.front() != '{' || record.back() != '}' ||
      has_control_byte(record)) {
    throw std::runtime_error("the plugin sent a record that is not one JSON object on one line");
  }
  if (prefix_.empty() || stream != stream_) {
    stream_ = stream;
    prefix_ =
        "{\"stream\":" +
        host_support::printable_json(boost::json::serialize(boost::json::string_view(stream))) +
        ",\"record\":";
  }
  line_.assign(prefix_);
  host_support::append_printable_json(line_, record);
  line_.append("}\n");
}

}  // namespace host_sim
