#include "terminal_flow.hpp"

#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <ctime>
#include <functional>
#include <iostream>
#include <optional>

#include "exit_codes.hpp"
#include "secure_memory.hpp"
#include "terminal_text.hpp"

namespace host_sim {
namespace {

namespace json = boost::json;

std::string time_text(std::int64_t seconds) {
  if (seconds <= 0) return "never";
  const std::time_t when = static_cast<std::time_t>(seconds);
  std::tm local{};
  localtime_r(&when, &local);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M", &local);
  return buffer;
}

bool read_line(std::istream& in, std::string& line) {
  if (!std::getline(in, line)) return false;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

// The terminal's settings while echo is off, restored on Ctrl-C too.
termios g_saved_termios{};
volatile sig_atomic_t g_echo_off = 0;

void restore_and_reraise(int signal_number) {
  if (g_echo_off != 0) ::tcsetattr(STDIN_FILENO, TCSANOW, &g_saved_termios);
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

bool read_secret_from_terminal(std::string& line) {
  if (::tcgetattr(STDIN_FILENO, &g_saved_termios) != 0) return read_line(std::cin, line);
  termios quiet = g_saved_termios;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  quiet.c_lflag |= ECHONL;
  auto* previous_int = ::signal(SIGINT, restore_and_reraise);
  auto* previous_term = ::signal(SIGTERM, restore_and_reraise);
  g_echo_off = 1;
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  const bool ok = read_line(std::cin, line);
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved_termios);
  g_echo_off = 0;
  ::signal(SIGINT, previous_int);
  ::signal(SIGTERM, previous_term);
  return ok;
}

void show_tiles(const Host& host, const std::vector<StoredCredential>& rows,
                const std::string& direction, std::ostream& out) {
  out << "\nAuthenticate: " << printable(host.info.display_name) << " " << direction << "\n\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    out << "  [" << (i + 1) << "] " << printable(row.name);
    if (const auto* description = row.public_fields.if_contains("credential_description");
        description != nullptr && description->is_string() && !description->as_string().empty()) {
      out << " - " << printable(description->as_string());
    }
    out << "\n      " << state_label(row.last_status)
        << (row.last_message.empty() ? std::string() : ": " + printable(row.last_message)) << " ("
        << time_text(row.last_validated_at) << ")\n";
  }
  out << "  [a] Add Credential\n  [q] Quit\n";
}

// Prompts one field; returns false at end of input. `editing`: the field's
// current value is in `fields` and Enter keeps it (a secret's is never shown).
bool prompt_field(const FormField& field, TerminalIo& io, json::object& fields,
                  bool editing = false) {
  io.out << "\n" << printable(field.label) << (field.required ? " *" : "") << "\n";
  if (!field.help.empty()) io.out << "  " << printable(field.help) << "\n";
  if (!field.choices.empty()) {
    io.out << "  one of:";
    for (const auto& choice : field.choices) io.out << " " << printable(choice);
    io.out << "\n";
  }
  const auto* current = editing ? fields.if_contains(field.key) : nullptr;
  std::string shown;
  if (field.secret && editing) {
    shown = "[Enter keeps the saved one] ";
  } else if (current != nullptr && current->is_string() && !current->as_string().empty()) {
    shown = "[" + printable(current->as_string()) + "] ";
  } else if (field.default_value) {
    shown = "[" + printable(*field.default_value) + "] ";
  }
  io.out << "  " << (field.secret ? "(input hidden) " : "") << shown << "> " << std::flush;
  std::string line;
  if (!(field.secret ? io.read_secret(line) : read_line(io.in, line))) return false;
  if (line.empty()) {
    if (!editing) fields.erase(field.key);  // editing: kept (a blank secret keeps the saved one)
  } else {
    fields[field.key] = line;
  }
  if (field.secret) wipe_string(line);
  return true;
}

// The form's fields Zoom's refusal in `verdict_json` points at.
std::vector<const FormField*> refused_fields(const Host& host, const std::string& verdict_json) {
  std::vector<const FormField*> out;
  boost::system::error_code error;
  const auto verdict = json::parse(verdict_json, error);
  const auto* keys =
      !error && verdict.is_object() ? verdict.as_object().if_contains("refused_fields") : nullptr;
  if (keys == nullptr || !keys->is_array()) return out;
  for (const auto& key : keys->as_array()) {
    if (!key.is_string()) continue;
    if (const FormField* field = host.form.find(key.as_string())) out.push_back(field);
  }
  return out;
}

// Prompts `to_ask`, then `save`s `fields`; asks again the fields it refuses.
// Returns the exit code, with the saved credential's id when it was saved.
struct Saved {
  int code = exit_code::bad_input;
  std::optional<std::int64_t> id;
  std::string verdict_json;
};
Saved prompt_and_save(const Host& host, std::vector<const FormField*> to_ask, json::object& fields,
                      bool editing, const std::function<SaveResult(const json::object&)>& save,
                      TerminalIo& io) {
  for (int round = 0; round < 5; ++round) {
    for (const FormField* field : to_ask) {
      if (!prompt_field(*field, io, fields, editing)) {
        io.out << "\nNo input: nothing was " << (editing ? "changed" : "saved") << ".\n";
        return {};
      }
    }
    const auto result = save(fields);
    if (result.errors.empty()) {
      io.out << "\nSaved \"" << printable(credential_name_of(fields)) << "\". Validation:\n"
             << printable_lines(verdict_text(result.check->verdict_json));
      return {exit_code::for_outcome(result.check->outcome), result.id, result.check->verdict_json};
    }
    io.out << "\nPlease correct:\n";
    to_ask.clear();
    for (const auto& error : result.errors) {
      io.out << "  " << printable(error.message) << "\n";
      if (const FormField* field = host.form.find(error.key)) to_ask.push_back(field);
    }
    if (to_ask.empty()) return {};
  }
  io.out << "Too many attempts: nothing " << (editing ? "more was changed" : "was saved") << ".\n";
  return {};
}

// Edits credential `id`: `to_ask` prompted with their current values, the
// rest kept; then validated and saved.
int edit_fields(const Host& host, CredentialStore& store, std::int64_t id,
                std::vector<const FormField*> to_ask, TerminalIo& io) {
  const auto current = store.get(id);
  if (!current) return exit_code::not_found;
  json::object fields(secret_json_storage());  // holds a retyped secret
  for (const auto& [key, value] : current->public_fields) fields[key] = value;
  return prompt_and_save(
             host, std::move(to_ask), fields, true,
             [&](const json::object& typed) { return edit_credential(host, store, id, typed); }, io)
      .code;
}

// After Zoom refused credential `id`: offers to fix the fields its answer
// points at, again while Zoom keeps refusing. Returns the last exit code.
int offer_fix(const Host& host, CredentialStore& store, std::int64_t id, int code,
              const std::string& verdict_json, TerminalIo& io) {
  std::string verdict = verdict_json;
  for (int round = 0; round < 3 && code == exit_code::rejected; ++round) {
    const auto fields = refused_fields(host, verdict);
    if (fields.empty()) return code;
    io.out << "\nZoom refused the credential; its answer points at:";
    for (const FormField* field : fields) io.out << " " << printable(field->label) << ";";
    io.out << " fix them now? [y/N]> " << std::flush;
    std::string answer;
    if (!read_line(io.in, answer) || (answer != "y" && answer != "Y")) return code;
    code = edit_fields(host, store, id, fields, io);
    const auto saved = store.get(id);
    verdict = saved ? saved->last_verdict_json : std::string();
  }
  return code;
}

int add_flow(const Host& host, CredentialStore& store, const std::string& direction,
             TerminalIo& io) {
  io.out << "\nAdd New Credential: " << printable(host.info.display_name) << "\n";
  if (!host.form.description.empty()) io.out << "  " << printable(host.form.description) << "\n";
  io.out << "  (* required; press Enter for the [default])\n";
  json::object fields(secret_json_storage());  // holds the typed secret
  std::vector<const FormField*> to_ask;
  for (const auto& field : host.form.fields) to_ask.push_back(&field);
  const Saved saved = prompt_and_save(
      host, std::move(to_ask), fields, false,
      [&](const json::object& typed) { return add_credential(host, store, direction, typed); }, io);
  return saved.id ? offer_fix(host, store, *saved.id, saved.code, saved.verdict_json, io)
                  : saved.code;
}

}  // namespace

int run_terminal_flow(const Host& host, CredentialStore& store, const std::string& direction) {
  TerminalIo io{std::cin, std::cout, read_secret_from_terminal};
  return run_terminal_flow(host, store, direction, io);
}

int run_terminal_flow(const Host& host, CredentialStore& store, const std::string& direction,
                      TerminalIo& io) {
  for (;;) {
    const auto rows = store.list(host.info.name, direction);
    show_tiles(host, rows, direction, io.out);
    io.out << "choose> " << std::flush;
    std::string choice;
    if (!read_line(io.in, choice) || choice == "q" || choice == "Q") return exit_code::ok;
    if (choice == "a" || choice == "A") return add_flow(host, store, direction, io);
    std::size_t index = 0;
    try {
      index = static_cast<std::size_t>(std::stoul(choice));
    } catch (const std::exception&) {
      index = 0;
    }
    if (index == 0 || index > rows.size()) {
      io.out << "Type a number from the list, a or q.\n";
      continue;
    }
    const auto& picked = rows[index - 1];
    io.out << "\n\"" << printable(picked.name)
           << "\": [v] validate again, [e] edit, [d] delete, [Enter] use it\n> " << std::flush;
    std::string action;
    if (!read_line(io.in, action)) return exit_code::ok;
    if (action == "d") {
      io.out << "Delete \"" << printable(picked.name) << "\"? type yes> " << std::flush;
      std::string confirm;
      if (read_line(io.in, confirm) && confirm == "yes") {
        store.remove(picked.id);
        io.out << "Deleted.\n";
      }
      continue;
    }
    if (action == "v") {
      const auto check = revalidate(host, store, picked.id);
      if (check.outcome == Outcome::bad_input) {
        // The host's or the plugin's refusal of the input: no verdict.
        io.out << "Not validated, its stored verdict is unchanged; refused:\n";
        for (const auto& error : check.refused) {
          io.out << "  " << printable(error.key) << ": " << printable(error.message) << "\n";
        }
        continue;
      }
      io.out << printable_lines(verdict_text(check.verdict_json));
      offer_fix(host, store, picked.id, exit_code::for_outcome(check.outcome), check.verdict_json,
                io);
      continue;  // back to the tiles, which show the verdict now stored
    }
    if (action == "e") {
      std::vector<const FormField*> all;
      for (const auto& field : host.form.fields) all.push_back(&field);
      io.out << "\nEdit \"" << printable(picked.name) << "\" (Enter keeps a value):\n";
      const int code = edit_fields(host, store, picked.id, all, io);
      const auto saved = store.get(picked.id);
      return offer_fix(host, store, picked.id, code, saved ? saved->last_verdict_json : "", io);
    }
    if (picked.last_status == ValidationState::rejected) {
      io.out << "\"" << printable(picked.name) << "\" is rejected"
             << (picked.last_message.empty() ? std::string()
                                             : ": " + printable(picked.last_message))
             << "\nFix it with [e] edit, or [v] validate it again, before using it.\n";
      return exit_code::rejected;
    }
    io.out << "Using \"" << printable(picked.name) << "\" for this " << direction << ".\n";
    return exit_code::ok;
  }
}

}  // namespace host_sim
