// The destination side of the host_sim tests: a destination credential
// against the Zoom simulator, an input file of meetings and host_sim write
// run as a child process.
#pragma once

#include <fstream>
#include <string>
#include <vector>

#include "fetch_fixture.hpp"
#include "prefix_hash.hpp"
#include "safe_file.hpp"
#include "write_checkpoint.hpp"
#include "zoom_sim/writes.hpp"

namespace host_sim_test {

namespace json = boost::json;

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// What a write checkpoint binds: the results file's identity and the hash
// of the input's first `bytes`.
inline host_sim::FileId file_id(const std::filesystem::path& path) {
  const host_sim::FileDescriptor fd = host_sim::open_for_reading(path, "a test file");
  return host_sim::file_id_of(fd.get());
}
inline std::string prefix_hash(const std::filesystem::path& path, std::int64_t bytes) {
  const host_sim::FileDescriptor fd = host_sim::open_for_reading(path, "a test file");
  return host_sim::hash_of_prefix(fd.get(), bytes).value_or("");
}

class WriteCommand : public FetchFixture {
 protected:
  void SetUp() override {
    FetchFixture::SetUp();
    ASSERT_EQ(
        run(command("authenticate",
                    {"--direction", "destination", "--no-input", "--field", "credential_name=dest",
                     "--field", "account_id=sim-account-id", "--field", "client_id=sim-client-id",
                     "--field", "validation_url=" + sim_->base_url() + "/v2/users/me"})),
        0)
        << read_all(err_);
    for (const auto& user : sim_->dataset().users) {
      if (user.status == "active" && user.type == 2) {
        host_ = user.id;
        break;
      }
    }
    ASSERT_FALSE(host_.empty());
  }

  std::string meeting(const std::string& topic) const {
    return json::serialize(json::object{{"user_id", host_},
                                        {"topic", topic},
                                        {"type", 2},
                                        {"start_time", "2030-01-15T10:00:00Z"},
                                        {"duration", 30}});
  }

  void write_input(const std::vector<std::string>& lines) {
    std::ofstream out(input_, std::ios::binary | std::ios::trunc);
    for (const auto& line : lines) out << line << "\n";
  }

  std::vector<std::string> write(const std::vector<std::string>& extra) {
    std::vector<std::string> args{"--credential",    "dest",    "--operation",
                                  "meetings.create", "--input", input_.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return command("write", args);
  }

  std::vector<json::object> results() const {
    std::vector<json::object> out;
    for (const auto& line : lines_of(read_all(results_)))
      out.push_back(json::parse(line).as_object());
    return out;
  }

  // The checkpoint a meetings.create run leaves when it dies after storing
  // the results of line 1 (`stored_results_bytes` of the results file),
  // with lines 2-3 handed to the plugin ("in flight").
  host_sim::WriteCheckpoint died_with_lines_2_3_in_flight(std::int64_t stored_results_bytes) const {
    std::ifstream in(input_, std::ios::binary);
    std::string l1, l2, l3;
    std::getline(in, l1);
    std::getline(in, l2);
    std::getline(in, l3);
    host_sim::WriteCheckpoint checkpoint;
    checkpoint.operation = "meetings.create";
    checkpoint.input_path = std::filesystem::weakly_canonical(input_).string();
    checkpoint.input_offset = static_cast<std::int64_t>(l1.size() + 1);
    checkpoint.input_lines = 1;
    checkpoint.results_bytes = stored_results_bytes;
    checkpoint.results_file = file_id(results_);
    checkpoint.input_hash = prefix_hash(input_, checkpoint.input_offset);
    checkpoint.outcomes["done"] = 1;
    checkpoint.in_flight_end_offset =
        static_cast<std::int64_t>(l1.size() + l2.size() + l3.size() + 3);
    checkpoint.in_flight_end_line = 3;
    return checkpoint;
  }

  std::size_t meetings_with(const std::string& topic) const {
    return sim_->writes().meetings(host_, topic);
  }

  std::string host_;
  std::filesystem::path input_ = dir_ / "meetings.jsonl";
  std::filesystem::path results_ = dir_ / "results.jsonl";
};

inline std::string outcome(const json::object& result) {
  return std::string(result.at("outcome").as_string());
}

}  // namespace host_sim_test
