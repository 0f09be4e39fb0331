// Per-op lowering functions; lowering_for() in lower.cc maps op types here.
// Each lives in its own compiler/plan/lower_<op>.cc.
#pragma once

#include <vector>

#include "compiler/plan/lower.h"

namespace mote::plan {

std::vector<Step> lower_reshape(LowerContext& ctx);  // RESHAPE, SQUEEZE, EXPAND_DIMS
// --- conv family ---
// --- elementwise family ---
// --- activation family ---
// --- reshaping family ---

}  // namespace mote::plan
