# `mote listen --target qemu-m4`: the listen harness and the audio front end
# (copied to frontend/ in the tree) replace main.c. Included by target.mk when
# make is run with MOTE_LISTEN=kws or MOTE_LISTEN=sww.
TARGET_SOURCES := $(filter-out $(TARGET_DIR)/main.c,$(TARGET_SOURCES)) \
                  $(TARGET_DIR)/listen_main.cc $(sort $(wildcard frontend/src/*.cc))
TARGET_CFLAGS += -Ifrontend/include -DMOTE_LISTEN_SWW=$(if $(filter sww,$(MOTE_LISTEN)),1,0)
