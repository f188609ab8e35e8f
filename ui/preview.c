/*
 * preview.c — the live preview: pixels read in the main thread, the network
 * run in one worker thread, the pictures handed to the view from an idle
 * callback.
 */
/* G_MESSAGES_DEBUG=mambair-preview prints a line per finished preview (the
 * dialog test waits for it before its screenshots). */
#define G_LOG_DOMAIN "mambair-preview"

#include "preview.h"

#include <math.h>
#include <string.h>

#include "../plugin/intl.h"
#include "../plugin/messages.h"
#include "../plugin/models.h"
#include "../plugin/pixels.h"
#include "preview-region.h"
#include "preview-view.h"

#if PL_GIMP3
#define pv_drawable_image(d) gimp_item_get_image(GIMP_ITEM(d))
#define pv_image_selection(i) GIMP_DRAWABLE(gimp_image_get_selection(i))
#else
#define pv_drawable_image(d) gimp_item_get_image(d)
#define pv_image_selection(i) gimp_image_get_selection(i)
#endif

/* Opened models shared by the dialog and the jobs using them. Reference
 * counts change in the main thread only (jobs are freed there). */
typedef struct {
    int refs;
    mb_pl_models ms;
} pv_models;

typedef struct pv_job {
    struct mb_preview *pv;
    int id;
    volatile int cancel;   /* the engine polls it between blocks            */
    pv_models *models;
    mb_pl_models ms;       /* the holder's models with this job's mix       */
    mb_pv_region r;
    int cc, has_alpha, ensemble, tile_size, threads, strength;
    float *in;             /* {ph, pw, cc + has_alpha}, read by the main thread */
    guchar *mask;          /* {oh, ow} selection, or NULL                    */
    uint32_t *before, *after; /* {oh, ow} for the screen, made by the worker */
    mambair_error err;
    double seconds;
    double change;         /* mean |after - before| on 0..255, for the test  */
} pv_job;

struct mb_preview {
    int refs;              /* the dialog's, plus one per job not yet delivered */
    int closed;
    mb_view *view;
    GtkWidget *status;
    pl_drawable drawable;
    int dw, dh;
    mb_pl_params params;
    int have_params;
    pv_models *models;
    GThread *thread;
    GAsyncQueue *queue;
    pv_job *current;       /* the newest job handed out, until delivered      */
    int latest_id;
    guint pending;         /* a recomputation waiting for the view to settle  */
    int shown[5];          /* id-free key of what is on screen: window + serial */
    int serial;            /* counts changes of the settings that matter       */
    void (*on_speed)(void *user);
    void *user;
};

/* Pushed to stop the worker. */
static pv_job quit_job;

static void models_unref(pv_models *m) {
    if (m && --m->refs == 0) {
        mb_pl_models_close(&m->ms);
        g_free(m);
    }
}

static void job_free(pv_job *j) {
    models_unref(j->models);
    g_free(j->in);
    g_free(j->mask);
    g_free(j->before);
    g_free(j->after);
    g_free(j);
}

static void preview_unref(mb_preview *pv) {
    if (--pv->refs > 0) return;
    models_unref(pv->models);
    g_async_queue_unref(pv->queue);
    mb_view_free(pv->view);
    g_free(pv);
}

static void set_status(mb_preview *pv, const char *text) {
    if (strcmp(gtk_label_get_text(GTK_LABEL(pv->status)), text) != 0)
        gtk_label_set_text(GTK_LABEL(pv->status), text);
}

/* ------------------------------------------------------------ worker side */

/* The window enlarged by GIMP's best interpolation for enlarging (NoHalo),
 * sampled at the centres of the result's pixels; edges repeat. */
static gboolean enlarge_nohalo(const pv_job *j, float *out) {
    const mb_pv_region *r = &j->r;
    int nc = j->cc + (j->has_alpha ? 1 : 0);
    const Babl *fmt = babl_format(mb_px_format(j->cc, j->has_alpha));
    GeglBuffer *src = gegl_buffer_linear_new_from_data(
        j->in, fmt, GEGL_RECTANGLE(0, 0, r->pw, r->ph), GEGL_AUTO_ROWSTRIDE, NULL, NULL);
    if (!src) return FALSE;
    GeglSampler *sm = gegl_buffer_sampler_new_at_level(src, fmt, GEGL_SAMPLER_NOHALO, 0);
    for (int y = 0; y < r->oh; y++) {
        double v = (r->oy + y + 0.5) / r->s - r->py;
        for (int x = 0; x < r->ow; x++) {
            double u = (r->ox + x + 0.5) / r->s - r->px;
            gegl_sampler_get(sm, u, v, NULL, &out[((gsize)y * r->ow + x) * nc], GEGL_ABYSS_CLAMP);
        }
    }
    g_object_unref(sm);
    g_object_unref(src);
    return TRUE;
}

static void job_run(pv_job *j) {
    const mb_pv_region *r = &j->r;
    int s = r->s, cc = j->cc, nc = cc + (j->has_alpha ? 1 : 0);
    gsize n_in = (gsize)r->pw * r->ph, n_net = n_in * s * s, n_out = (gsize)r->ow * r->oh;
    float *planes = g_try_new(float, n_in * cc);
    float *net = g_try_new(float, n_net * cc);
    float *alpha = j->has_alpha ? g_try_new(float, n_net) : NULL;
    float *after = g_try_new(float, n_out * nc), *before = g_try_new(float, n_out * nc);
    j->before = g_try_new(uint32_t, n_out);
    j->after = g_try_new(uint32_t, n_out);
    if (!planes || !net || (j->has_alpha && !alpha) || !after || !before || !j->before ||
        !j->after || mb_px_split_colour(j->in, r->pw, r->ph, cc, j->has_alpha, planes) != 0) {
        j->err.code = MAMBAIR_ERR_NO_MEMORY;
        goto done;
    }
    mambair_run_options opt;
    mambair_run_options_default(&opt);
    opt.ensemble = j->ensemble;
    opt.tile_size = j->tile_size;
    opt.n_threads = j->threads;
    opt.cancel = &j->cancel;
    gint64 t0 = g_get_monotonic_time();
    if (mb_pl_models_run(&j->ms, planes, r->pw, r->ph, net, &opt, &j->err) != MAMBAIR_OK)
        goto done;
    j->seconds = (g_get_monotonic_time() - t0) * 1e-6;
    if (alpha) mb_px_alpha_scale(j->in, r->pw, r->ph, nc, cc, 0, 0, r->pw, r->ph, s, alpha);
    mb_pv_after(r, net, cc, alpha, after);
    if (s == 1) {
        mb_pv_before_crop(r, j->in, nc, before);
    } else if (!enlarge_nohalo(j, before)) {
        j->err.code = MAMBAIR_ERR_NO_MEMORY;
        goto done;
    }
    if (j->mask) mb_pv_apply_mask(after, before, j->mask, r->ow, r->oh, nc);
    double sum = 0;
    for (gsize i = 0; i < n_out; i++)
        for (int c = 0; c < cc; c++) sum += fabs((double)after[i * nc + c] - before[i * nc + c]);
    j->change = sum / ((double)n_out * cc) * 255;
    mb_pv_to_screen(before, r->ow, r->oh, cc, j->has_alpha, r->ox, r->oy, j->before);
    mb_pv_to_screen(after, r->ow, r->oh, cc, j->has_alpha, r->ox, r->oy, j->after);
done:
    if (j->err.code != MAMBAIR_OK) {
        g_clear_pointer(&j->before, g_free);
        g_clear_pointer(&j->after, g_free);
    }
    g_free(planes);
    g_free(net);
    g_free(alpha);
    g_free(after);
    g_free(before);
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

/* The selection mask over the window (s = 1: result = drawable
 * coordinates), or NULL when nothing is selected. Super-resolution replaces
 * whole layers and ignores the selection. */
static guchar *read_mask(mb_preview *pv, const mb_pv_region *r) {
    pl_image image = pv_drawable_image(pv->drawable);
    if (r->s != 1 || gimp_selection_is_empty(image)) return NULL;
    int ox, oy;
    pl_drawable_offsets(pv->drawable, &ox, &oy);
    guchar *mask = g_try_malloc((gsize)r->ow * r->oh);
    if (!mask) return NULL;
    GeglBuffer *buf = gimp_drawable_get_buffer(pv_image_selection(image));
    gegl_buffer_get(buf, GEGL_RECTANGLE(ox + r->ox, oy + r->oy, r->ow, r->oh), 1.0,
                    babl_format("Y u8"), mask, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
    g_object_unref(buf);
    return mask;
}

static char *caption(const pv_job *j) {
    char *secs = g_strdup_printf("%.1f", j->seconds);
    char *text = g_strdup_printf(_("Computed in %s s. Drag the line to compare."), secs);
    g_free(secs);
    return text;
}

static gboolean job_deliver(gpointer data) {
    pv_job *j = data;
    mb_preview *pv = j->pv;
    if (pv->current == j) pv->current = NULL;
    if (!pv->closed && j->id == pv->latest_id) {
        if (j->err.code == MAMBAIR_OK) {
            mb_view_set_pictures(pv->view, j->r.ox, j->r.oy, j->r.ow, j->r.oh, j->before,
                                 j->after);
            j->before = j->after = NULL; /* the view's now */
            char *text = caption(j);
            set_status(pv, text);
            g_free(text);
            char *file = g_path_get_basename(j->ms.paths[0]);
            g_debug("preview %dx%d at %d,%d (x%d, task %s, file %s, %d model(s), strength %d, "
                    "noise %d of %d level(s)) computed in %.3f s, mean change %.3f",
                    j->r.ow, j->r.oh, j->r.ox, j->r.oy, j->r.s, mb_pl_task_id(pv->params.task),
                    file, j->ms.mix.n, j->strength, pv->params.noise_level, j->ms.n_levels,
                    j->seconds, j->change);
            g_free(file);
            double px = (double)j->r.pw * j->r.ph * (j->ensemble ? 8 : 1) * j->ms.mix.n;
            mb_pl_summary_measured(&pv->params, j->seconds / px);
            if (pv->on_speed) pv->on_speed(pv->user);
        } else if (j->err.code != MAMBAIR_ERR_CANCELLED) {
            set_status(pv, mb_pl_status_sentence(j->err.code));
        }
    }
    job_free(j);
    preview_unref(pv);
    return G_SOURCE_REMOVE;
}

static void cancel_current(mb_preview *pv) {
    if (pv->current) g_atomic_int_set(&pv->current->cancel, 1);
    pv->latest_id++; /* whatever is still on its way is no longer shown */
}

/* The models for the current settings; reopened only when the files change. */
static pv_models *current_models(mb_preview *pv, GError **error) {
    mb_pl_models probe;
    memset(&probe, 0, sizeof probe);
    if (!mb_pl_models_plan(&pv->params, probe.paths, &probe.mix, &probe.n_levels, error))
        return NULL;
    gboolean same = pv->models && pv->models->ms.mix.n == probe.mix.n;
    for (int k = 0; same && k < probe.mix.n; k++)
        same = strcmp(pv->models->ms.paths[k], probe.paths[k]) == 0;
    if (same) {
        pv->models->ms.mix = probe.mix; /* e.g. a new strength: same files */
        return pv->models;
    }
    g_clear_pointer(&pv->models, models_unref);
    pv_models *m = g_new0(pv_models, 1);
    m->refs = 1;
    if (!mb_pl_models_open(&pv->params, &m->ms, error)) {
        g_free(m);
        return NULL;
    }
    pv->models = m;
    return m;
}

static void start_job(mb_preview *pv) {
    cancel_current(pv);
    if (!pv->have_params || pv->closed) return;
    GError *error = NULL;
    pv_models *models = current_models(pv, &error);
    if (!models) {
        mb_view_clear(pv->view);
        set_status(pv, error ? error->message : "");
        g_clear_error(&error);
        return;
    }
    int ox, oy, ow, oh;
    mb_view_get_window(pv->view, &ox, &oy, &ow, &oh);
    pv_job *j = g_new0(pv_job, 1);
    if (mb_pv_region_for(pv->dw, pv->dh, mb_pl_task_scale(pv->params.task), MB_PL_RUN_CONTEXT,
                         ox, oy, ow, oh, &j->r) != 0) {
        g_free(j);
        return;
    }
    j->pv = pv;
    j->id = pv->latest_id;
    j->models = models;
    models->refs++;
    j->ms = models->ms;
    j->cc = mb_pl_models_config(&models->ms)->in_chans;
    j->has_alpha = gimp_drawable_has_alpha(pv->drawable);
    j->ensemble = pv->params.ensemble;
    j->tile_size = pv->params.tile_size;
    j->threads = pv->params.threads;
    j->strength = mb_pl_task_get(pv->params.task)->strength_control ? pv->params.strength : 100;
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
    j->mask = read_mask(pv, &j->r);
    pv->shown[0] = ox;
    pv->shown[1] = oy;
    pv->shown[2] = ow;
    pv->shown[3] = oh;
    pv->shown[4] = pv->serial;
    pv->refs++;
    pv->current = j;
    set_status(pv, _("Computing the preview…"));
    g_async_queue_push(pv->queue, j);
}

static gboolean start_pending(gpointer data) {
    mb_preview *pv = data;
    pv->pending = 0;
    start_job(pv);
    return G_SOURCE_REMOVE;
}

/* The view moved or was resized: recompute once it has been still for a
 * moment (a drag or a resize sends many), unless the window is unchanged. */
static void on_moved(void *user) {
    mb_preview *pv = user;
    if (pv->closed || !pv->have_params) return;
    int w[4];
    mb_view_get_window(pv->view, &w[0], &w[1], &w[2], &w[3]);
    if (memcmp(w, pv->shown, sizeof w) == 0 && pv->shown[4] == pv->serial) return;
    if (pv->pending) g_source_remove(pv->pending);
    pv->pending = g_timeout_add(150, start_pending, pv);
}

mb_preview *mb_preview_new(pl_drawable drawable, GtkWidget *status,
                           void (*on_speed)(void *user), void *user) {
    mb_preview *pv = g_new0(mb_preview, 1);
    pv->refs = 1;
    pv->status = status;
    pv->drawable = drawable;
    pv->dw = pl_drawable_width(drawable);
    pv->dh = pl_drawable_height(drawable);
    pv->on_speed = on_speed;
    pv->user = user;
    pv->shown[2] = -1;
    pv->view = mb_view_new(on_moved, pv);
    pv->queue = g_async_queue_new();
    g_async_queue_ref(pv->queue); /* the worker's */
    pv->thread = g_thread_new("mambair-preview", worker_main, pv->queue);
    return pv;
}

GtkWidget *mb_preview_widget(mb_preview *pv) { return mb_view_widget(pv->view); }

void mb_preview_set_params(mb_preview *pv, const mb_pl_params *p) {
    /* the output choice does not change what is shown; nor the settings
     * a task does not have */
    const mb_pl_task_info *t = mb_pl_task_get(p->task);
    gboolean changed = !pv->have_params || p->task != pv->params.task ||
                       p->ensemble != pv->params.ensemble ||
                       strcmp(p->model_file, pv->params.model_file) != 0 ||
                       (t->scale > 1 && !p->model_file[0] &&
                        mb_pl_source_effective(p) != mb_pl_source_effective(&pv->params)) ||
                       (t->noise_control && p->noise_level != pv->params.noise_level) ||
                       (t->strength_control && p->strength != pv->params.strength);
    pv->params = *p;
    pv->have_params = 1;
    if (!changed) return;
    pv->serial++;
    cancel_current(pv);
    int s = mb_pl_task_scale(p->task);
    if (s > 1)
        mb_view_set_labels(pv->view, _("NoHalo"), _("MambaIR"));
    else
        mb_view_set_labels(pv->view, _("Original"), _("MambaIR"));
    mb_view_set_result_size(pv->view, pv->dw * s, pv->dh * s);
    on_moved(pv);
}

void mb_preview_free(mb_preview *pv) {
    if (!pv) return;
    pv->closed = 1;
    cancel_current(pv);
    if (pv->pending) g_source_remove(pv->pending);
    pv->pending = 0;
    g_async_queue_push(pv->queue, &quit_job);
    g_thread_join(pv->thread);
    g_async_queue_unref(pv->queue);
    /* the worker is gone; let its last deliveries free their jobs */
    for (int i = 0; i < 1000 && pv->refs > 1; i++) g_main_context_iteration(NULL, FALSE);
    preview_unref(pv);
}
