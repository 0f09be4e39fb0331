#include "mote/kernel_ids.h"
#include "mote/plan.h"

namespace {

/* constexpr-initialized: no static constructor runs for it. */
constexpr mote_kernel_entry kEntries[MOTE_KERNEL_COUNT + 1] = {
#define MOTE_KERNEL_TABLE(id, entry) &entry,
    MOTE_KERNELS(MOTE_KERNEL_TABLE)
#undef MOTE_KERNEL_TABLE
        nullptr};

}  // namespace

void* mote_operand_address(const mote_operand* operand, uint8_t* arena) {
  if (operand->constant != nullptr) return const_cast<void*>(operand->constant);
  if (operand->arena_offset == MOTE_ABSENT_OFFSET) return nullptr;
  return arena + operand->arena_offset;
}

mote_status mote_invoke(const mote_plan* plan, uint8_t* arena, size_t arena_bytes,
                        mote_step_observer observer, void* observer_user) {
  if (plan == nullptr) return MOTE_ERROR_BAD_PLAN;
  if (arena_bytes < plan->arena_bytes || (plan->arena_bytes > 0 && arena == nullptr)) {
    return MOTE_ERROR_ARENA_TOO_SMALL;
  }
  void* addresses[MOTE_MAX_OPERANDS];
  for (uint32_t s = 0; s < plan->num_steps; ++s) {
    const mote_step& step = plan->steps[s];
    if (step.kernel >= MOTE_KERNEL_COUNT) return MOTE_ERROR_UNKNOWN_KERNEL;
    if (step.num_operands > MOTE_MAX_OPERANDS) return MOTE_ERROR_BAD_PLAN;
    for (uint32_t i = 0; i < step.num_operands; ++i) {
      addresses[i] = mote_operand_address(&step.operands[i], arena);
    }
    kEntries[step.kernel](step.params, addresses);
    if (observer != nullptr) observer(observer_user, s, addresses, step.num_operands);
  }
  return MOTE_OK;
}
