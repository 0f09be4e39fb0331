// How `mote run --json` describes an output: name, shape, dtype and the
// SHA-256 of its bytes (host and target runs alike).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "compiler/ir/ir.h"

namespace mote::cli {

std::string sha256_hex(std::span<const uint8_t> bytes);

// {"name", "shape", "dtype", "sha256"}
nlohmann::json output_json(const ir::Tensor& tensor, std::span<const uint8_t> bytes);

}  // namespace mote::cli
