#include "compiler/target/firmware_image.h"

#include <elf.h>
#include <fmt/format.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>

#include "compiler/ir/error.h"

namespace mote::target {

namespace {

std::vector<char> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kIo, fmt::format("{}: cannot open", path.string()));
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

template <typename T>
T read_at(const std::vector<char>& bytes, uint64_t offset, const std::filesystem::path& path) {
  if (offset + sizeof(T) > bytes.size()) {
    throw Error(ErrorCode::kMalformed, fmt::format("{}: truncated ELF file", path.string()));
  }
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof(T));
  return value;
}

// "obj/model_data.c.o", or the archive member "libmote_model.a(model_data.c.o)".
bool is_weight_file(const std::string& file) {
  std::string object = file;
  if (!object.empty() && object.back() == ')') {
    const size_t open = object.rfind('(');
    if (open != std::string::npos) object = object.substr(open + 1, object.size() - open - 2);
  }
  return std::filesystem::path(object).filename().string().rfind("model_data.", 0) == 0;
}

}  // namespace

std::vector<std::string> elf_defined_symbols(const std::filesystem::path& elf) {
  const std::vector<char> bytes = read_file(elf);
  const auto header = read_at<Elf32_Ehdr>(bytes, 0, elf);
  if (std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0 || header.e_ident[EI_CLASS] != ELFCLASS32) {
    throw Error(ErrorCode::kMalformed, fmt::format("{}: not a 32-bit ELF file", elf.string()));
  }
  std::vector<std::string> names;
  for (int i = 0; i < header.e_shnum; ++i) {
    const auto section = read_at<Elf32_Shdr>(bytes, header.e_shoff + i * sizeof(Elf32_Shdr), elf);
    if (section.sh_type != SHT_SYMTAB) continue;
    const auto strings =
        read_at<Elf32_Shdr>(bytes, header.e_shoff + section.sh_link * sizeof(Elf32_Shdr), elf);
    for (uint32_t s = 0; s < section.sh_size / sizeof(Elf32_Sym); ++s) {
      const auto symbol = read_at<Elf32_Sym>(bytes, section.sh_offset + s * sizeof(Elf32_Sym), elf);
      const int type = ELF32_ST_TYPE(symbol.st_info);
      if (symbol.st_shndx == SHN_UNDEF || (type != STT_FUNC && type != STT_OBJECT)) continue;
      const uint64_t at = strings.sh_offset + symbol.st_name;
      if (at >= bytes.size()) continue;
      names.emplace_back(bytes.data() + at, strnlen(bytes.data() + at, bytes.size() - at));
    }
  }
  return names;
}

std::vector<std::string> heap_symbols(const std::vector<std::string>& symbols) {
  static const std::regex heap(
      "_?(malloc|calloc|realloc|free|aligned_alloc|memalign|posix_memalign|_sbrk|sbrk)(_r)?|"
      "_malloc_r|_free_r|_Znw.*|_Zna.*|_Zdl.*|_Zda.*");
  std::vector<std::string> found;
  for (const std::string& s : symbols) {
    if (std::regex_match(s, heap)) found.push_back(s);
  }
  return found;
}

FirmwareSections read_link_map(const std::filesystem::path& map_file) {
  std::ifstream in(map_file);
  if (!in)
    throw Error(ErrorCode::kIo, fmt::format("{}: cannot open the link map", map_file.string()));
  // Output section: ".text   0x00000040   0x79c ...". Input section: " .rodata.x  0x... 0x... file"
  // or the name alone on one line and " 0x... 0x... file" on the next.
  static const std::regex output_section(R"(^(\.\S+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+).*)");
  static const std::regex input_named(R"(^ (\.\S+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+)$)");
  static const std::regex input_name_only(R"(^ (\.\S+)$)");
  static const std::regex input_continued(R"(^\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+)$)");
  std::map<std::string, int64_t> output_sizes;
  std::string current_output, pending_input;
  int64_t weights = 0;
  bool in_memory_map = false;
  std::string line;
  std::smatch m;
  while (std::getline(in, line)) {
    if (!in_memory_map) {
      in_memory_map = line.rfind("Linker script and memory map", 0) == 0;
      continue;
    }
    if (std::regex_match(line, m, output_section)) {
      current_output = m[1];
      output_sizes[current_output] = std::stoll(m[2], nullptr, 16);
      pending_input.clear();
      continue;
    }
    int64_t size = -1;
    std::string file, input;
    if (std::regex_match(line, m, input_named)) {
      input = m[1], size = std::stoll(m[2], nullptr, 16), file = m[3];
    } else if (std::regex_match(line, m, input_name_only)) {
      pending_input = m[1];
      continue;
    } else if (!pending_input.empty() && std::regex_match(line, m, input_continued)) {
      input = pending_input, size = std::stoll(m[1], nullptr, 16), file = m[2];
    }
    pending_input.clear();
    if (size > 0 && (current_output == ".rodata" || current_output == ".data") &&
        is_weight_file(file)) {
      weights += size;
    }
  }
  if (!in_memory_map || !output_sizes.count(".text")) {
    throw Error(ErrorCode::kMalformed,
                fmt::format("{}: not a GNU ld map file with a .text section", map_file.string()));
  }
  auto size_of = [&](const char* name) {
    return output_sizes.count(name) ? output_sizes[name] : 0;
  };
  FirmwareSections s;
  s.code_bytes = size_of(".vectors") + size_of(".text");
  s.weight_bytes = weights;
  s.other_rodata_bytes = size_of(".rodata") + size_of(".ARM.exidx") + size_of(".data") - weights;
  s.data_bss_bytes = size_of(".data") + size_of(".bss");
  s.stack_reserved_bytes = size_of(".stack");
  return s;
}

}  // namespace mote::target
