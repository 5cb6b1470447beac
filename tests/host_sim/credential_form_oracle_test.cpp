// host_sim's form check, driven by the plugin's schema, accepts exactly what
// a real JSON Schema validator (valijson) accepts.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "credential_corpus.hpp"
#include "credential_form.hpp"
#include "schema_check.hpp"

namespace {

TEST(CredentialFormOracle, TheFormCheckAgreesWithTheSchemaValidator) {
  const std::string path = std::string(ZC_SCHEMAS_DIR) + "/zoom.credential.schema.json";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const auto form = host_sim::parse_credential_form(text.str());
  const auto schema = schema_check::SchemaCheck::from_file(path);
  for (const auto& c : schema_check::credential_corpus()) {
    const auto problems = schema.problems(boost::json::value(c.credential));
    const auto errors = host_sim::validate_fields(form, c.credential);
    EXPECT_EQ(errors.empty(), problems.empty())
        << c.what << "\n  form:   " << (errors.empty() ? "accepted" : errors.front().message)
        << "\n  schema: " << (problems.empty() ? "accepted" : problems.front());
  }
}

}  // namespace
