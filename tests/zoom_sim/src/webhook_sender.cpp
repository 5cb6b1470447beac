#include "webhook_sender.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/json.hpp>
#include <future>
#include <iostream>
#include <random>
#include <stdexcept>

namespace zoom_sim {

namespace net = boost::asio;
namespace ssl = net::ssl;
namespace json = boost::json;
using namespace std::chrono;

namespace {
constexpr std::size_t kMaxInFlight = 16;
constexpr milliseconds kDeadline{3000};  // Zoom's: answer within 3 seconds
constexpr minutes kRetryAfter[] = {minutes(5), minutes(20), minutes(60)};
constexpr int kMaxAttempts = 4;                 // the first and three retries
constexpr seconds kRevalidateAfterFailure{10};  // real time, while events arrive
constexpr hours kRevalidateEvery{72};           // Zoom re-validates about every 72 h
}  // namespace

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &len);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[mac[i] >> 4];
    out += hex[mac[i] & 15];
  }
  return out;
}

WebhookSender::WebhookSender(const EventOptions& opt, EventCounterSet& counters)
    : opt_(opt),
      counters_(counters),
      faults_(opt.faults),
      decide_rng_(opt.faults.seed ^ 0x5748ULL),
      attempt_rng_(opt.faults.seed ^ 0x5749ULL),
      token_rng_(std::random_device{}()) {
  auto t = parse_webhook_url(opt.webhook_url);
  if (!t) throw std::invalid_argument("the webhook URL must be an http:// or https:// URL");
  if (opt.webhook_secret.empty()) throw std::invalid_argument("the webhook needs a secret token");
  target_ = std::move(*t);
  if (target_.tls) {
    tls_.emplace(ssl::context::tls_client);
    tls_->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                      ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    if (!opt.webhook_ca_file.empty())
      tls_->load_verify_file(opt.webhook_ca_file);
    else
      tls_->set_default_verify_paths();
  }
  work_.emplace(ioc_.get_executor());
  thread_ = std::thread([this] { ioc_.run(); });
  validate_now();  // the challenge comes first, as when Zoom saves the endpoint
}

WebhookSender::~WebhookSender() { stop(); }

void WebhookSender::stop() {
  std::lock_guard lk(stop_mu_);
  if (stopped_) return;
  stopped_ = true;
  work_.reset();
  ioc_.stop();
  if (thread_.joinable()) thread_.join();
}

void WebhookSender::set_faults(const EventFaults& f) {
  std::lock_guard lk(faults_mu_);
  faults_ = f;
  decide_rng_ = util::Rng(f.seed ^ 0x5748ULL);
  attempt_rng_ = util::Rng(f.seed ^ 0x5749ULL);
}

steady_clock::duration WebhookSender::scaled(minutes m) const {
  const double s =
      static_cast<double>(duration_cast<seconds>(m).count()) / std::max(opt_.time_scale, 1e-9);
  return std::max<steady_clock::duration>(
      milliseconds(1), duration_cast<steady_clock::duration>(duration<double>(s)));
}

std::vector<std::pair<std::string, std::string>> WebhookSender::signed_headers(
    const std::string& body) {
  const auto ts =
      std::to_string(duration_cast<seconds>(system_clock::now().time_since_epoch()).count());
  static constexpr char hex[] = "0123456789abcdef";
  std::string tracking = "sim_";
  for (int i = 0; i < 24; ++i) tracking += hex[token_rng_.below(16)];
  return {{"Content-Type", "application/json"},
          {"User-Agent", "Zoom Marketplace/1.0a"},
          {"x-zm-request-timestamp", ts},
          {"x-zm-signature", "v0=" + hmac_sha256_hex(opt_.webhook_secret, "v0:" + ts + ":" + body)},
          {"x-zm-trackingid", tracking}};
}

// ---------------------------------------------------------------- validation
void WebhookSender::validate(std::function<void(bool)> done) {
  validating_ = true;
  last_validation_ = steady_clock::now();
  counters_.add(&EventCounters::webhook_validations);
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  std::string token(22, 'A');
  for (auto& c : token) c = alphabet[token_rng_.below(64)];
  const auto ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  auto body = std::make_shared<const std::string>(
      json::serialize(json::object{{"payload", json::object{{"plainToken", token}}},
                                   {"event_ts", ms},
                                   {"event", "endpoint.url_validation"}}));
  async_post(
      ioc_, tls_ ? &*tls_ : nullptr, target_, signed_headers(*body), body, kDeadline,
      [this, token, done = std::move(done)](PostResult r) {
        validating_ = false;
        std::string why;
        if (r.status == 0) {
          why = r.error;
        } else if (r.status != 200) {
          why = "status " + std::to_string(r.status);
        } else {
          boost::system::error_code ec;
          const auto v = json::parse(r.body, ec);
          const auto* o = ec ? nullptr : v.if_object();
          const auto* plain = o ? o->if_contains("plainToken") : nullptr;
          const auto* enc = o ? o->if_contains("encryptedToken") : nullptr;
          if (!plain || !plain->is_string() || plain->as_string() != token)
            why = "plainToken missing or different";
          else if (!enc || !enc->is_string() ||
                   util::lower(enc->as_string()) != hmac_sha256_hex(opt_.webhook_secret, token))
            why = "wrong encryptedToken";
        }
        const bool ok = why.empty();
        validated_ = ok;
        if (ok) {
          schedule_revalidation();
        } else {
          counters_.add(&EventCounters::webhook_validation_failures);
          std::cerr << "zoom_sim: the webhook endpoint failed the url_validation challenge (" << why
                    << "); events are not posted until it passes\n";
        }
        done(ok);
      });
}

void WebhookSender::schedule_revalidation() {
  revalidate_timer_ = std::make_shared<net::steady_timer>(ioc_, scaled(kRevalidateEvery));
  revalidate_timer_->async_wait([this, t = revalidate_timer_](boost::system::error_code ec) {
    if (!ec && t == revalidate_timer_) validate([](bool) {});
  });
}

bool WebhookSender::validate_now() {
  auto p = std::make_shared<std::promise<bool>>();
  auto f = p->get_future();
  net::post(ioc_, [this, p] { validate([p](bool ok) { p->set_value(ok); }); });
  if (f.wait_for(kDeadline + seconds(5)) != std::future_status::ready) return false;
  return f.get();
}

// ---------------------------------------------------------------- deliveries
void WebhookSender::deliver(const EventPtr& event) {
  bool dup = false, hold = false;
  {
    std::lock_guard lk(faults_mu_);
    dup = faults_.duplicate_probability > 0 && decide_rng_.unit() < faults_.duplicate_probability;
    hold = faults_.reorder_probability > 0 && decide_rng_.unit() < faults_.reorder_probability;
  }
  net::post(ioc_, [this, event, dup, hold] { on_event(event, dup, hold); });
}

void WebhookSender::on_event(const EventPtr& event, bool duplicate, bool hold) {
  if (!validated_) {
    counters_.add(&EventCounters::webhook_not_validated);
    if (!validating_ && steady_clock::now() - last_validation_ > kRevalidateAfterFailure)
      validate([](bool) {});
    return;
  }
  auto make = [&] { return std::make_shared<Delivery>(Delivery{event, 0}); };
  if (duplicate) counters_.add(&EventCounters::duplicated);
  if (hold) {
    counters_.add(&EventCounters::reordered);
    if (held_) start_delivery(std::exchange(held_, nullptr));
    held_ = make();
    milliseconds hold_for;
    {
      std::lock_guard lk(faults_mu_);
      hold_for = faults_.reorder_hold;
    }
    hold_timer_ = std::make_shared<net::steady_timer>(ioc_, hold_for);
    hold_timer_->async_wait([this, t = hold_timer_](boost::system::error_code ec) {
      if (!ec && t == hold_timer_ && held_) start_delivery(std::exchange(held_, nullptr));
    });
  } else {
    start_delivery(make());
    if (held_) start_delivery(std::exchange(held_, nullptr));  // overtaken by this one
  }
  if (duplicate) start_delivery(make());
}

void WebhookSender::start_delivery(DeliveryPtr d) {
  if (alive_ >= opt_.max_queued_events) {
    counters_.add(&EventCounters::webhook_queue_overflow);
    return;
  }
  ++alive_;
  attempt(std::move(d));
}

void WebhookSender::attempt(DeliveryPtr d) {
  if (in_flight_ >= kMaxInFlight) {
    ready_.push_back(std::move(d));
    return;
  }
  ++d->attempts;
  counters_.add(&EventCounters::webhook_attempts);
  bool inject = false;
  {
    std::lock_guard lk(faults_mu_);
    inject = faults_.webhook_failure_probability > 0 &&
             attempt_rng_.unit() < faults_.webhook_failure_probability;
  }
  if (inject) {
    counters_.add(&EventCounters::webhook_failures);
    counters_.add(&EventCounters::webhook_injected_failures);
    return retry_later(std::move(d));
  }
  ++in_flight_;
  std::shared_ptr<const std::string> body(d->event, &d->event->json);
  async_post(ioc_, tls_ ? &*tls_ : nullptr, target_, signed_headers(d->event->json), body,
             kDeadline, [this, d](PostResult r) {
               --in_flight_;
               if (r.status == 200 || r.status == 204) {
                 counters_.add(&EventCounters::webhook_delivered);
                 --alive_;
               } else {
                 counters_.add(&EventCounters::webhook_failures);
                 retry_later(d);
               }
               pump();
             });
}

void WebhookSender::retry_later(DeliveryPtr d) {
  if (d->attempts >= kMaxAttempts) {
    counters_.add(&EventCounters::webhook_dropped);
    --alive_;
    return;
  }
  auto timer = std::make_shared<net::steady_timer>(ioc_, scaled(kRetryAfter[d->attempts - 1]));
  timer->async_wait([this, d, timer](boost::system::error_code ec) {
    if (!ec) attempt(d);
  });
}

void WebhookSender::pump() {
  while (in_flight_ < kMaxInFlight && !ready_.empty()) {
    auto d = std::move(ready_.front());
    ready_.pop_front();
    attempt(std::move(d));
  }
}

}  // namespace zoom_sim
