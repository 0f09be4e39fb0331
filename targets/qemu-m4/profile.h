/* Per-step instruction profile of one inference, built only with
 * `make MOTE_PROFILE=1` (target.mk adds profile.c and -DMOTE_PROFILE): the
 * generated invoke calls mote_profile_step(s) after step s. */
#ifndef MOTE_TARGET_PROFILE_H
#define MOTE_TARGET_PROFILE_H

/* Reads the counter: the next recorded step is measured from here. */
void profile_start(void);
/* Called by the generated invoke after each step (model.c). */
void mote_profile_step(int step);
/* Writes one "step <instructions>" line per step, in plan order, to `path`;
 * 0 on success. Each count
 * is +-40 (one tick) and includes the recording call (about 10 instructions). */
int profile_write(const char* path);

#endif
