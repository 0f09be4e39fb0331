/* Host harness for a `mote compile` tree (tests/models/compile_test.cc):
 *   host_model DIR
 * reads DIR/input<i>.bin (exactly MOTE_MODEL_INPUTi bytes), runs one
 * inference and writes DIR/output<i>.bin. Exit code 0 on success. */
#include <stdio.h>
#include <string.h>

#include "model.h"

static int transfer(const char* dir, const char* kind, int index, void* data, uint32_t bytes,
                    int writing) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s%d.bin", dir, kind, index);
  FILE* f = fopen(path, writing ? "wb" : "rb");
  if (f == NULL) return -1;
  size_t done = writing ? fwrite(data, 1, bytes, f) : fread(data, 1, bytes, f);
  /* An input file must hold exactly the tensor's bytes. */
  const int extra = writing ? 0 : fgetc(f) != EOF;
  fclose(f);
  return done == bytes && !extra ? 0 : -1;
}

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  if (mote_model_init() != 0) return 3;
  for (int i = 0; i < MOTE_MODEL_NUM_INPUTS; ++i) {
    if (transfer(argv[1], "input", i, mote_model_input(i), mote_model_input_desc(i)->bytes, 0)) {
      return 4;
    }
  }
  if (mote_model_invoke() != 0) return 5;
  for (int i = 0; i < MOTE_MODEL_NUM_OUTPUTS; ++i) {
    void* output = (void*)mote_model_output(i);
    if (transfer(argv[1], "output", i, output, mote_model_output_desc(i)->bytes, 1)) return 6;
  }
  return 0;
}
