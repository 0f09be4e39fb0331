// What a linked Cortex-M firmware occupies, read from its ELF file and the
// GNU ld map file written beside it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace mote::target {

// Names of the symbols the ELF's symbol table defines (functions and objects).
std::vector<std::string> elf_defined_symbols(const std::filesystem::path& elf);

// The heap functions among `symbols` (malloc family, _sbrk, operator new/delete).
std::vector<std::string> heap_symbols(const std::vector<std::string>& symbols);

struct FirmwareSections {
  int64_t code_bytes = 0;            // .vectors + .text
  int64_t weight_bytes = 0;          // input sections from model_data.* (the model's constants)
  int64_t other_rodata_bytes = 0;    // remaining flash: other .rodata, .ARM.exidx, .data image
  int64_t data_bss_bytes = 0;        // .data + .bss (the arena included)
  int64_t stack_reserved_bytes = 0;  // .stack
};

// Reads the output-section sizes and the weight input sections from the map.
FirmwareSections read_link_map(const std::filesystem::path& map_file);

}  // namespace mote::target
