#include "core/path_segment.hpp"

#include <curl/curl.h>

#include <memory>

namespace zc {
namespace {

bool is_dot_segment(std::string_view piece) { return piece == "." || piece == ".."; }

// True when a piece of `text` between '/' or '\' is "." or "..".
bool has_dot_piece(std::string_view text) {
  while (true) {
    const auto cut = text.find_first_of("/\\");
    if (is_dot_segment(text.substr(0, cut))) return true;
    if (cut == std::string_view::npos) return false;
    text.remove_prefix(cut + 1);
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decoded(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
        hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

struct CurlUrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
struct CurlTextDeleter {
  void operator()(char* p) const { curl_free(p); }
};

// The path libcurl sends for `url` with CURLOPT_PATH_AS_IS, or nullopt.
std::optional<std::string> curl_path(const std::string& url) {
  const std::unique_ptr<CURLU, CurlUrlDeleter> u(curl_url());
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), CURLU_PATH_AS_IS) != CURLUE_OK) {
    return std::nullopt;
  }
  char* raw = nullptr;
  if (curl_url_get(u.get(), CURLUPART_PATH, &raw, 0) != CURLUE_OK || raw == nullptr) {
    return std::nullopt;
  }
  const std::unique_ptr<char, CurlTextDeleter> path(raw);
  return std::string(path.get());
}

}  // namespace

std::optional<std::string> path_id_problem(std::string_view id) {
  if (id.empty()) return "is empty";
  if (id == ".") return "is \".\" (a dot segment: the call would go to the path above)";
  if (id == "..") return "is \"..\" (a dot segment: the call would go to another resource)";
  if (has_dot_piece(id)) {
    return "holds a \".\" or \"..\" piece between slashes (a dot segment once a server decodes "
           "it: the call could go to another resource)";
  }
  return std::nullopt;
}

std::expected<void, std::string> check_sent_path(const std::string& url, std::string_view made) {
  const auto sent = curl_path(url);
  if (!sent) return std::unexpected("has a path libcurl does not read");
  if (*sent != made) {
    return std::unexpected("would reach the server with another path than the one made for it");
  }
  if (made == "/") return {};
  if (!made.starts_with('/')) return std::unexpected("has no path");
  std::string_view rest = made.substr(1);
  while (true) {
    const auto slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment.empty())
      return std::unexpected("has an empty path segment (\"//\" or a final '/')");
    if (is_dot_segment(segment) || has_dot_piece(percent_decoded(segment))) {
      return std::unexpected(
          "has a \".\" or \"..\" path segment, which would send the call to another resource");
    }
    if (slash == std::string_view::npos) return {};
    rest.remove_prefix(slash + 1);
  }
}

}  // namespace zc
