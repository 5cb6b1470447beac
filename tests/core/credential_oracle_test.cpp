// The connector's hand-written credential check accepts exactly what a real
// JSON Schema validator (valijson) accepts for the same schema.
#include <gtest/gtest.h>

#include "core/connector_config.hpp"
#include "credential_corpus.hpp"
#include "schema_check.hpp"

namespace {

TEST(CredentialOracle, TheConnectorAgreesWithTheSchemaValidator) {
  const auto schema = schema_check::SchemaCheck::from_file(ZC_CREDENTIAL_SCHEMA_PATH);
  std::size_t refused = 0;
  for (const auto& c : schema_check::credential_corpus()) {
    const auto problems = schema.problems(boost::json::value(c.credential));
    const auto config = zc::parse_connector_config(c.credential, {});
    EXPECT_EQ(config.has_value(), problems.empty())
        << c.what << "\n  connector: " << (config ? "accepted" : config.error().message)
        << "\n  schema:    " << (problems.empty() ? "accepted" : problems.front());
    refused += problems.empty() ? 0 : 1;
  }
  EXPECT_GT(refused, 20u) << "the corpus reaches the schema's edges";
}

}  // namespace
