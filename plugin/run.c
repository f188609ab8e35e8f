/*
 * run.c — read the pixels, restore them with the engine, write the result.
 *
 * GIMP kills a plug-in when the user presses Cancel, so every result is
 * computed into our own memory first; the image is changed only at the end,
 * inside one undo group (or in a new image with undo off while it is filled).
 */
#include "plugin.h"

#include <string.h>

#include "intl.h"
#include "jpeg-settings.h"
#include "messages.h"
#include "models.h"
#include "pixels.h"

typedef struct {
    pl_drawable d;
    int rx, ry, rw, rh;   /* region to change, drawable coordinates          */
    int px, py, pw, ph;   /* padded region read, drawable coordinates        */
    int has_alpha;
    float *result;        /* {rh*s, rw*s, nc} in the run's babl format       */
} run_job;

typedef struct {
    double base, span;    /* this job's share of the whole progress bar      */
    double last;
    gint64 last_time;
    int index, count;
} run_progress;

static int progress_cb(void *user, double fraction, const char *stage) {
    run_progress *p = user;
    double f = p->base + p->span * fraction;
    gint64 now = g_get_monotonic_time();
    /* every PDB call is a round trip to GIMP: at most ~10 per second */
    if (fraction < 1.0 && f - p->last < 0.002 && now - p->last_time < 100000) return 0;
    if (now - p->last_time >= 100000 && stage && stage[0]) {
        char *text = p->count > 1
                         ? g_strdup_printf(_("Restoring layer %d of %d (%s)"), p->index + 1,
                                           p->count, stage)
                         : g_strdup_printf(_("Restoring (%s)"), stage);
        gimp_progress_set_text(text);
        g_free(text);
    }
    gimp_progress_update(f);
    p->last = f;
    p->last_time = now;
    return 0;
}

/* Region of one drawable to process for the chosen output. */
static gboolean job_region(run_job *j, mb_pl_output out, int pad, GError **error) {
    int dw = pl_drawable_width(j->d), dh = pl_drawable_height(j->d);
    j->rx = j->ry = 0;
    j->rw = dw;
    j->rh = dh;
    if (out == MB_PL_OUTPUT_IN_PLACE || out == MB_PL_OUTPUT_NEW_LAYER) {
        if (!gimp_drawable_mask_intersect(j->d, &j->rx, &j->ry, &j->rw, &j->rh)) {
            g_set_error(error, G_FILE_ERROR, 0,
                        _("The selection does not touch the chosen layer; nothing to do."));
            return FALSE;
        }
    }
    j->px = MAX(0, j->rx - pad);
    j->py = MAX(0, j->ry - pad);
    j->pw = MIN(dw, j->rx + j->rw + pad) - j->px;
    j->ph = MIN(dh, j->ry + j->rh + pad) - j->py;
    j->has_alpha = gimp_drawable_has_alpha(j->d);
    return TRUE;
}

/* Read, restore and keep the result of one job; the image is not touched. */
static gboolean job_compute(run_job *j, const mb_pl_models *ms, const mb_pl_params *p, int s,
                            run_progress *prog, GError **error) {
    const mambair_config *cfg = mb_pl_models_config(ms);
    int cc = cfg->in_chans, nc = cc + (j->has_alpha ? 1 : 0);
    const Babl *fmt = babl_format(mb_px_format(cc, j->has_alpha));
    gsize n_in = (gsize)j->pw * j->ph, n_out = (gsize)j->pw * s * j->ph * s;
    gsize n_res = (gsize)j->rw * s * j->rh * s;
    gboolean ok = FALSE;
    float *in = g_try_new(float, n_in * nc);
    float *planes = g_try_new(float, n_in * cc);
    float *out = g_try_new(float, n_out * cc);
    float *alpha = j->has_alpha ? g_try_new(float, n_res) : NULL;
    j->result = g_try_new(float, n_res * nc);
    if (!in || !planes || !out || (j->has_alpha && !alpha) || !j->result) {
        mambair_error e = {MAMBAIR_ERR_NO_MEMORY, ""};
        mb_pl_set_engine_error(error, &e);
        goto done;
    }
    GeglBuffer *buf = gimp_drawable_get_buffer(j->d);
    gegl_buffer_get(buf, GEGL_RECTANGLE(j->px, j->py, j->pw, j->ph), 1.0, fmt, in,
                    GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_CLAMP);
    g_object_unref(buf);
    if (mb_px_split_colour(in, j->pw, j->ph, cc, j->has_alpha, planes) != 0) {
        mambair_error e = {MAMBAIR_ERR_NO_MEMORY, ""};
        mb_pl_set_engine_error(error, &e);
        goto done;
    }
    mambair_run_options opt;
    mambair_run_options_default(&opt);
    opt.tile_size = p->tile_size;
    opt.n_threads = p->threads;
    opt.ensemble = p->ensemble;
    opt.progress = progress_cb;
    opt.progress_user = prog;
    mambair_error err = {0};
    if (mb_pl_models_run(ms, planes, j->pw, j->ph, out, &opt, &err) != MAMBAIR_OK) {
        mb_pl_set_engine_error(error, &err);
        goto done;
    }
    int ox = (j->rx - j->px) * s, oy = (j->ry - j->py) * s;
    if (alpha)
        mb_px_alpha_scale(in, j->pw, j->ph, nc, cc, j->rx - j->px, j->ry - j->py, j->rw, j->rh,
                          s, alpha);
    mb_px_merge(out, j->pw * s, j->ph * s, ox, oy, j->rw * s, j->rh * s, cc, alpha, j->result);
    ok = TRUE;
done:
    g_free(in);
    g_free(planes);
    g_free(out);
    g_free(alpha);
    if (!ok) g_clear_pointer(&j->result, g_free);
    return ok;
}

/* Write a job's result into `d` at (x, y) through its shadow buffer; merging
 * applies the selection mask and records the undo step. */
static void write_shadow(pl_drawable d, int x, int y, int w, int h, const Babl *fmt,
                         const float *px) {
    GeglBuffer *shadow = gimp_drawable_get_shadow_buffer(d);
    gegl_buffer_set(shadow, GEGL_RECTANGLE(x, y, w, h), 0, fmt, px, GEGL_AUTO_ROWSTRIDE);
    g_object_unref(shadow);
    gimp_drawable_merge_shadow(d, TRUE);
    gimp_drawable_update(d, x, y, w, h);
}

static GimpImageType layer_type(GimpImageBaseType base, int alpha) {
    if (base == GIMP_GRAY) return alpha ? GIMP_GRAYA_IMAGE : GIMP_GRAY_IMAGE;
    return alpha ? GIMP_RGBA_IMAGE : GIMP_RGB_IMAGE;
}

/* Image > Scale Image with the network's pixels in the chosen layers. */
static void apply_scale_image(pl_image image, run_job *jobs, int n, int s, const Babl **fmts) {
    gimp_image_undo_group_start(image);
    gimp_context_push();
    gimp_context_set_interpolation(GIMP_INTERPOLATION_NOHALO);
    gimp_image_scale(image, pl_image_width(image) * s, pl_image_height(image) * s);
    gimp_context_pop();
    /* the whole layer is replaced, as Scale Image does: lift the selection
     * so that merging the shadow is not masked by it, then put it back */
    pl_channel saved = 0;
    gboolean had_sel = !gimp_selection_is_empty(image);
    if (had_sel) {
        saved = gimp_selection_save(image);
        gimp_selection_none(image);
    }
    for (int i = 0; i < n; i++) {
        int w = MIN(jobs[i].rw * s, pl_drawable_width(jobs[i].d));
        int h = MIN(jobs[i].rh * s, pl_drawable_height(jobs[i].d));
        if (w == jobs[i].rw * s)
            write_shadow(jobs[i].d, 0, 0, w, h, fmts[i], jobs[i].result);
    }
    if (had_sel) {
        pl_select_item(image, saved);
        pl_remove_channel(image, saved);
    }
    gimp_image_undo_group_end(image);
}

static pl_image apply_new_image(pl_image image, run_job *jobs, int n, int s, const Babl **fmts,
                                pl_layer *last) {
    GimpImageBaseType base = pl_image_base_type(image);
    pl_image img = gimp_image_new_with_precision(pl_image_width(image) * s,
                                                 pl_image_height(image) * s, base,
                                                 gimp_image_get_precision(image));
    gimp_image_undo_disable(img);
    for (int i = n - 1; i >= 0; i--) {
        run_job *j = &jobs[i];
        int ox, oy;
        pl_drawable_offsets(j->d, &ox, &oy);
        char *name = pl_item_get_name(j->d);
        pl_layer l = gimp_layer_new(img, name, j->rw * s, j->rh * s, layer_type(base, j->has_alpha),
                                    100.0, GIMP_LAYER_MODE_NORMAL);
        g_free(name);
        pl_insert_layer(img, l, 0, 0);
        gimp_layer_set_offsets(l, (ox + j->rx) * s, (oy + j->ry) * s);
        GeglBuffer *buf = gimp_drawable_get_buffer(PL_DRAWABLE(l));
        gegl_buffer_set(buf, GEGL_RECTANGLE(0, 0, j->rw * s, j->rh * s), 0, fmts[i], j->result,
                        GEGL_AUTO_ROWSTRIDE);
        g_object_unref(buf);
        *last = l;
    }
    gimp_image_undo_enable(img);
    return img;
}

static void apply_in_place(pl_image image, run_job *jobs, int n, const Babl **fmts) {
    gimp_image_undo_group_start(image);
    for (int i = 0; i < n; i++)
        write_shadow(jobs[i].d, jobs[i].rx, jobs[i].ry, jobs[i].rw, jobs[i].rh, fmts[i],
                     jobs[i].result);
    gimp_image_undo_group_end(image);
}

static void apply_new_layer(pl_image image, run_job *jobs, int n, const Babl **fmts,
                            pl_layer *last) {
    gimp_image_undo_group_start(image);
    for (int i = 0; i < n; i++) {
        run_job *j = &jobs[i];
        pl_layer copy = gimp_layer_copy(PL_LAYER(j->d));
        char *name = pl_item_get_name(j->d);
        char *new_name = g_strdup_printf(_("%s (restored)"), name);
        pl_item_set_name(copy, new_name);
        g_free(name);
        g_free(new_name);
        pl_insert_layer(image, copy, pl_item_get_parent(j->d), pl_image_position(image, j->d));
        write_shadow(PL_DRAWABLE(copy), j->rx, j->ry, j->rw, j->rh, fmts[i], j->result);
        *last = copy;
    }
    gimp_image_undo_group_end(image);
}

int mb_pl_image_jpeg_quality(pl_image image) {
    GimpParasite *parasite = gimp_image_get_parasite(image, "jpeg-settings");
    if (!parasite) return 0;
#if PL_GIMP3
    guint32 size = 0;
    const unsigned char *data = gimp_parasite_get_data(parasite, &size);
#else
    size_t size = gimp_parasite_data_size(parasite);
    const unsigned char *data = gimp_parasite_data(parasite);
#endif
    int quality = mb_pl_jpeg_settings_quality(data, size);
    gimp_parasite_free(parasite);
    return quality;
}

gboolean mb_pl_run(pl_image image, int n_drawables, const pl_drawable *drawables,
                   const mb_pl_params *params, gboolean interactive, pl_image *new_image,
                   pl_layer *new_layer, GError **error) {
    *new_image = PL_NO_IMAGE;
    *new_layer = PL_NO_LAYER;
    if (pl_image_base_type(image) == GIMP_INDEXED) {
        g_set_error(error, G_FILE_ERROR, 0,
                    _("Indexed images cannot be restored. Convert the image to RGB first "
                      "(Image > Mode > RGB)."));
        return FALSE;
    }
    if (n_drawables < 1) {
        g_set_error(error, G_FILE_ERROR, 0, _("Select at least one layer first."));
        return FALSE;
    }
    mb_pl_output out = mb_pl_output_effective(params->task, params->output);
    int s = mb_pl_task_scale(params->task);
    for (int i = 0; i < n_drawables; i++)
        if (out == MB_PL_OUTPUT_NEW_LAYER && !pl_item_is_layer(drawables[i])) {
            g_set_error(error, G_FILE_ERROR, 0,
                        _("A new layer can only be made from a layer, not from a mask or "
                          "channel. Choose \"Replace the selection\" instead."));
            return FALSE;
        }

    gboolean ok = FALSE;
    run_job *jobs = g_new0(run_job, n_drawables);
    const Babl **fmts = g_new0(const Babl *, n_drawables);
    mb_pl_models ms;
    memset(&ms, 0, sizeof ms);
    if (!mb_pl_models_open(params, &ms, error)) goto done;
    int cc = mb_pl_models_config(&ms)->in_chans;

    double total = 0;
    for (int i = 0; i < n_drawables; i++) {
        jobs[i].d = drawables[i];
        int pad =
            out == MB_PL_OUTPUT_IN_PLACE || out == MB_PL_OUTPUT_NEW_LAYER ? MB_PL_RUN_CONTEXT : 0;
        if (!job_region(&jobs[i], out, pad, error)) goto done;
        fmts[i] = babl_format(mb_px_format(cc, jobs[i].has_alpha));
        total += (double)jobs[i].pw * jobs[i].ph;
    }
    gimp_progress_init(_("Restoring with MambaIR"));
    double base = 0;
    for (int i = 0; i < n_drawables; i++) {
        double share = (double)jobs[i].pw * jobs[i].ph / total;
        run_progress prog = {base, share, -1.0, 0, i, n_drawables};
        if (!job_compute(&jobs[i], &ms, params, s, &prog, error)) goto done;
        base += share;
    }
    gimp_progress_set_text(_("Writing the result"));

    switch (out) {
    case MB_PL_OUTPUT_SCALE_IMAGE: apply_scale_image(image, jobs, n_drawables, s, fmts); break;
    case MB_PL_OUTPUT_NEW_IMAGE:
        *new_image = apply_new_image(image, jobs, n_drawables, s, fmts, new_layer);
        if (interactive) gimp_display_new(*new_image);
        break;
    case MB_PL_OUTPUT_IN_PLACE: apply_in_place(image, jobs, n_drawables, fmts); break;
    case MB_PL_OUTPUT_NEW_LAYER: apply_new_layer(image, jobs, n_drawables, fmts, new_layer); break;
    default: break;
    }
    gimp_progress_update(1.0);
    if (interactive) gimp_displays_flush();
    ok = TRUE;
done:
    for (int i = 0; i < n_drawables; i++) g_free(jobs[i].result);
    g_free(jobs);
    g_free(fmts);
    mb_pl_models_close(&ms);
    return ok;
}
