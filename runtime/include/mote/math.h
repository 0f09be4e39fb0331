/* Float helpers for device code, which may not depend on libm (freestanding
 * headers only). Accuracy targets are stated per function. */
#ifndef MOTE_MATH_H
#define MOTE_MATH_H

#include "mote/config.h"

#ifdef __cplusplus
namespace mote {

/* Round half away from zero, as std::round / TfLiteRound. Exact for all
 * floats: values >= 2^23 are already integral. */
inline float roundf_away(float x) {
  const float big = 8388608.0f; /* 2^23 */
  const float a = x < 0 ? -x : x;
  if (!(a < big)) return x; /* integral, inf or NaN */
  float t = static_cast<float>(static_cast<int32_t>(a)); /* trunc */
  if (a - t >= 0.5f) t += 1.0f;
  return x < 0 ? -t : t;
}

inline double round_away(double x) {
  const double big = 4503599627370496.0; /* 2^52 */
  const double a = x < 0 ? -x : x;
  if (!(a < big)) return x;
  double t = static_cast<double>(static_cast<int64_t>(a));
  if (a - t >= 0.5) t += 1.0;
  return x < 0 ? -t : t;
}

}  // namespace mote
#endif

#endif
