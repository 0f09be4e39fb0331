// Arena offsets for an ordered program: every tensor and scratch buffer gets
// an aligned offset so that buffers live at the same step never overlap,
// except the in-place pairs the schedule chose, which are placed exactly as
// their kernels allow. Several placement orders are tried; the smallest
// arena wins. A chain of in-place steps drifts downwards (each output starts
// below its input), so links that cost more arena than they save are dropped.
#pragma once

#include <vector>

#include "compiler/plan/arena.h"
#include "compiler/plan/program.h"

namespace mote::plan {

// `links` refer to `program`'s steps (already in execution order).
ArenaLayout place_offsets(const Program& program, const std::vector<InPlaceLink>& links);

}  // namespace mote::plan
