#include "write_rules.hpp"

namespace zoom_sim::rules {

namespace {

using K = FieldKind;

FieldRule str(std::string_view p, std::size_t max_len = 0, bool required = false) {
  FieldRule r;
  r.path = p;
  r.max_len = max_len;
  r.required = required;
  return r;
}
FieldRule kind(std::string_view p, K k, bool required = false) {
  FieldRule r;
  r.path = p;
  r.kind = k;
  r.required = required;
  return r;
}
FieldRule one_of(std::string_view p, std::vector<std::string_view> v) {
  FieldRule r = str(p);
  r.strings = std::move(v);
  return r;
}
FieldRule int_of(std::string_view p, std::vector<std::int64_t> v, bool required = false) {
  FieldRule r = kind(p, K::integer, required);
  r.integers = std::move(v);
  return r;
}
FieldRule int_range(std::string_view p, std::int64_t lo, std::int64_t hi) {
  FieldRule r = kind(p, K::integer);
  r.min = lo;
  r.max = hi;
  return r;
}
FieldRule array(std::string_view p, std::size_t max_items = 0, std::size_t min_items = 0,
                bool required = false) {
  FieldRule r = kind(p, K::array, required);
  r.max_len = max_items;
  r.min_len = min_items;
  return r;
}

void add_recurrence(std::vector<FieldRule>& v) {
  v.push_back(kind("recurrence", K::object));
  v.push_back(int_of("recurrence.type", {1, 2, 3}, true));
  v.push_back(int_range("recurrence.repeat_interval", 1, 90));
  v.push_back(str("recurrence.weekly_days"));
  v.push_back(int_range("recurrence.monthly_day", 1, 31));
  v.push_back(int_of("recurrence.monthly_week", {-1, 1, 2, 3, 4}));
  v.push_back(int_of("recurrence.monthly_week_day", {1, 2, 3, 4, 5, 6, 7}));
  v.push_back(int_range("recurrence.end_times", 0, 60));
  v.push_back(kind("recurrence.end_date_time", K::date_time));
}

void add_tracking_fields(std::vector<FieldRule>& v) {
  v.push_back(array("tracking_fields"));
  v.push_back(str("tracking_fields[].field", 0, true));
  v.push_back(str("tracking_fields[].value"));
}

void add_common_settings(std::vector<FieldRule>& v) {
  v.push_back(kind("settings", K::object));
  for (auto b :
       {"settings.host_video", "settings.meeting_authentication", "settings.close_registration",
        "settings.registrants_confirmation_email", "settings.registrants_email_notification",
        "settings.show_share_button", "settings.allow_multiple_devices"})
    v.push_back(kind(b, K::boolean));
  v.push_back(int_of("settings.approval_type", {0, 1, 2}));
  v.push_back(int_of("settings.registration_type", {1, 2, 3}));
  v.push_back(one_of("settings.audio", {"both", "telephony", "voip", "thirdParty"}));
  v.push_back(one_of("settings.auto_recording", {"local", "cloud", "none"}));
  v.push_back(str("settings.alternative_hosts"));
  v.push_back(str("settings.contact_name"));
  v.push_back(str("settings.contact_email"));
  v.push_back(str("settings.audio_conference_info", 2048));
}

void add_registrant(std::vector<FieldRule>& v) {
  FieldRule email = str("email", 128, true);
  email.kind = K::email;
  v.push_back(email);
  v.push_back(str("first_name", 64, true));
  v.push_back(str("last_name", 64));
  for (auto s : {"address", "city", "state", "zip", "country", "phone", "comments", "industry",
                 "job_title", "org"})
    v.push_back(str(s));
  v.push_back(array("custom_questions"));
  v.push_back(str("custom_questions[].title"));
  v.push_back(str("custom_questions[].value", 128));
  v.push_back(one_of("no_of_employees", {"", "1-20", "21-50", "51-100", "101-500", "500-1,000",
                                         "1,001-5,000", "5,001-10,000", "More than 10,000"}));
  v.push_back(one_of("purchasing_time_frame", {"", "Within a month", "1-3 months", "4-6 months",
                                               "More than 6 months", "No timeframe"}));
  v.push_back(one_of("role_in_purchase_process", {"", "Decision Maker", "Evaluator/Recommender",
                                                  "Influencer", "Not involved"}));
  v.push_back(one_of("language", {"en-US", "de-DE", "es-ES", "fr-FR", "jp-JP", "pt-PT", "ru-RU",
                                  "zh-CN", "zh-TW", "ko-KO", "it-IT", "vi-VN", "pl-PL", "Tr-TR"}));
}

}  // namespace

const std::vector<FieldRule>& user_create() {
  static const std::vector<FieldRule> r = [] {
    std::vector<FieldRule> v;
    FieldRule action = one_of("action", {"create", "autoCreate", "custCreate", "ssoCreate"});
    action.required = true;
    v.push_back(action);
    v.push_back(kind("user_info", K::object, true));
    FieldRule email = str("user_info.email", 128, true);
    email.kind = K::email;
    v.push_back(email);
    v.push_back(int_of("user_info.type", {1, 2, 4, 99}, true));
    v.push_back(str("user_info.first_name", 64));
    v.push_back(str("user_info.last_name", 64));
    v.push_back(str("user_info.display_name", 128));
    FieldRule pw = str("user_info.password", 32);
    pw.min_len = 8;
    v.push_back(pw);
    v.push_back(kind("user_info.feature", K::object));
    v.push_back(kind("user_info.feature.zoom_phone", K::boolean));
    v.push_back(array("user_info.license_info_list", 2));
    return v;
  }();
  return r;
}

const std::vector<FieldRule>& user_update() {
  static const std::vector<FieldRule> r = [] {
    std::vector<FieldRule> v;
    v.push_back(str("first_name", 64));
    v.push_back(str("last_name", 64));
    v.push_back(str("display_name", 128));
    v.push_back(int_of("type", {1, 2, 4, 99}));
    for (auto s : {"dept", "timezone", "language", "vanity_name", "cost_center", "pronouns",
                   "phone_number", "phone_country", "group_id", "cms_user_id"})
      v.push_back(str(s));
    v.push_back(str("job_title", 128));
    v.push_back(str("company", 255));
    v.push_back(str("location", 256));
    v.push_back(str("about_me", 150));
    FieldRule host_key = str("host_key", 10);
    host_key.min_len = 6;
    v.push_back(host_key);
    FieldRule manager = str("manager");
    manager.kind = K::email;
    v.push_back(manager);
    v.push_back(int_range("pmi", 1000000000, 9999999999));
    v.push_back(kind("use_pmi", K::boolean));
    v.push_back(int_of("pronouns_option", {1, 2, 3}));
    v.push_back(array("custom_attributes", 5));
    v.push_back(array("phone_numbers", 3));
    v.push_back(one_of("phone_numbers[].label", {"Mobile", "Office", "Home", "Fax"}));
    v.push_back(kind("feature", K::object));
    v.push_back(kind("feature.zoom_phone", K::boolean));
    return v;
  }();
  return r;
}

const std::vector<FieldRule>& meeting() {
  static const std::vector<FieldRule> r = [] {
    std::vector<FieldRule> v;
    v.push_back(str("topic", 200));
    v.push_back(int_of("type", {1, 2, 3, 8, 10}));
    v.push_back(kind("start_time", K::date_time));
    v.push_back(int_range("duration", 1, 1440));
    v.push_back(str("timezone"));
    v.push_back(str("agenda", 2000));
    v.push_back(str("password", 10));
    v.push_back(kind("default_password", K::boolean));
    v.push_back(kind("pre_schedule", K::boolean));
    v.push_back(str("schedule_for"));
    v.push_back(str("template_id"));
    add_recurrence(v);
    add_tracking_fields(v);
    add_common_settings(v);
    for (auto b :
         {"settings.participant_video", "settings.join_before_host", "settings.mute_upon_entry",
          "settings.waiting_room", "settings.watermark", "settings.private_meeting",
          "settings.email_notification", "settings.use_pmi", "settings.focus_mode"})
      v.push_back(kind(b, K::boolean));
    v.push_back(int_of("settings.jbh_time", {0, 5, 10, 15}));
    v.push_back(one_of("settings.encryption_type", {"enhanced_encryption", "e2ee"}));
    v.push_back(array("settings.meeting_invitees"));
    FieldRule invitee = str("settings.meeting_invitees[].email");
    invitee.kind = K::email;
    v.push_back(invitee);
    return v;
  }();
  return r;
}

const std::vector<FieldRule>& webinar() {
  static const std::vector<FieldRule> r = [] {
    std::vector<FieldRule> v;
    v.push_back(str("topic", 200));
    v.push_back(int_of("type", {5, 6, 9}));
    v.push_back(kind("start_time", K::date_time));
    v.push_back(int_range("duration", 1, 1440));
    v.push_back(str("timezone"));
    v.push_back(str("agenda", 2000));
    v.push_back(str("password", 10));
    v.push_back(kind("default_passcode", K::boolean));
    v.push_back(str("schedule_for"));
    v.push_back(str("template_id"));
    v.push_back(kind("is_simulive", K::boolean));
    v.push_back(str("record_file_id"));
    add_recurrence(v);
    add_tracking_fields(v);
    add_common_settings(v);
    for (auto b : {"settings.panelists_video", "settings.practice_session", "settings.hd_video",
                   "settings.on_demand", "settings.post_webinar_survey"})
      v.push_back(kind(b, K::boolean));
    v.push_back(int_range("settings.registrants_restrict_number", 0, 20000));
    return v;
  }();
  return r;
}

const std::vector<FieldRule>& meeting_registrant() {
  static const std::vector<FieldRule> r = [] {
    std::vector<FieldRule> v;
    add_registrant(v);
    v.push_back(kind("auto_approve", K::boolean));
    return v;
  }();
  return r;
}

const std::vector<FieldRule>& webinar_registrant() {
  static const std::vector<FieldRule> r = [] {
    std::vector<FieldRule> v;
    add_registrant(v);
    v.push_back(str("source_id"));
    return v;
  }();
  return r;
}

const std::vector<FieldRule>& group_members() {
  static const std::vector<FieldRule> r = [] {
    std::vector<FieldRule> v;
    v.push_back(array("members", 0, 1, true));
    v.push_back(str("members[].id"));
    FieldRule email = str("members[].email");
    email.kind = K::email;
    v.push_back(email);
    return v;
  }();
  return r;
}

}  // namespace zoom_sim::rules
