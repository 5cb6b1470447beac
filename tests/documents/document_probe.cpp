// Drives the plugin through its C ABI (the C++ host wrapper) and prints or
// writes the JSON documents it answers, for documents_test.py to check
// against schemas/. Inputs are files, so no secret is on a command line.
//
//   document_probe info PLUGIN
//   document_probe validate PLUGIN CREDENTIAL OPTIONS
//   document_probe create PLUGIN CREDENTIAL OPTIONS
//   document_probe fetch PLUGIN CREDENTIAL OPTIONS REQUEST OUT_DIR [STOP_AFTER]
//   document_probe write PLUGIN CREDENTIAL OPTIONS REQUEST BATCHES
//
// create prints "ok" or the plugin's refusal. fetch writes to OUT_DIR
// progress.jsonl (fetch_progress after the first record and every 50th),
// states.jsonl (every checkpoint), summary.json, error.txt (a fetch_next
// error, if any), and prints the record count. STOP_AFTER records ends the
// fetch early (closing it), as a host that stops does. write opens one write
// session with REQUEST, pushes each batch of BATCHES (a JSON array of record
// arrays) and prints each push's answer on a line of its own.
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "pipeline_plugin.hpp"

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int usage() {
  std::cerr << "usage: document_probe info PLUGIN | validate|create PLUGIN CREDENTIAL OPTIONS | "
               "fetch PLUGIN CREDENTIAL OPTIONS REQUEST OUT_DIR [STOP_AFTER] | "
               "write PLUGIN CREDENTIAL OPTIONS REQUEST BATCHES\n";
  return 2;
}

int fetch(const pp::Plugin& plugin, char** argv, int argc) {
  auto connector = plugin.create(read_file(argv[3]), read_file(argv[4]));
  const std::string out_dir = argv[6];
  const long stop_after = argc > 7 ? std::stol(argv[7]) : -1;
  std::ofstream progress(out_dir + "/progress.jsonl");
  std::ofstream states(out_dir + "/states.jsonl");
  long records = 0;
  try {
    auto stream = connector.fetch(read_file(argv[5]));
    for (;;) {
      const pp::FetchItem item = stream.next();
      if (item.kind == PP_ITEM_END) break;
      if (item.kind == PP_ITEM_RECORD) {
        ++records;
        if (records == 1 || records % 50 == 0) progress << stream.progress_json() << "\n";
        if (records == stop_after) break;
      } else if (item.kind == PP_ITEM_STATE) {
        states << item.json << "\n";
      } else if (item.kind == PP_ITEM_SUMMARY) {
        std::ofstream(out_dir + "/summary.json") << item.json;
        progress << stream.progress_json() << "\n";
      }
    }
  } catch (const pp::PluginError& e) {
    std::ofstream(out_dir + "/error.txt") << pp::status_name(e.status()) << ": " << e.what();
  }
  std::cout << records << "\n";
  return 0;
}

int write(const pp::Plugin& plugin, char** argv) {
  auto connector = plugin.create(read_file(argv[3]), read_file(argv[4]));
  auto session = connector.write(read_file(argv[5]));
  const auto batches = boost::json::parse(read_file(argv[6]));
  for (const auto& batch : batches.as_array())
    std::cout << session.push(boost::json::serialize(batch)) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return usage();
  const std::string command = argv[1];
  try {
    const auto plugin = pp::Plugin::load(argv[2]);
    if (command == "info" && argc == 3) {
      std::cout << plugin.info_json() << "\n";
      return 0;
    }
    if ((command == "validate" || command == "create") && argc == 5) {
      try {
        auto connector = plugin.create(read_file(argv[3]), read_file(argv[4]));
        std::cout << (command == "validate" ? connector.validate() : std::string("ok")) << "\n";
      } catch (const pp::PluginError& e) {
        std::cout << "refused: " << e.what() << "\n";
      }
      return 0;
    }
    if (command == "fetch" && (argc == 7 || argc == 8)) return fetch(plugin, argv, argc);
    if (command == "write" && argc == 7) return write(plugin, argv);
    return usage();
  } catch (const std::exception& e) {
    std::cerr << "document_probe: " << e.what() << "\n";
    return 1;
  }
}
