// curl_floor: the transport floor. One libcurl handle (one keep-alive
// connection) lists the users of the simulator's account, page by page, with
// no JSON parsing: the next_page_token and total_records are found by a plain
// text search. A 429 waits its Retry-After seconds (at most 2) and asks again.
//   curl_floor BASE_URL   prints one JSON line: records, pages, 429s, CPU, RSS
#include <curl/curl.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>

#include "process_figures.hpp"

namespace {

using Clock = std::chrono::steady_clock;

std::size_t append(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// The string value of "key":"..." in `body` (cursor values have no escapes).
std::string string_field(std::string_view body, std::string_view key) {
  const std::string needle = "\"" + std::string(key) + "\":\"";
  const auto at = body.find(needle);
  if (at == std::string_view::npos) return {};
  const auto start = at + needle.size();
  const auto end = body.find('"', start);
  return end == std::string_view::npos ? std::string{}
                                       : std::string(body.substr(start, end - start));
}

long number_field(std::string_view body, std::string_view key) {
  const std::string needle = "\"" + std::string(key) + "\":";
  const auto at = body.find(needle);
  if (at == std::string_view::npos) return -1;
  return std::strtol(std::string(body.substr(at + needle.size(), 20)).c_str(), nullptr, 10);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: curl_floor BASE_URL\n");
    return 2;
  }
  const std::string base = argv[1];
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL* curl = curl_easy_init();
  std::string body;
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);

  // The token: one POST, Basic auth, form body.
  curl_easy_setopt(curl, CURLOPT_URL, (base + "/oauth/token").c_str());
  curl_easy_setopt(curl, CURLOPT_USERPWD, "sim-client-id:sim-client-secret");
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS,
                   "grant_type=account_credentials&account_id=sim-account-id");
  if (curl_easy_perform(curl) != CURLE_OK) {
    std::fprintf(stderr, "curl_floor: token request failed\n");
    return 1;
  }
  const std::string authorization = "Authorization: Bearer " + string_field(body, "access_token");
  curl_easy_setopt(curl, CURLOPT_USERPWD, nullptr);
  curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  curl_slist* headers = curl_slist_append(nullptr, authorization.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

  const double cpu_before = bench::cpu_seconds();
  const auto start = Clock::now();
  long records = 0;
  long pages = 0;
  long throttled = 0;
  bool finished = true;
  for (const char* status : {"active", "inactive", "pending"}) {
    std::string token;
    long total = -1;
    for (bool more = true; more;) {
      std::string url = base + "/v2/users?status=" + status + "&page_size=300";
      if (!token.empty()) url += "&next_page_token=" + token;
      curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
      body.clear();
      long code = 0;
      if (curl_easy_perform(curl) != CURLE_OK) {
        finished = false;
        break;
      }
      curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
      if (code == 429) {
        ++throttled;
        curl_off_t wait = 0;
        curl_easy_getinfo(curl, CURLINFO_RETRY_AFTER, &wait);
        std::this_thread::sleep_for(
            std::chrono::milliseconds(wait > 0 && wait <= 2 ? wait * 1000 : 100));
        continue;  // the same page again
      }
      if (code != 200) {
        finished = false;
        break;
      }
      ++pages;
      if (total < 0) total = number_field(body, "total_records");
      token = string_field(body, "next_page_token");
      more = !token.empty();
    }
    if (!finished) break;
    records += total < 0 ? 0 : total;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const double cpu = bench::cpu_seconds() - cpu_before;
  std::printf(
      "{\"records\":%ld,\"pages\":%ld,\"seconds\":%.3f,\"cpu_s\":%.4f,\"peak_rss_kib\":%ld,"
      "\"client_429s\":%ld,\"finished\":%s}\n",
      records, pages, seconds, cpu, bench::peak_rss_kib(), throttled, finished ? "true" : "false");
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  curl_global_cleanup();
  return finished ? 0 : 1;
}
