// The connector's enums mirror the C ABI's codes value for value, so the
// trampolines can cast between them. The compiler keeps them in step.
#pragma once

#include "connector/connector.hpp"
#include "core/error.hpp"
#include "core/host_log.hpp"
#include "pipeline_plugin.h"

namespace zc::abi {

constexpr bool same(auto ours, int theirs) { return static_cast<int>(ours) == theirs; }

static_assert(same(Status::ok, PP_STATUS_OK));
static_assert(same(Status::invalid_argument, PP_STATUS_INVALID_ARGUMENT));
static_assert(same(Status::incompatible, PP_STATUS_INCOMPATIBLE));
static_assert(same(Status::not_implemented, PP_STATUS_NOT_IMPLEMENTED));
static_assert(same(Status::auth_failed, PP_STATUS_AUTH_FAILED));
static_assert(same(Status::permission_denied, PP_STATUS_PERMISSION_DENIED));
static_assert(same(Status::network, PP_STATUS_NETWORK));
static_assert(same(Status::timeout, PP_STATUS_TIMEOUT));
static_assert(same(Status::rate_limited, PP_STATUS_RATE_LIMITED));
static_assert(same(Status::remote_error, PP_STATUS_REMOTE_ERROR));
static_assert(same(Status::cancelled, PP_STATUS_CANCELLED));
static_assert(same(Status::internal, PP_STATUS_INTERNAL));

static_assert(same(FetchItem::Kind::end, PP_ITEM_END));
static_assert(same(FetchItem::Kind::record, PP_ITEM_RECORD));
static_assert(same(FetchItem::Kind::state, PP_ITEM_STATE));
static_assert(same(FetchItem::Kind::summary, PP_ITEM_SUMMARY));

static_assert(same(LogLevel::trace, PP_LOG_TRACE));
static_assert(same(LogLevel::debug, PP_LOG_DEBUG));
static_assert(same(LogLevel::info, PP_LOG_INFO));
static_assert(same(LogLevel::warn, PP_LOG_WARN));
static_assert(same(LogLevel::error, PP_LOG_ERROR));

static_assert(write::k_max_batch_records == PP_WRITE_MAX_RECORDS);
static_assert(write::k_max_batch_bytes == PP_WRITE_MAX_BYTES);

}  // namespace zc::abi
