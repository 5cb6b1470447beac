#include "shape_faults.hpp"

#include <zlib.h>

#include <boost/json.hpp>

namespace zoom_sim {
namespace {

namespace json = boost::json;

std::string gzip(const std::string& text) {
  z_stream z{};
  // 15 + 16: a gzip wrapper, as Content-Encoding: gzip means.
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return {};
  }
  std::string out(deflateBound(&z, text.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

void to_string_number(json::object& o, const char* key) {
  if (auto* v = o.if_contains(key); v != nullptr && v->is_number()) {
    *v = json::value(std::to_string(v->to_number<std::int64_t>()));
  }
}

}  // namespace

bool is_shape_fault(FaultKind kind) {
  switch (kind) {
    case FaultKind::list_missing:
    case FaultKind::list_null:
    case FaultKind::page_token_null:
    case FaultKind::empty_200:
    case FaultKind::numbers_as_strings:
    case FaultKind::extra_fields:
    case FaultKind::no_content_204:
    case FaultKind::gzip_whole:
    case FaultKind::gzip_truncated:
    case FaultKind::gzip_length_off:
      return true;
    default:
      return false;
  }
}

void apply_shape_fault(FaultKind kind, Outcome& out) {
  HttpResponse& r = out.response;
  if (kind == FaultKind::empty_200) {
    r = HttpResponse{};
    return;
  }
  if (kind == FaultKind::no_content_204) {
    r = HttpResponse{};
    r.status = 204;
    r.content_type.clear();
    return;
  }
  if (r.status != 200) return;
  if (kind == FaultKind::gzip_whole || kind == FaultKind::gzip_truncated ||
      kind == FaultKind::gzip_length_off) {
    r.body = gzip(r.body);
    r.headers.emplace_back("Content-Encoding", "gzip");
    if (kind == FaultKind::gzip_truncated) {
      r.body.resize(r.body.size() / 2);  // Content-Length is computed from the cut body
    } else if (kind == FaultKind::gzip_length_off) {
      out.delivery = Delivery::reset;  // the whole body's length, half of it, a reset
    }
    return;
  }
  boost::system::error_code ec;
  json::value body = json::parse(r.body, ec);
  if (ec || !body.is_object()) return;
  json::object& page = body.as_object();
  switch (kind) {
    case FaultKind::list_missing:
    case FaultKind::list_null:
      for (auto it = page.begin(); it != page.end();) {
        if (!it->value().is_array()) {
          ++it;
        } else if (kind == FaultKind::list_null) {
          it->value() = nullptr;
          ++it;
        } else {
          it = page.erase(it);
        }
      }
      break;
    case FaultKind::page_token_null:
      // Only where Zoom ends a walk: a null in place of "".
      if (auto* t = page.if_contains("next_page_token");
          t != nullptr && t->is_string() && t->as_string().empty()) {
        *t = nullptr;
      }
      break;
    case FaultKind::numbers_as_strings:
      for (const char* key : {"page_size", "page_count", "total_records", "page_number"}) {
        to_string_number(page, key);
      }
      for (auto& [key, value] : page) {
        if (!value.is_array()) continue;
        for (auto& record : value.as_array()) {
          if (record.is_object()) to_string_number(record.as_object(), "id");
        }
      }
      break;
    case FaultKind::extra_fields:
      page["zoom_sim_new_field"] = json::object{{"nested", json::array{1, "two", nullptr}}};
      for (auto& [key, value] : page) {
        if (!value.is_array()) continue;
        for (auto& record : value.as_array()) {
          if (record.is_object()) record.as_object()["zoom_sim_unknown"] = "x";
        }
      }
      break;
    default:
      return;
  }
  r.body = json::serialize(body);
}

}  // namespace zoom_sim
