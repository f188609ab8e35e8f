/*
 * preview.c — the live preview: pixels read in the main thread, the network
 * run in one worker thread, the result drawn from an idle callback.
 */
/* G_MESSAGES_DEBUG=mambair-preview prints a line per finished preview (the
 * dialog test waits for it before its screenshot). */
#define G_LOG_DOMAIN "mambair-preview"

#include "preview.h"

#include <string.h>

#include "../plugin/intl.h"
#include "../plugin/messages.h"
#include "../plugin/pixels.h"
#include "mambair.h"
#include "preview-region.h"

#if PL_GIMP3
#define pv_drawable_image(d) gimp_item_get_image(GIMP_ITEM(d))
#define pv_image_selection(i) GIMP_DRAWABLE(gimp_image_get_selection(i))
#else
#define pv_drawable_image(d) gimp_item_get_image(d)
#define pv_image_selection(i) gimp_image_get_selection(i)
#endif

/* An opened model shared by the dialog and the jobs using it. Reference
 * counts change in the main thread only (jobs are freed there). */
typedef struct {
    int refs;
    mambair_model *m;
} pv_model;

typedef struct pv_job {
    mb_preview *pv;
    int id;
    int serial;            /* mb_preview.serial of the settings it ran with */
    int vx, vy, vw, vh;    /* the preview's window it was made for        */
    volatile int cancel;   /* the engine polls it between blocks          */
    pv_model *model;
    mb_pv_region r;
    int cc, has_alpha, ensemble, tile_size;
    float *in;             /* {ph, pw, cc + has_alpha}, read by the main thread */
    float *result;         /* {oh, ow, cc + has_alpha}, written by the worker    */
    mambair_error err;
    double seconds;
    char *text;            /* status line once delivered                  */
} pv_job;

struct mb_preview {
    int refs;              /* the dialog's, plus one per job not yet delivered */
    int closed;
    GtkWidget *preview, *status;
    pl_drawable drawable;
    mb_pl_params params;
    int have_params;
    int serial;            /* counts changes of the settings that matter   */
    char model_key[4200];  /* task | path of `model`                          */
    pv_model *model;
    GThread *thread;
    GAsyncQueue *queue;
    pv_job *current;       /* the newest job handed out, until delivered      */
    pv_job *shown;         /* the last result drawn, to redraw it for free    */
    int latest_id;
    void (*on_speed)(void *user);
    void *user;
};

/* Pushed to stop the worker. */
static pv_job quit_job;

static void model_unref(pv_model *m) {
    if (m && --m->refs == 0) {
        mambair_model_free(m->m);
        g_free(m);
    }
}

static void job_free(pv_job *j) {
    model_unref(j->model);
    g_free(j->in);
    g_free(j->result);
    g_free(j->text);
    g_free(j);
}

static void preview_unref(mb_preview *pv) {
    if (--pv->refs > 0) return;
    if (pv->shown) job_free(pv->shown);
    model_unref(pv->model);
    g_async_queue_unref(pv->queue);
    g_free(pv);
}

/* Only on a change: a new text resizes the dialog, and a resize makes the
 * preview ask for a new computation. */
static void set_status(mb_preview *pv, const char *text) {
    if (strcmp(gtk_label_get_text(GTK_LABEL(pv->status)), text) != 0)
        gtk_label_set_text(GTK_LABEL(pv->status), text);
}

/* ------------------------------------------------------------ worker side */

/* Network on the read region, then the shown window. No GIMP or GTK here. */
static void job_run(pv_job *j) {
    const mb_pv_region *r = &j->r;
    int s = r->s, cc = j->cc, nc = cc + (j->has_alpha ? 1 : 0);
    gsize n_in = (gsize)r->pw * r->ph, n_net = n_in * s * s;
    float *planes = g_try_new(float, n_in * cc);
    float *net = g_try_new(float, n_net * cc);
    float *alpha = j->has_alpha ? g_try_new(float, n_net) : NULL;
    j->result = g_try_new(float, (gsize)r->ow * r->oh * nc);
    if (!planes || !net || (j->has_alpha && !alpha) || !j->result ||
        mb_px_split_colour(j->in, r->pw, r->ph, cc, j->has_alpha, planes) != 0) {
        j->err.code = MAMBAIR_ERR_NO_MEMORY;
        goto done;
    }
    mambair_run_options opt;
    mambair_run_options_default(&opt);
    opt.ensemble = j->ensemble;
    opt.tile_size = j->tile_size;
    opt.cancel = &j->cancel;
    gint64 t0 = g_get_monotonic_time();
    if (mambair_run(j->model->m, planes, r->pw, r->ph, net, &opt, &j->err) != MAMBAIR_OK)
        goto done;
    j->seconds = (g_get_monotonic_time() - t0) * 1e-6;
    if (alpha) mb_px_alpha_scale(j->in, r->pw, r->ph, nc, cc, 0, 0, r->pw, r->ph, s, alpha);
    mb_pv_compose(r, net, j->in, cc, j->has_alpha, alpha, j->result);
done:
    if (j->err.code != MAMBAIR_OK) g_clear_pointer(&j->result, g_free);
    g_free(planes);
    g_free(net);
    g_free(alpha);
}

static gboolean job_deliver(gpointer data);

static gpointer worker_main(gpointer data) {
    GAsyncQueue *queue = data;
    for (;;) {
        pv_job *j = g_async_queue_pop(queue);
        if (j == &quit_job) break;
        if (g_atomic_int_get(&j->cancel))
            j->err.code = MAMBAIR_ERR_CANCELLED;
        else
            job_run(j);
        g_idle_add(job_deliver, j);
    }
    return NULL;
}

/* -------------------------------------------------------------- main side */

/* The selection mask over the window, or NULL when nothing is selected (the
 * whole window is then the result). Denoise only: super-resolution replaces
 * whole layers. */
static guchar *read_mask(mb_preview *pv, int x, int y, int w, int h) {
    pl_image image = pv_drawable_image(pv->drawable);
    if (gimp_selection_is_empty(image)) return NULL;
    int ox, oy;
    pl_drawable_offsets(pv->drawable, &ox, &oy);
    guchar *mask = g_try_malloc((gsize)w * h);
    if (!mask) return NULL;
    GeglBuffer *buf = gimp_drawable_get_buffer(pv_image_selection(image));
    gegl_buffer_get(buf, GEGL_RECTANGLE(ox + x, oy + y, w, h), 1.0, babl_format("Y u8"), mask,
                    GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
    g_object_unref(buf);
    return mask;
}

static void job_draw(mb_preview *pv, pv_job *j) {
    const mb_pv_region *r = &j->r;
    int bpp = j->has_alpha ? 4 : 3;
    GimpImageType type = j->has_alpha ? GIMP_RGBA_IMAGE : GIMP_RGB_IMAGE;
    const Babl *shown = babl_format(j->has_alpha ? "R'G'B'A u8" : "R'G'B' u8");
    guchar *px = g_try_malloc((gsize)r->ow * r->oh * bpp);
    if (!px) return;
    babl_process(babl_fish(babl_format(mb_px_format(j->cc, j->has_alpha)), shown), j->result, px,
                 (long)r->ow * r->oh);
    GimpPreviewArea *area = GIMP_PREVIEW_AREA(gimp_preview_get_area(GIMP_PREVIEW(pv->preview)));
    int vx = j->vx, vy = j->vy; /* the window it was made for (== shown: see callers) */
    guchar *mask = r->s == 1 ? read_mask(pv, vx, vy, r->ow, r->oh) : NULL;
    if (mask) {
        /* outside the selection the run changes nothing: show the original */
        guchar *orig = g_try_malloc((gsize)r->ow * r->oh * bpp);
        if (orig) {
            GeglBuffer *buf = gimp_drawable_get_buffer(pv->drawable);
            gegl_buffer_get(buf, GEGL_RECTANGLE(vx, vy, r->ow, r->oh), 1.0, shown, orig,
                            GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
            g_object_unref(buf);
            gimp_preview_area_mask(area, 0, 0, r->ow, r->oh, type, orig, r->ow * bpp, px,
                                   r->ow * bpp, mask, r->ow);
        }
        g_free(orig);
        g_free(mask);
    } else {
        gimp_preview_area_draw(area, 0, 0, r->ow, r->oh, type, px, r->ow * bpp);
    }
    g_free(px);
}

static gboolean job_deliver(gpointer data) {
    pv_job *j = data;
    mb_preview *pv = j->pv;
    if (pv->current == j) pv->current = NULL;
    if (!pv->closed && j->id == pv->latest_id) {
        if (j->err.code == MAMBAIR_OK) {
            job_draw(pv, j);
            j->text = j->r.s > 1
                          ? g_strdup_printf(_("Left: MambaIR; right: plain enlargement "
                                              "(result at 100%%). Computed in %.1f s."),
                                            j->seconds)
                          : g_strdup_printf(_("Restored (untick Preview to see the "
                                              "original). Computed in %.1f s."),
                                            j->seconds);
            set_status(pv, j->text);
            g_debug("preview %dx%d at %d,%d (x%d) computed in %.3f s", j->r.ow, j->r.oh, j->r.ox,
                    j->r.oy, j->r.s, j->seconds);
            double px = (double)j->r.pw * j->r.ph * (j->ensemble ? 8 : 1);
            mb_pl_summary_measured(&pv->params, j->seconds / px);
            if (pv->shown) job_free(pv->shown);
            pv->shown = j;
            j = NULL;
            if (pv->on_speed) pv->on_speed(pv->user);
        } else if (j->err.code != MAMBAIR_ERR_CANCELLED) {
            set_status(pv, mb_pl_status_sentence(j->err.code));
        }
    }
    if (j) job_free(j);
    preview_unref(pv);
    return G_SOURCE_REMOVE;
}

static void cancel_current(mb_preview *pv) {
    if (pv->current) g_atomic_int_set(&pv->current->cancel, 1);
    pv->latest_id++; /* whatever is still on its way is no longer shown */
}

/* The model for the current settings, opened once per task and file. */
static pv_model *current_model(mb_preview *pv, GError **error) {
    char path[4096], key[4200];
    if (!mb_pl_model_path(&pv->params, path, sizeof path, error)) return NULL;
    g_snprintf(key, sizeof key, "%d|%s", pv->params.task, path);
    if (pv->model && strcmp(key, pv->model_key) == 0) return pv->model;
    g_clear_pointer(&pv->model, model_unref);
    pv->model_key[0] = '\0';
    mambair_model *m = mb_pl_model_open(&pv->params, error);
    if (!m) return NULL;
    pv->model = g_new0(pv_model, 1);
    pv->model->refs = 1;
    pv->model->m = m;
    g_strlcpy(pv->model_key, key, sizeof pv->model_key);
    return pv->model;
}

static void start_job(mb_preview *pv) {
    cancel_current(pv);
    if (!pv->have_params || pv->closed) return;
    GError *error = NULL;
    pv_model *model = current_model(pv, &error);
    if (!model) {
        set_status(pv, error ? error->message : "");
        g_clear_error(&error);
        return;
    }
    int vx, vy, vw, vh;
    gimp_preview_get_position(GIMP_PREVIEW(pv->preview), &vx, &vy);
    gimp_preview_get_size(GIMP_PREVIEW(pv->preview), &vw, &vh);
    pv_job *j = g_new0(pv_job, 1);
    j->serial = pv->serial;
    j->vx = vx;
    j->vy = vy;
    j->vw = vw;
    j->vh = vh;
    if (mb_pv_region_for(pl_drawable_width(pv->drawable), pl_drawable_height(pv->drawable),
                         mb_pl_task_scale(pv->params.task), MB_PL_RUN_CONTEXT, vx, vy, vw, vh,
                         &j->r) != 0) {
        g_free(j);
        return;
    }
    j->pv = pv;
    j->id = pv->latest_id;
    j->model = model;
    model->refs++;
    j->cc = mambair_model_config(model->m)->in_chans;
    j->has_alpha = gimp_drawable_has_alpha(pv->drawable);
    j->ensemble = pv->params.ensemble;
    j->tile_size = pv->params.tile_size;
    int nc = j->cc + (j->has_alpha ? 1 : 0);
    j->in = g_try_new(float, (gsize)j->r.pw * j->r.ph * nc);
    if (!j->in) {
        set_status(pv, mb_pl_status_sentence(MAMBAIR_ERR_NO_MEMORY));
        job_free(j);
        return;
    }
    GeglBuffer *buf = gimp_drawable_get_buffer(pv->drawable);
    gegl_buffer_get(buf, GEGL_RECTANGLE(j->r.px, j->r.py, j->r.pw, j->r.ph), 1.0,
                    babl_format(mb_px_format(j->cc, j->has_alpha)), j->in, GEGL_AUTO_ROWSTRIDE,
                    GEGL_ABYSS_CLAMP);
    g_object_unref(buf);
    pv->refs++;
    pv->current = j;
    set_status(pv, _("Computing the preview…"));
    g_async_queue_push(pv->queue, j);
}

/* Made with the current settings for the preview's current window? */
static gboolean job_current(const mb_preview *pv, const pv_job *j) {
    int vx, vy, vw, vh;
    gimp_preview_get_position(GIMP_PREVIEW(pv->preview), &vx, &vy);
    gimp_preview_get_size(GIMP_PREVIEW(pv->preview), &vw, &vh);
    return j && j->serial == pv->serial && j->vx == vx && j->vy == vy && j->vw == vw &&
           j->vh == vh;
}

/* GIMP asks again after every resize and redraw, not only when the window
 * moved: an unchanged window is redrawn from the last result, or left to the
 * job already computing it. */
static void on_invalidated(GimpPreview *preview, mb_preview *pv) {
    (void)preview;
    if (pv->current && !g_atomic_int_get(&pv->current->cancel) && job_current(pv, pv->current))
        return;
    if (job_current(pv, pv->shown)) {
        job_draw(pv, pv->shown);
        set_status(pv, pv->shown->text);
        return;
    }
    start_job(pv);
}

/* Unticking "Preview" shows the original: stop computing. */
static void on_update_toggled(GObject *preview, GParamSpec *pspec, mb_preview *pv) {
    (void)pspec;
    if (!gimp_preview_get_update(GIMP_PREVIEW(preview))) {
        cancel_current(pv);
        set_status(pv, "");
    }
}

mb_preview *mb_preview_new(GtkWidget *preview, pl_drawable drawable, GtkWidget *status,
                           void (*on_speed)(void *user), void *user) {
    mb_preview *pv = g_new0(mb_preview, 1);
    pv->refs = 1;
    pv->preview = preview;
    pv->status = status;
    pv->drawable = drawable;
    pv->on_speed = on_speed;
    pv->user = user;
    pv->queue = g_async_queue_new();
    g_async_queue_ref(pv->queue); /* the worker's */
    pv->thread = g_thread_new("mambair-preview", worker_main, pv->queue);
    g_signal_connect(preview, "invalidated", G_CALLBACK(on_invalidated), pv);
    g_signal_connect(preview, "notify::update", G_CALLBACK(on_update_toggled), pv);
    return pv;
}

void mb_preview_set_params(mb_preview *pv, const mb_pl_params *p) {
    /* the output choice and the tile size do not change what is shown */
    gboolean changed = !pv->have_params || p->task != pv->params.task ||
                       p->ensemble != pv->params.ensemble ||
                       strcmp(p->model_file, pv->params.model_file) != 0 ||
                       (p->task == MB_PL_TASK_DENOISE && p->noise_level != pv->params.noise_level);
    pv->params = *p;
    pv->have_params = 1;
    if (changed) {
        pv->serial++;
        cancel_current(pv);
        gimp_preview_invalidate(GIMP_PREVIEW(pv->preview));
    }
}

void mb_preview_free(mb_preview *pv) {
    if (!pv) return;
    pv->closed = 1;
    cancel_current(pv);
    g_signal_handlers_disconnect_by_data(pv->preview, pv);
    g_async_queue_push(pv->queue, &quit_job);
    g_thread_join(pv->thread);
    g_async_queue_unref(pv->queue);
    /* the worker is gone; let its last deliveries free their jobs */
    for (int i = 0; i < 1000 && pv->refs > 1; i++) g_main_context_iteration(NULL, FALSE);
    preview_unref(pv);
}
