// JSON that every host prints (host_sim's records, results and verdicts,
// airbyte_source's and tap-zoom's messages, the web page's answers) goes
// through here last, so no text from outside can reach a terminal or a
// browser as something it acts on. JSON lets DEL (U+007F) and the C1
// controls (U+0080-U+009F, e.g. U+009B, a CSI) stand raw inside strings,
// and Boost.JSON writes them raw; here they become \u escapes, as C0
// controls do. The text stays the same JSON value.
#pragma once

#include <string>
#include <string_view>

namespace host_support {

// Inside strings: C0 controls, DEL and C1 controls become \u00XX, and with
// `markup` also <, > and & (so a page can never read the text as markup).
// Outside strings, where JSON has only whitespace, a control byte becomes a
// space. Valid UTF-8 is expected (what a JSON parser or serializer gives);
// every other byte is kept. Returns quickly when there is nothing to do.
void append_printable_json(std::string& out, std::string_view json, bool markup = false);
std::string printable_json(std::string_view json, bool markup = false);

}  // namespace host_support
