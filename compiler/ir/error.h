// One error type for everything the host library reports about its input.
#pragma once

#include <stdexcept>
#include <string>

namespace mote {

enum class ErrorCode {
  kIo = 1,            // file missing or unreadable
  kMalformed = 2,     // bytes are not a valid model/file
  kInvalid = 3,       // well-formed but semantically inconsistent
  kUnsupported = 4,   // valid but Mote cannot run it (yet)
  kLimit = 5,         // exceeds a resource limit
  kDoesNotFit = 6,    // does not fit a target's memory
  kUsage = 7,         // bad command-line use / mismatched user input
};

// The message carries the full context: "FILE: <where>: <what>".
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace mote
