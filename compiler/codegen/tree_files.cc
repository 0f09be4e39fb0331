#include "compiler/codegen/tree_files.h"

#include <cctype>
#include <map>

#include "compiler/codegen/embedded_files.h"
#include "compiler/ir/error.h"

namespace mote::codegen {

namespace {

constexpr std::string_view kHeaderDir = "runtime/include/";
constexpr std::string_view kKernelDir = "runtime/kernels/";

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool is_identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Calls visit(name, line) for every `mote_*` identifier followed by '('.
template <class Visit>
void for_each_call_like(std::string_view text, Visit visit) {
  size_t line_start = 0;
  for (size_t i = 0; i + 5 < text.size(); ++i) {
    if (text[i] == '\n') line_start = i + 1;
    if (text.compare(i, 5, "mote_") != 0 || (i > 0 && is_identifier_char(text[i - 1]))) continue;
    size_t end = i;
    while (end < text.size() && is_identifier_char(text[end])) ++end;
    size_t paren = end;
    while (paren < text.size() && text[paren] == ' ') ++paren;
    if (paren < text.size() && text[paren] == '(') {
      const size_t line_end = text.find('\n', i);
      visit(text.substr(i, end - i),
            text.substr(line_start, (line_end == std::string_view::npos ? text.size() : line_end) -
                                        line_start));
    }
    i = end - 1;
  }
}

// A definition or declaration starts at column 0 with its return type
// (calls are indented, macros start with '#').
bool is_top_level_line(std::string_view line) {
  return !line.empty() && (std::isalpha(static_cast<unsigned char>(line[0])) || line[0] == '_');
}

// Function name -> the embedded file (under `dir`, with `extension`) that
// declares or defines it at the top level.
std::map<std::string, const EmbeddedFile*, std::less<>> top_level_functions(
    std::string_view dir, std::string_view extension) {
  std::map<std::string, const EmbeddedFile*, std::less<>> found;
  for (const EmbeddedFile& file : embedded_files()) {
    if (!starts_with(file.path, dir) || !ends_with(file.path, extension)) continue;
    for_each_call_like(file.text(), [&](std::string_view name, std::string_view line) {
      if (is_top_level_line(line)) found.emplace(std::string(name), &file);
    });
  }
  return found;
}

std::string tree_path(std::string_view embedded_path) {
  return "mote/" + std::string(embedded_path.substr(std::string_view("runtime/").size()));
}

}  // namespace

std::vector<TreeFile> runtime_files(const std::set<std::string>& functions) {
  std::vector<TreeFile> files;
  for (const EmbeddedFile& file : embedded_files()) {
    if (starts_with(file.path, kHeaderDir)) files.push_back({tree_path(file.path), file.text()});
  }
  const auto definitions = top_level_functions(kKernelDir, ".cc");
  std::set<const EmbeddedFile*> selected;
  std::vector<const EmbeddedFile*> pending;
  auto require = [&](std::string_view function, bool must_exist) {
    const auto it = definitions.find(function);
    if (it == definitions.end()) {
      if (must_exist) {
        throw Error(ErrorCode::kUnsupported,
                    "mote compile: no runtime source defines " + std::string(function));
      }
      return;
    }
    if (selected.insert(it->second).second) pending.push_back(it->second);
  };
  for (const std::string& f : functions) require(f, true);
  // Whatever a selected source calls from another kernel source comes too.
  while (!pending.empty()) {
    const EmbeddedFile* file = pending.back();
    pending.pop_back();
    for_each_call_like(file->text(), [&](std::string_view name, std::string_view) {
      require(name, false);
    });
  }
  for (const EmbeddedFile* file : selected) files.push_back({tree_path(file->path), file->text()});
  // A selected source's private headers (beside it, not under include/) come too.
  std::set<std::string_view> source_dirs;
  for (const EmbeddedFile* file : selected) {
    source_dirs.insert(file->path.substr(0, file->path.rfind('/') + 1));
  }
  for (const EmbeddedFile& file : embedded_files()) {
    const std::string_view dir = file.path.substr(0, file.path.rfind('/') + 1);
    if (ends_with(file.path, ".h") && source_dirs.count(dir) != 0) {
      files.push_back({tree_path(file.path), file.text()});
    }
  }
  return files;
}

std::vector<std::string> declaring_headers(const std::set<std::string>& functions) {
  const auto declarations = top_level_functions(kHeaderDir, ".h");
  std::set<std::string> headers;
  for (const std::string& f : functions) {
    const auto it = declarations.find(f);
    if (it == declarations.end()) {
      throw Error(ErrorCode::kUnsupported, "mote compile: no runtime header declares " + f);
    }
    headers.insert(std::string(it->second->path.substr(kHeaderDir.size())));
  }
  return {headers.begin(), headers.end()};
}

std::vector<TreeFile> target_files(std::string_view target) {
  std::vector<TreeFile> files;
  if (target.empty()) return files;
  const std::string dir = "targets/" + std::string(target) + "/";
  for (const EmbeddedFile& file : embedded_files()) {
    if (starts_with(file.path, dir)) {
      files.push_back({"target/" + std::string(file.path.substr(dir.size())), file.text()});
    }
  }
  return files;
}

}  // namespace mote::codegen
