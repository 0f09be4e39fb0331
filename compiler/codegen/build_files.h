// The build files of a generated tree: a plain Makefile and a CMakeLists.txt
// that build it with the Arm GNU toolchain (or the host compiler), plus the
// arm-none-eabi CMake toolchain file.
#pragma once

#include <string>
#include <vector>

namespace mote::codegen {

// `runtime_sources`: tree paths of the kernel .cc files.
std::string makefile_text(const std::string& model_name,
                          const std::vector<std::string>& runtime_sources);
std::string cmakelists_text(const std::string& model_name,
                            const std::vector<std::string>& runtime_sources);
std::string arm_toolchain_text();

}  // namespace mote::codegen
