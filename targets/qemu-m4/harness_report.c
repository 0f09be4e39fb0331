#include "harness_report.h"

#include "semihost.h"

int harness_fail(int code, const char* message) {
  semihost_print("firmware: ");
  semihost_print(message);
  semihost_print("\n");
  return code;
}

char* harness_append_metric(char* p, const char* key, uint64_t value) {
  while (*key) *p++ = *key++;
  *p++ = ' ';
  char digits[21];
  int n = 0;
  do {
    digits[n++] = (char)('0' + (int)(value % 10));
    value /= 10;
  } while (value > 0);
  while (n > 0) *p++ = digits[--n];
  *p++ = '\n';
  return p;
}
