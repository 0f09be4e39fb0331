#include "tools/mote/digest.h"

#include <fmt/format.h>
#include <openssl/evp.h>

namespace mote::cli {

std::string sha256_hex(std::span<const uint8_t> bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

nlohmann::json output_json(const ir::Tensor& tensor, std::span<const uint8_t> bytes) {
  return {{"name", tensor.name},
          {"shape", tensor.shape},
          {"dtype", ir::dtype_name(tensor.dtype)},
          {"sha256", sha256_hex(bytes)}};
}

}  // namespace mote::cli
