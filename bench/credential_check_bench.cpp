// The credential check, hand-written against valijson (Debian's
// libvalijson-dev): time per credential, the messages each gives, and what a
// long input does to a std::regex "pattern" check. Not a test: it prints
// figures: credential_check_bench schemas/zoom.credential.schema.json
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <valijson/adapters/boost_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "core/connector_config.hpp"
#include "credential_form.hpp"

namespace {

namespace json = boost::json;

std::string read_file(const char* path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Nanoseconds per call, the best of five rounds of `n` calls.
double time_per_call(std::size_t n, const std::function<void()>& call) {
  double best = 1e300;
  for (int round = 0; round < 5; ++round) {
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < n; ++i) call();
    const std::chrono::duration<double, std::nano> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count() / static_cast<double>(n));
  }
  return best;
}

const json::object k_good{{"credential_name", "Prod"},
                          {"account_id", "AbCdEfGhIjKlMnOp"},
                          {"client_id", "QrStUvWxYz012345"},
                          {"client_secret", "0123456789abcdef0123456789abcdef"},
                          {"validation_url", "https://api.zoom.us/v2/users/me"}};
const json::object k_bad{{"credential_name", "   "},
                         {"account_id", "has space"},
                         {"client_id", "a:b"},
                         {"client_secret", "short-secret"},
                         {"evil", "1"}};

// Does regex_search on n characters survive (in a child with an 8 MiB stack)?
const char* regex_survives(std::size_t n) {
  const pid_t child = fork();
  if (child == 0) {
    const rlimit stack{8 << 20, 8 << 20};
    setrlimit(RLIMIT_STACK, &stack);
    const std::string text(n, 'a');
    const std::regex pattern("^[^\\s]+$", std::regex::ECMAScript);
    _exit(std::regex_search(text, pattern) ? 0 : 1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  if (WIFSIGNALED(status)) return WTERMSIG(status) == SIGSEGV ? "crashes (SIGSEGV)" : "crashes";
  return "survives";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: credential_check_bench SCHEMA_FILE\n";
    return 2;
  }
  const std::string schema_text = read_file(argv[1]);
  const auto form = host_sim::parse_credential_form(schema_text);
  const json::value schema_doc = json::parse(schema_text);

  valijson::Schema schema;
  const double parse_ns = time_per_call(200, [&] {
    valijson::Schema fresh;
    valijson::SchemaParser parser;
    parser.populateSchema(valijson::adapters::BoostJsonAdapter(schema_doc), fresh);
  });
  valijson::SchemaParser().populateSchema(valijson::adapters::BoostJsonAdapter(schema_doc), schema);
  valijson::Validator validator;

  const std::size_t n = 20000;
  std::printf("credential check, ns per credential (best of 5 x %zu)\n", n);
  std::printf("%-44s %10s %10s\n", "", "valid", "invalid");
  const auto row = [&](const char* name, const std::function<void(const json::object&)>& check) {
    std::printf("%-44s %10.0f %10.0f\n", name, time_per_call(n, [&] { check(k_good); }),
                time_per_call(n, [&] { check(k_bad); }));
  };
  row("host_sim validate_fields (hand-written)",
      [&](const json::object& in) { (void)host_sim::validate_fields(form, in); });
  row("connector parse_connector_config (all)",
      [&](const json::object& in) { (void)zc::parse_connector_config(in, {}); });
  row("valijson, first error only (no results)", [&](const json::object& in) {
    const json::value doc(in);
    (void)validator.validate(schema, valijson::adapters::BoostJsonAdapter(doc), nullptr);
  });
  row("valijson, every error (ValidationResults)", [&](const json::object& in) {
    const json::value doc(in);
    valijson::ValidationResults results;
    (void)validator.validate(schema, valijson::adapters::BoostJsonAdapter(doc), &results);
  });
  std::printf("valijson schema parse (once per plugin load): %.0f ns\n\n", parse_ns);

  std::printf("messages for one invalid credential\n  hand-written (host_sim):\n");
  for (const auto& error : host_sim::validate_fields(form, k_bad)) {
    std::printf("    %s: %s\n", error.key.c_str(), error.message.c_str());
  }
  std::printf("  hand-written (connector):\n    %s\n",
              zc::parse_connector_config(k_bad, {}).error().message.c_str());
  std::printf("  valijson:\n");
  const json::value bad_doc(k_bad);
  valijson::ValidationResults results;
  (void)validator.validate(schema, valijson::adapters::BoostJsonAdapter(bad_doc), &results);
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    std::string where;
    for (const auto& part : error.context) where += part;
    std::printf("    %s: %s\n", where.c_str(), error.description.c_str());
  }

  std::printf("\nstd::regex_search(\"^[^\\\\s]+$\") with an 8 MiB stack\n");
  for (const std::size_t length : {1000u, 10000u, 100000u, 1000000u}) {
    std::printf("  %8zu characters: %s\n", static_cast<std::size_t>(length),
                regex_survives(length));
  }
  return 0;
}
