/* net.c — create a net from a tensor dict: detect, check, repack. */
#include "net-impl.h"

#include <string.h>

mambair_status mb_net_create(const mb_tensordict *td, mb_net **out, mambair_error *err) {
    *out = NULL;
    mambair_config cfg;
    mambair_status st = mb_config_detect(td, &cfg, err);
    if (st != MAMBAIR_OK) return st;
    mb_net *net = mb_calloc(1, sizeof *net);
    if (!net) return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory creating the network");
    st = mb_weights_load(td, &cfg, &net->w, err);
    if (st != MAMBAIR_OK) {
        mb_free(net);
        return st;
    }
    const char *degrade = mb_tensordict_meta(td, "degrade");
    net->context_px = degrade && !strcmp(degrade, "photo") ? MB_NET_CONTEXT_PHOTO : 0;
    *out = net;
    return MAMBAIR_OK;
}

void mb_net_free(mb_net *net) {
    if (!net) return;
    mb_weights_free(&net->w);
    mb_free(net);
}

const mambair_config *mb_net_config(const mb_net *net) { return net ? &net->w.cfg : NULL; }

int mb_net_context_px(const mb_net *net) { return net->context_px; }

int mb_net_n_steps(const mb_net *net) {
    /* stem, every block, every group conv, head */
    return 2 + net->w.n_blocks + net->w.cfg.n_groups;
}
