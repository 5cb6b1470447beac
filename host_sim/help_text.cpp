#include "help_text.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "exit_codes.hpp"
#include "terminal_text.hpp"

namespace host_sim {
namespace {

namespace json = boost::json;

constexpr std::size_t k_width = 92;        // the help's right margin
constexpr std::size_t k_name_column = 27;  // where an option's text starts

// `text` as lines of at most k_width columns, each starting at `indent`
// (the first line continues what `out` holds).
void append_wrapped(std::string& out, std::string_view text, std::size_t indent) {
  std::size_t column =
      out.size() - (out.rfind('\n') == std::string::npos ? 0 : out.rfind('\n') + 1);
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    if (column > indent && column + 1 + word.size() > k_width) {
      out += "\n" + std::string(indent, ' ');
      column = indent;
    } else if (column > indent) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
  }
}

std::string text_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return {};
  return v->is_string() ? std::string(v->as_string()) : json::serialize(*v);
}

// What one option does and its default, from its schema.
std::string describe_option(const json::object& p) {
  std::string text = text_of(p, "description");
  if (const auto* choices = p.if_contains("enum"); choices != nullptr && choices->is_array()) {
    std::string list;
    for (const auto& c : choices->as_array()) {
      list += (list.empty() ? "" : ", ") +
              (c.is_string() ? std::string(c.as_string()) : json::serialize(c));
    }
    text += (text.empty() ? "" : " ") + std::string("One of: ") + list + ".";
  }
  if (p.contains("minimum") && p.contains("maximum")) {
    text += " From " + text_of(p, "minimum") + " to " + text_of(p, "maximum") + ".";
  }
  const std::string fallback = text_of(p, "default");
  const std::string deflt = p.contains("x-default-text") ? text_of(p, "x-default-text") : fallback;
  if (!deflt.empty()) text += " Default: " + deflt + ".";
  return text;
}

}  // namespace

std::string exit_code_help(std::string_view command) {
  std::string out = "exit codes:\n";
  for (const auto& entry : exit_code::k_table) {
    if (!command.empty() && !entry.only.empty() &&
        (" " + std::string(entry.only) + " ").find(" " + std::string(command) + " ") ==
            std::string::npos) {
      continue;
    }
    const std::string code = std::to_string(entry.code);
    out += "  " + code + std::string(code.size() < 5 ? 5 - code.size() : 1, ' ');
    for (const char c : entry.meaning)
      out += c == '\n' ? std::string("\n       ") : std::string(1, c);
    out += "\n";
  }
  return out;
}

std::string option_help_from_info(std::string_view info_json) {
  boost::system::error_code ec;
  const auto info = json::parse(info_json, ec);
  const json::value* schema =
      !ec && info.is_object() ? info.as_object().if_contains("options_schema") : nullptr;
  const json::value* properties = schema != nullptr && schema->is_object()
                                      ? schema->as_object().if_contains("properties")
                                      : nullptr;
  if (properties == nullptr || !properties->is_object()) {
    return "The plugin's options: this plugin does not list them (its info has no "
           "options_schema).\n";
  }
  std::string out =
      "The plugin's options (--options '{\"KEY\":VALUE,...}'), as the plugin lists them:\n";
  for (const auto& [key, value] : properties->as_object()) {
    if (!value.is_object()) continue;
    // The plugin's text is outside text: no control reaches the terminal.
    const std::string name = printable(key);
    out += "  " + name;
    if (name.size() + 3 > k_name_column) {
      out += "\n" + std::string(k_name_column, ' ');
    } else {
      out += std::string(k_name_column - 2 - name.size(), ' ');
    }
    append_wrapped(out, printable(describe_option(value.as_object())), k_name_column);
    out += "\n";
  }
  return out;
}

std::string plugin_option_help(const PluginChoice& choice) {
  try {
    const pp::Plugin plugin = load_plugin(choice);
    return option_help_from_info(plugin.info_json());
  } catch (const std::exception&) {
    return "The plugin's options: not listed, the plugin cannot be loaded (host_sim info says "
           "why).\n";
  }
}

std::string help_footer(std::string_view command, std::string_view own_text,
                        const PluginChoice& choice) {
  std::string out(own_text);
  if (!out.empty() && !out.ends_with('\n')) out += '\n';
  if (!out.empty()) out += '\n';
  out += plugin_option_help(choice) + "\n" + exit_code_help(command);
  return out;
}

}  // namespace host_sim
