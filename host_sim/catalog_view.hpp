// A plugin's stream catalog ({"streams":[...]}) as host_sim reads it: the
// one reader for the fetch command, its rerun plan and the web fetch.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace host_sim {

struct CatalogStream {
  std::string name;
  std::string parent;               // the stream it is listed per; "" at the top
  bool incremental = false;         // "incremental": goes on from a cursor
  bool windowed = false;            // takes "from" ("parameters")
  std::vector<std::string> scopes;  // "scopes": the classic one, then the granular one
};

// The catalog's streams in its order; entries without a name are left out,
// and at most 1,000 are read (a catalog is the plugin's, still outside input).
std::vector<CatalogStream> catalog_streams(const std::string& catalog_json);

// The same by name.
std::map<std::string, CatalogStream> catalog_by_name(const std::string& catalog_json);

}  // namespace host_sim
