/* Listen harness for `mote listen --target qemu-m4`: the audio front end
 * (frontend/) and the compiled model both run on the emulated core.
 *
 * Files (semihosting, relative to QEMU's working directory):
 *   input0.bin   the stream, int16 mono samples; read in blocks as it plays
 *   input1.bin   ListenConfig (below)
 *   output0.bin  one record per analysed window: int32 end sample (stream
 *                time the window ends), then the model's raw output bytes
 *   metrics.txt  "key value" lines: instructions of the front end and of the
 *                model (summed over windows), RAM of each, stack high water
 * The host applies the same detection code to the records as for
 * --target host (compiler/audio/listen.h), so events cannot differ unless the
 * outputs do. Built with MOTE_LISTEN_SWW=0 (KWS MFCC) or 1 (SWW log-mel).
 */
#include <stdint.h>

/* The board files are C without extern "C" guards (model.h has its own). */
extern "C" {
#include "board.h"
#include "semihost.h"
}
#include "harness_report.h"
#include "model.h"

#if MOTE_LISTEN_SWW
#include "mote/frontend/sww_log_mel.h"
#else
#include "mote/frontend/kws_mfcc.h"
#endif

namespace {

/* Written by compiler/audio/device_listen.cc. */
struct ListenConfig {
  uint32_t magic;           /* kConfigMagic */
  uint32_t num_samples;     /* in input0.bin */
  uint32_t kws_whole_clip;  /* KWS: classify the clip (<= 1 s) once */
  uint32_t kws_hop_samples; /* KWS stream: sliding-window step */
};
constexpr uint32_t kConfigMagic = 0x4E54534Cu; /* "LSTN" */

constexpr int kRecordHeaderBytes = 4;
constexpr int kOutputBytes = MOTE_MODEL_OUTPUT0_BYTES;

#if MOTE_LISTEN_SWW
namespace pipeline = mote::frontend::sww;
static_assert(MOTE_MODEL_INPUT0_BYTES == pipeline::kWindowValues, "model input is not 30x40");
constexpr int kAudioBufferSamples = pipeline::kHop;
struct FrontEnd {
  mote::frontend::SwwLogMel log_mel;
  mote::frontend::SwwFeatureWindow window;
};
#else
namespace pipeline = mote::frontend::kws;
static_assert(MOTE_MODEL_INPUT0_BYTES == pipeline::kNumFeatures, "model input is not 49x10");
constexpr int kAudioBufferSamples = pipeline::kClipSamples;
struct FrontEnd {
  mote::frontend::KwsMfcc mfcc;
};
#endif

/* Static, so the link map and these sizeof()s agree on what the front end
 * occupies; trivially constructible, so no static constructor is needed. */
FrontEnd front_end;
int16_t audio[kAudioBufferSamples];

struct Totals {
  uint64_t frontend_instructions;
  uint64_t model_instructions;
  uint32_t windows;
  int status;
};

/* Reads the next `count` samples of the stream into `to`. */
bool read_samples(int handle, int16_t* to, uint32_t count) {
  return semihost_read(handle, to, count * sizeof(int16_t)) == 0;
}

bool read_config(ListenConfig* config) {
  const int handle = semihost_open("input1.bin", SEMIHOST_MODE_READ_BINARY);
  if (handle < 0) return false;
  const bool ok = semihost_file_length(handle) == (long)sizeof(ListenConfig) &&
                  semihost_read(handle, config, sizeof(ListenConfig)) == 0;
  semihost_close(handle);
  return ok && config->magic == kConfigMagic;
}

/* Times `mote_model_invoke` and appends the window's record to `out`. */
bool invoke_and_record(int out, uint32_t end_sample, Totals* totals) {
  const uint32_t before = board_counter_ticks();
  const int status = mote_model_invoke();
  const uint32_t after = board_counter_ticks();
  totals->model_instructions += board_instructions_between(before, after);
  if (status != 0) {
    totals->status = HARNESS_EXIT_INVOKE_FAILED;
    return false;
  }
  uint8_t record[kRecordHeaderBytes + kOutputBytes];
  for (int b = 0; b < kRecordHeaderBytes; ++b) record[b] = (uint8_t)(end_sample >> (8 * b));
  const uint8_t* output = (const uint8_t*)mote_model_output(0);
  for (int i = 0; i < kOutputBytes; ++i) record[kRecordHeaderBytes + i] = output[i];
  ++totals->windows;
  if (semihost_write(out, record, sizeof(record)) != 0) {
    totals->status = HARNESS_EXIT_WRITE_FAILED;
    return false;
  }
  return true;
}

#if MOTE_LISTEN_SWW
/* One model run per 512-sample hop once the first frame is complete, as
 * SwwListener does on the host. */
void listen(int in, int out, const ListenConfig& config, Totals* totals) {
  int8_t frame[pipeline::kNumMelBins];
  front_end.log_mel.reset();
  front_end.window.reset();
  int8_t* input = (int8_t*)mote_model_input(0);
  for (uint32_t end = pipeline::kHop; end <= config.num_samples; end += pipeline::kHop) {
    if (!read_samples(in, audio, pipeline::kHop)) {
      totals->status = HARNESS_EXIT_BAD_INPUT;
      return;
    }
    const uint32_t before = board_counter_ticks();
    const bool have_frame = front_end.log_mel.push_hop(audio, frame);
    if (have_frame) {
      front_end.window.push(frame);
      for (int i = 0; i < pipeline::kWindowValues; ++i) input[i] = front_end.window.data()[i];
    }
    const uint32_t after = board_counter_ticks();
    totals->frontend_instructions += board_instructions_between(before, after);
    if (have_frame && !invoke_and_record(out, end, totals)) return;
  }
}
#else
/* The 1-s model on the whole clip, or as a sliding window over the stream
 * (the buffer holds the last second), as KwsListener does on the host. */
void listen(int in, int out, const ListenConfig& config, Totals* totals) {
  const uint32_t first = config.kws_whole_clip ? config.num_samples : (uint32_t)pipeline::kClipSamples;
  const uint32_t hop = config.kws_hop_samples;
  if (first > (uint32_t)kAudioBufferSamples || (!config.kws_whole_clip && hop == 0) ||
      hop > (uint32_t)kAudioBufferSamples || !read_samples(in, audio, first)) {
    totals->status = HARNESS_EXIT_BAD_INPUT;
    return;
  }
  int8_t* features = (int8_t*)mote_model_input(0);
  for (uint32_t end = first;;) {
    const uint32_t before = board_counter_ticks();
    front_end.mfcc.compute(audio, (int)first, features);
    const uint32_t after = board_counter_ticks();
    totals->frontend_instructions += board_instructions_between(before, after);
    if (!invoke_and_record(out, end, totals)) return;
    if (config.kws_whole_clip || end + hop > config.num_samples) return;
    /* Slide: drop the oldest hop, read the next one. */
    for (uint32_t i = 0; i + hop < first; ++i) audio[i] = audio[i + hop];
    if (!read_samples(in, audio + first - hop, hop)) {
      totals->status = HARNESS_EXIT_BAD_INPUT;
      return;
    }
    end += hop;
  }
}
#endif

}  // namespace

int main() {
  board_stack_paint();
  board_counter_start();
  if (mote_model_init() != 0) {
    return harness_fail(HARNESS_EXIT_INIT_FAILED, "mote_model_init failed");
  }
#if MOTE_LISTEN_SWW
  front_end.log_mel.init();
#else
  front_end.mfcc.init();
#endif

  ListenConfig config;
  if (!read_config(&config)) {
    return harness_fail(HARNESS_EXIT_BAD_INPUT, "input1.bin is not a listen config");
  }
  const int in = semihost_open("input0.bin", SEMIHOST_MODE_READ_BINARY);
  if (in < 0 || semihost_file_length(in) != (long)(config.num_samples * sizeof(int16_t))) {
    return harness_fail(HARNESS_EXIT_BAD_INPUT,
                        "input0.bin does not hold the configured number of samples");
  }
  const int out = semihost_open("output0.bin", SEMIHOST_MODE_WRITE_BINARY);
  if (out < 0) return harness_fail(HARNESS_EXIT_WRITE_FAILED, "cannot open output0.bin");

  Totals totals = {0, 0, 0, HARNESS_EXIT_OK};
  listen(in, out, config, &totals);
  semihost_close(in);
  semihost_close(out);
  switch (totals.status) {
    case HARNESS_EXIT_OK:
      break;
    case HARNESS_EXIT_BAD_INPUT:
      return harness_fail(totals.status, "cannot read the stream");
    case HARNESS_EXIT_INVOKE_FAILED:
      return harness_fail(totals.status, "mote_model_invoke failed");
    default:
      return harness_fail(totals.status, "cannot write output0.bin");
  }
  if (board_stack_overflowed()) {
    return harness_fail(HARNESS_EXIT_STACK_OVERFLOW, "stack overflow");
  }

  char metrics[512];
  char* p = metrics;
  p = harness_append_metric(p, "instructions",
                            totals.frontend_instructions + totals.model_instructions);
  p = harness_append_metric(p, "frontend_instructions", totals.frontend_instructions);
  p = harness_append_metric(p, "model_instructions", totals.model_instructions);
  p = harness_append_metric(p, "windows", totals.windows);
  p = harness_append_metric(p, "instructions_per_tick", BOARD_INSTRUCTIONS_PER_TICK);
  p = harness_append_metric(p, "stack_high_water_bytes", board_stack_high_water_bytes());
  p = harness_append_metric(p, "arena_bytes", MOTE_MODEL_ARENA_BYTES);
  p = harness_append_metric(p, "macs", MOTE_MODEL_MACS);
  p = harness_append_metric(p, "frontend_state_bytes", sizeof(front_end));
  p = harness_append_metric(p, "frontend_audio_bytes", sizeof(audio));
  const int handle = semihost_open("metrics.txt", SEMIHOST_MODE_WRITE_BINARY);
  if (handle < 0 || semihost_write(handle, metrics, (uint32_t)(p - metrics)) != 0) {
    return harness_fail(HARNESS_EXIT_WRITE_FAILED, "cannot write metrics.txt");
  }
  semihost_close(handle);
  return HARNESS_EXIT_OK;
}
