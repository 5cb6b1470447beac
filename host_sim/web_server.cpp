#include "web_server.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/json/object.hpp>
#include <iostream>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "exit_codes.hpp"
#include "signal_watcher.hpp"
#include "terminal_text.hpp"
#include "web_routes.hpp"
#include "web_session.hpp"
#include "web_transport.hpp"

namespace host_sim {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;
namespace net = boost::asio;
using web::Response;

// The address to listen on; refuses a non-loopback one unless allowed.
net::ip::address listen_address(const ServeOptions& options) {
  boost::system::error_code ec;
  const auto address = net::ip::make_address(options.bind, ec);
  if (ec) throw std::runtime_error("--bind: not an IP address: " + options.bind);
  if (!address.is_loopback() && !options.allow_remote) {
    throw std::runtime_error("refusing to serve the credential screen on " + options.bind +
                             ": it is an admin page; bind to 127.0.0.1 (or pass --allow-remote)");
  }
  return address;
}

// --prefill KEY=VALUE: fields of the form, never a secret one.
json::object prefill_values(const Host& host, const std::vector<std::string>& prefill) {
  json::object values;
  for (const auto& assignment : prefill) {
    const auto equals = assignment.find('=');
    if (equals == std::string::npos) throw std::runtime_error("--prefill wants KEY=VALUE");
    const std::string key = assignment.substr(0, equals);
    const FormField* field = host.form.find(key);
    if (field == nullptr)
      throw std::runtime_error("--prefill: the form has no field \"" + key + "\"");
    if (field->secret) {
      throw std::runtime_error("--prefill: \"" + key +
                               "\" is a secret field; secrets are never sent to the browser");
    }
    values[key] = assignment.substr(equals + 1);
  }
  return values;
}

// A store error as an HTTP status.
http::status store_status(const StoreError& e) {
  switch (e.kind()) {
    case StoreError::Kind::not_found:
      return http::status::not_found;
    case StoreError::Kind::duplicate:
      return http::status::conflict;
    case StoreError::Kind::locked:
      return http::status::service_unavailable;
    default:
      return http::status::internal_server_error;
  }
}

}  // namespace

struct WebServer::Impl {
  ServeOptions options;
  std::unique_ptr<web::WebTransport> transport;
  std::optional<web::WebSession> session;
  std::optional<web::WebRoutes> routes;

  explicit Impl(ServeOptions o) : options(std::move(o)) {}

  // The session's checks first, then the route; a store error or any other
  // failure is an error answer, never a dropped connection.
  Response handle(const web::Request& request) const {
    try {
      if (auto refused = session->refuse(request)) return std::move(*refused);
      return routes->dispatch(request);
    } catch (const StoreError& e) {
      return web::error_response(store_status(e), e.what(), request.version());
    } catch (const std::exception& e) {
      return web::error_response(http::status::internal_server_error, e.what(),
                                 request.version());
    }
  }
};

WebServer::WebServer(const Host& host, CredentialStore& store, ServeOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {
  const auto& o = impl_->options;
  const auto address = listen_address(o);
  json::object prefill = prefill_values(host, o.prefill);
  impl_->transport = std::make_unique<web::WebTransport>(
      address, o, [impl = impl_.get()](const web::Request& request) {
        return impl->handle(request);
      });
  impl_->session.emplace(o.bind, address.is_v6(), port());
  impl_->routes.emplace(host, store, impl_->session->csrf_token(), std::move(prefill));
}

WebServer::~WebServer() {
  stop();
  impl_->transport.reset();  // before the routes its connections answer with
}

unsigned short WebServer::port() const { return impl_->transport->port(); }

std::string WebServer::base_url() const {
  const std::string address = impl_->options.bind == "0.0.0.0" ? "127.0.0.1" : impl_->options.bind;
  return "http://" + address + ":" + std::to_string(port()) + "/";
}

std::string WebServer::url() const { return base_url() + "?key=" + launch_key(); }

const std::string& WebServer::launch_key() const { return impl_->session->launch_key(); }

const std::string& WebServer::csrf_token() const { return impl_->session->csrf_token(); }

void WebServer::run() { impl_->transport->run(); }

void WebServer::stop() {
  impl_->routes->stop_fetches();
  impl_->transport->stop();
}

int run_web_server(const Host& host, CredentialStore& store, const ServeOptions& options) {
  WebServer* running = nullptr;
  std::mutex guard;
  SignalWatcher watcher([&](int) {
    const std::lock_guard lock(guard);
    if (running != nullptr) running->stop();
  });
  WebServer server(host, store, options);
  {
    const std::lock_guard lock(guard);
    running = &server;
  }
  if (watcher.fired()) server.stop();
  std::cout << server.url() << std::endl;
  std::cerr << "host_sim: the " << printable(host.info.display_name)
            << " Authenticate screen is at " << server.url() << " (store "
            << printable(store.path().string())
            << "); open that URL: without its key the page refuses you. Ctrl-C stops it\n";
  server.run();
  {
    const std::lock_guard lock(guard);
    running = nullptr;
  }
  std::cerr << "host_sim: stopped\n";
  return exit_code::ok;
}

}  // namespace host_sim
