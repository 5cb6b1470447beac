// Group members are added up to 30 per call: records are grouped by group
// (in order of first appearance) and cut into batches; Zoom's answer (the ids
// it added) is mapped back to one result per record.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace zc::write {

struct MemberRecord {
  std::string group_id;
  std::string id;  // Zoom user id; wins over email when both are set
  std::string email;
};

struct MemberBatch {
  std::string group_id;
  std::vector<std::size_t> records;  // indices into the input, in input order
  std::string body;                  // {"members":[{"id":...}|{"email":...},...]}
};

inline constexpr std::size_t k_members_per_call = 30;

// ceil(n_g / per_call) batches per group g; every record lands in exactly one.
std::vector<MemberBatch> batch_members(const std::vector<MemberRecord>& records,
                                       std::size_t per_call = k_members_per_call);

enum class MemberResult {
  added,      // Zoom listed the user among the ids it added
  not_added,  // the record's id is not among them: no such user in the account
  check,      // an e-mail record Zoom's ids cannot confirm: list the group's members
};

// One result per record of `batch` (same order as batch.records), from the
// 201 answer's "ids" (comma-separated user ids). An e-mail record counts as
// added when Zoom listed as many distinct ids as the batch has distinct members.
std::vector<MemberResult> map_member_answer(const MemberBatch& batch,
                                            const std::vector<MemberRecord>& records,
                                            std::string_view ids);

}  // namespace zc::write
