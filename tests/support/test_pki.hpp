// A throw-away PKI for TLS tests: a CA and leaf certificates made with the
// openssl command line in a temporary directory, removed afterwards.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "zoom_sim/simulator.hpp"

namespace zc_test {

class TestPki {
 public:
  TestPki() {
    std::string pattern = (std::filesystem::temp_directory_path() / "zc-pki-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) dir_ = pattern;
  }
  ~TestPki() {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }
  TestPki(const TestPki&) = delete;
  TestPki& operator=(const TestPki&) = delete;

  // A self-signed CA; returns its certificate file. `name`: letters and digits.
  std::string make_ca(const std::string& name) {
    const std::string base = path(name);
    run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout '" +
        base + ".key' -out '" + base + ".pem' -days 2 -subj '/CN=" + name +
        "' -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign");
    return base + ".pem";
  }

  // A server certificate issued by `ca` (made by make_ca) for `subject_alt_names`
  // such as "DNS:localhost,IP:127.0.0.1".
  zoom_sim::TlsFiles make_leaf(const std::string& ca, const std::string& name,
                               const std::string& subject_alt_names) {
    const std::string base = path(name);
    const std::string ca_base = path(ca);
    std::ofstream(base + ".ext") << "subjectAltName=" << subject_alt_names
                                 << "\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n";
    run("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout '" +
        base + ".key' -out '" + base + ".csr' -subj '/CN=" + name + "'");
    run("openssl x509 -req -in '" + base + ".csr' -CA '" + ca_base + ".pem' -CAkey '" + ca_base +
        ".key' -CAcreateserial -out '" + base + ".pem' -days 2 -extfile '" + base + ".ext'");
    return {base + ".pem", base + ".key"};
  }

  bool ok() const { return !dir_.empty() && failures_ == 0; }

 private:
  std::string path(const std::string& name) const { return dir_ + "/" + name; }
  void run(const std::string& command) {
    const int rc = std::system((command + " >/dev/null 2>&1").c_str());
    if (rc != 0) {
      ++failures_;
      ADD_FAILURE() << "openssl failed (is the openssl package installed?): " << command;
    }
  }

  std::string dir_;
  int failures_ = 0;
};

}  // namespace zc_test
