// Ids that fill a segment of a URL path, and the one check every API
// request's path passes before it leaves.
//
// A record's id, an id from Zoom's answer or one from a stored state goes
// into a path template ("/groups/{group_id}/members/{member_id}")
// percent-encoded, so it cannot add a '/', '?' or '#'. It can still be a dot
// segment: '.' is unreserved, so the encoder keeps "." and "..", and libcurl
// (without CURLOPT_PATH_AS_IS) or a server resolves them: a member_id ".."
// turned DELETE /groups/g1/members/.. into DELETE /groups/g1/. Such an id is
// refused where the path is made (write: a "failed" result naming the field;
// fetch: a partition error naming the partition), and check_sent_path
// refuses any request whose path would not reach the server as made.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace zc {

// Why `id` cannot fill one path segment, as a sentence fragment ("is
// empty", "is \"..\""), or nullopt when it can. Refused: "", "." and "..",
// and an id with a "." or ".." piece between '/' or '\' (a server that
// decodes %2F before routing would see a dot segment). Never quotes the id.
std::optional<std::string> path_id_problem(std::string_view id);

// The one check before a request is sent (ZoomApiClient, for every API
// call): libcurl, parsing `url` as it will send it (dot segments kept, as
// CURLOPT_PATH_AS_IS sends them), finds exactly the path `made` (the API
// base's path and the path the template made), and no segment of it is
// empty or a dot segment, as written or percent-decoded once (the root path
// "/" is allowed). On failure, why; it never quotes the path.
std::expected<void, std::string> check_sent_path(const std::string& url, std::string_view made);

}  // namespace zc
