/* preview-view.c — the preview's picture, split line, panning and zoom. */
/* G_MESSAGES_DEBUG=mambair-preview prints where the picture is and where the
 * split was dropped (the dialog test drags it). */
#define G_LOG_DOMAIN "mambair-preview"

#include "preview-view.h"

#include <math.h>
#include <string.h>

#include "../plugin/intl.h"
#include "preview-region.h"

#define MIN_SIZE 320
#define GRAB 8 /* screen pixels either side of the split line that grab it */

static const double zooms[] = {0.5, 1, 2, 4, 8};
#define N_ZOOMS ((int)(sizeof zooms / sizeof zooms[0]))

struct mb_view {
    GtkWidget *box, *area, *zoom_label, *zoom_out, *zoom_in;
    void (*moved)(void *user);
    void *user;
    int rw, rh;              /* result size                                 */
    double cx, cy;           /* centre of the view, result coordinates      */
    int zoom_index;
    double split;            /* fraction of the width                       */
    char *before_text, *after_text;
    int drag;                /* 0 none, 1 split, 2 pan                      */
    double drag_x, drag_y, drag_cx, drag_cy;
    int px, py, pw, ph;      /* window of the pictures                      */
    uint32_t *before, *after;
    cairo_surface_t *before_s, *after_s;
    int logged[4];           /* place last written to the debug log         */
};

static double zoom_of(const mb_view *v) { return zooms[v->zoom_index]; }

static void area_size(const mb_view *v, int *w, int *h) {
    GtkAllocation a;
    gtk_widget_get_allocation(v->area, &a);
    *w = a.width > 1 ? a.width : MIN_SIZE;
    *h = a.height > 1 ? a.height : MIN_SIZE;
}

static void current_view(mb_view *v, mb_pv_view *pv) {
    int w, h;
    area_size(v, &w, &h);
    mb_pv_view_for(v->rw, v->rh, w, h, zoom_of(v), v->cx, v->cy, pv);
}

static void drop_pictures(mb_view *v) {
    if (v->before_s) cairo_surface_destroy(v->before_s);
    if (v->after_s) cairo_surface_destroy(v->after_s);
    g_free(v->before);
    g_free(v->after);
    v->before_s = v->after_s = NULL;
    v->before = v->after = NULL;
}

static void paint_picture(cairo_t *cr, cairo_surface_t *s, const mb_view *v,
                          const mb_pv_view *pv, double clip_x0, double clip_x1, int h) {
    if (!s) return;
    double z = zoom_of(v);
    cairo_save(cr);
    cairo_rectangle(cr, clip_x0, 0, clip_x1 - clip_x0, h);
    cairo_clip(cr);
    cairo_translate(cr, (v->px - pv->x0) * z, (v->py - pv->y0) * z);
    cairo_scale(cr, z, z);
    cairo_set_source_surface(cr, s, 0, 0);
    /* zoomed in: see the pixels, not a blur */
    cairo_pattern_set_filter(cairo_get_source(cr), z >= 1 ? CAIRO_FILTER_NEAREST
                                                          : CAIRO_FILTER_GOOD);
    cairo_rectangle(cr, 0, 0, v->pw, v->ph);
    cairo_fill(cr);
    cairo_restore(cr);
}

/* A word on a dark rounded label, at x (left edge) or ending at x. */
static void paint_label(cairo_t *cr, GtkWidget *w, const char *text, double x, int right) {
    if (!text || !text[0]) return;
    PangoLayout *layout = gtk_widget_create_pango_layout(w, text);
    int tw, th;
    pango_layout_get_pixel_size(layout, &tw, &th);
    double bx = right ? x - tw - 16 : x + 6, by = 6;
    cairo_set_source_rgba(cr, 0, 0, 0, 0.6);
    cairo_rectangle(cr, bx, by, tw + 10, th + 4);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_move_to(cr, bx + 5, by + 2);
    pango_cairo_show_layout(cr, layout);
    g_object_unref(layout);
}

/* Where the picture is in its window, once per change (drawn = placed). */
static void log_place(mb_view *v, int w, int h) {
    int x = 0, y = 0;
    if (!gtk_widget_translate_coordinates(v->area, gtk_widget_get_toplevel(v->area), 0, 0, &x,
                                          &y))
        return;
    int place[4] = {x, y, w, h};
    if (memcmp(place, v->logged, sizeof place) == 0) return;
    memcpy(v->logged, place, sizeof place);
    g_debug("view area at %d,%d size %dx%d", x, y, w, h);
}

static void paint(mb_view *v, cairo_t *cr) {
    int w, h;
    area_size(v, &w, &h);
    log_place(v, w, h);
    mb_pv_view pv;
    current_view(v, &pv);
    cairo_set_source_rgb(cr, 0.22, 0.22, 0.22);
    cairo_paint(cr);
    double sx = v->before_s ? floor(v->split * w) + 0.5 : -1;
    if (v->before_s) {
        paint_picture(cr, v->before_s, v, &pv, 0, sx, h);
        paint_picture(cr, v->after_s, v, &pv, sx, w, h);
        /* the split: a white line with a dark edge, and a round handle */
        cairo_set_line_width(cr, 3);
        cairo_set_source_rgba(cr, 0, 0, 0, 0.5);
        cairo_move_to(cr, sx, 0);
        cairo_line_to(cr, sx, h);
        cairo_stroke(cr);
        cairo_set_line_width(cr, 1);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_move_to(cr, sx, 0);
        cairo_line_to(cr, sx, h);
        cairo_stroke(cr);
        cairo_arc(cr, sx, h / 2.0, 9, 0, 2 * G_PI);
        cairo_set_source_rgba(cr, 0, 0, 0, 0.6);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_stroke(cr);
        cairo_move_to(cr, sx - 5, h / 2.0);
        cairo_line_to(cr, sx - 2, h / 2.0 - 3);
        cairo_line_to(cr, sx - 2, h / 2.0 + 3);
        cairo_close_path(cr);
        cairo_move_to(cr, sx + 5, h / 2.0);
        cairo_line_to(cr, sx + 2, h / 2.0 - 3);
        cairo_line_to(cr, sx + 2, h / 2.0 + 3);
        cairo_close_path(cr);
        cairo_fill(cr);
        if (sx > 40) paint_label(cr, v->area, v->before_text, sx, 1);
        if (sx < w - 40) paint_label(cr, v->area, v->after_text, sx, 0);
    } else {
        paint_picture(cr, v->after_s, v, &pv, 0, w, h);
    }
}

#if GTK_CHECK_VERSION(3, 0, 0)
static gboolean on_draw(GtkWidget *w, cairo_t *cr, mb_view *v) {
    (void)w;
    paint(v, cr);
    return TRUE;
}
#else
static gboolean on_expose(GtkWidget *w, GdkEventExpose *e, mb_view *v) {
    (void)e;
    cairo_t *cr = gdk_cairo_create(gtk_widget_get_window(w));
    paint(v, cr);
    cairo_destroy(cr);
    return TRUE;
}
#endif

static void moved(mb_view *v) {
    gtk_widget_queue_draw(v->area);
    if (v->moved) v->moved(v->user);
}

static gboolean near_split(mb_view *v, double x) {
    int w, h;
    area_size(v, &w, &h);
    return v->before_s && fabs(x - v->split * w) <= GRAB;
}

static gboolean on_press(GtkWidget *w, GdkEventButton *e, mb_view *v) {
    (void)w;
    if (e->button != 1 && e->button != 2) return FALSE;
    v->drag = e->button == 1 && near_split(v, e->x) ? 1 : 2;
    v->drag_x = e->x;
    v->drag_y = e->y;
    mb_pv_view pv;
    current_view(v, &pv);
    v->drag_cx = pv.cx;
    v->drag_cy = pv.cy;
    return TRUE;
}

static gboolean on_release(GtkWidget *w, GdkEventButton *e, mb_view *v) {
    (void)w;
    if (v->drag == 1) {
        /* where the button came up, even if the last motion was not seen */
        int aw, ah;
        area_size(v, &aw, &ah);
        mb_view_set_split(v, e->x / aw);
        g_debug("split at %.2f", v->split);
    }
    v->drag = 0;
    return TRUE;
}

static gboolean on_motion(GtkWidget *w, GdkEventMotion *e, mb_view *v) {
    (void)w;
    int aw, ah;
    area_size(v, &aw, &ah);
    if (v->drag == 1) {
        mb_view_set_split(v, e->x / aw);
    } else if (v->drag == 2) {
        double z = zoom_of(v);
        v->cx = v->drag_cx - (e->x - v->drag_x) / z;
        v->cy = v->drag_cy - (e->y - v->drag_y) / z;
        mb_pv_view pv;
        current_view(v, &pv); /* keep the centre where the view has pixels */
        v->cx = pv.cx;
        v->cy = pv.cy;
        moved(v);
    }
    return TRUE;
}

static void update_zoom_row(mb_view *v) {
    char *text = g_strdup_printf(_("%d%%"), (int)lround(zoom_of(v) * 100));
    gtk_label_set_text(GTK_LABEL(v->zoom_label), text);
    g_free(text);
    gtk_widget_set_sensitive(v->zoom_out, v->zoom_index > 0);
    gtk_widget_set_sensitive(v->zoom_in, v->zoom_index < N_ZOOMS - 1);
}

static void zoom_step(mb_view *v, int step) {
    int i = v->zoom_index + step;
    if (i < 0 || i >= N_ZOOMS) return;
    v->zoom_index = i;
    update_zoom_row(v);
    moved(v);
}

static gboolean on_scroll(GtkWidget *w, GdkEventScroll *e, mb_view *v) {
    (void)w;
    if (!(e->state & GDK_CONTROL_MASK)) return FALSE;
    if (e->direction == GDK_SCROLL_UP) zoom_step(v, 1);
    else if (e->direction == GDK_SCROLL_DOWN) zoom_step(v, -1);
    return TRUE;
}

static void on_zoom_in(GtkButton *b, mb_view *v) {
    (void)b;
    zoom_step(v, 1);
}

static void on_zoom_out(GtkButton *b, mb_view *v) {
    (void)b;
    zoom_step(v, -1);
}

static void on_size(GtkWidget *w, GtkAllocation *a, mb_view *v) {
    (void)w;
    (void)a;
    if (v->moved) v->moved(v->user);
}

static GtkWidget *icon_button(const char *icon, const char *tip) {
#if GTK_CHECK_VERSION(3, 0, 0)
    GtkWidget *b = gtk_button_new_from_icon_name(icon, GTK_ICON_SIZE_BUTTON);
#else
    GtkWidget *b = gtk_button_new();
    gtk_container_add(GTK_CONTAINER(b), gtk_image_new_from_icon_name(icon, GTK_ICON_SIZE_BUTTON));
#endif
    gtk_button_set_relief(GTK_BUTTON(b), GTK_RELIEF_NONE);
    gtk_widget_set_tooltip_text(b, tip);
    return b;
}

mb_view *mb_view_new(void (*moved_cb)(void *user), void *user) {
    mb_view *v = g_new0(mb_view, 1);
    v->moved = moved_cb;
    v->user = user;
    v->rw = v->rh = 1;
    v->split = 0.5;
    v->zoom_index = 1; /* 100 % */
    v->area = gtk_drawing_area_new();
    gtk_widget_set_size_request(v->area, MIN_SIZE, MIN_SIZE);
    gtk_widget_add_events(v->area, GDK_BUTTON_PRESS_MASK | GDK_BUTTON_RELEASE_MASK |
                                       GDK_POINTER_MOTION_MASK | GDK_SCROLL_MASK);
#if GTK_CHECK_VERSION(3, 0, 0)
    g_signal_connect(v->area, "draw", G_CALLBACK(on_draw), v);
    v->box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
    GtkWidget *row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 2);
#else
    g_signal_connect(v->area, "expose-event", G_CALLBACK(on_expose), v);
    v->box = gtk_vbox_new(FALSE, 4);
    GtkWidget *row = gtk_hbox_new(FALSE, 2);
#endif
    g_signal_connect(v->area, "button-press-event", G_CALLBACK(on_press), v);
    g_signal_connect(v->area, "button-release-event", G_CALLBACK(on_release), v);
    g_signal_connect(v->area, "motion-notify-event", G_CALLBACK(on_motion), v);
    g_signal_connect(v->area, "scroll-event", G_CALLBACK(on_scroll), v);
    g_signal_connect(v->area, "size-allocate", G_CALLBACK(on_size), v);
    gtk_widget_set_tooltip_text(v->area, _("Drag the line to compare; drag the picture to move "
                                           "around; Ctrl and the mouse wheel zoom."));
    v->zoom_out = icon_button("zoom-out", _("Zoom out"));
    v->zoom_in = icon_button("zoom-in", _("Zoom in"));
    v->zoom_label = gtk_label_new("");
    g_signal_connect(v->zoom_out, "clicked", G_CALLBACK(on_zoom_out), v);
    g_signal_connect(v->zoom_in, "clicked", G_CALLBACK(on_zoom_in), v);
    gtk_box_pack_start(GTK_BOX(row), v->zoom_out, FALSE, FALSE, 0);
    gtk_box_pack_start(GTK_BOX(row), v->zoom_label, FALSE, FALSE, 0);
    gtk_box_pack_start(GTK_BOX(row), v->zoom_in, FALSE, FALSE, 0);
    gtk_box_pack_start(GTK_BOX(v->box), v->area, TRUE, TRUE, 0);
    gtk_box_pack_start(GTK_BOX(v->box), row, FALSE, FALSE, 0);
    update_zoom_row(v);
    return v;
}

GtkWidget *mb_view_widget(mb_view *v) { return v->box; }

void mb_view_set_result_size(mb_view *v, int rw, int rh) {
    if (rw < 1 || rh < 1 || (rw == v->rw && rh == v->rh)) return;
    if (v->rw > 1 || v->rh > 1) {
        v->cx = v->cx * rw / v->rw;
        v->cy = v->cy * rh / v->rh;
    } else {
        v->cx = rw / 2.0;
        v->cy = rh / 2.0;
    }
    v->rw = rw;
    v->rh = rh;
    mb_view_clear(v);
    moved(v);
}

void mb_view_get_window(mb_view *v, int *ox, int *oy, int *ow, int *oh) {
    mb_pv_view pv;
    current_view(v, &pv);
    *ox = pv.ox;
    *oy = pv.oy;
    *ow = pv.ow;
    *oh = pv.oh;
}

static cairo_surface_t *surface_for(uint32_t *px, int w, int h) {
    if (!px) return NULL;
    return cairo_image_surface_create_for_data((unsigned char *)px, CAIRO_FORMAT_RGB24, w, h,
                                               w * 4);
}

void mb_view_set_pictures(mb_view *v, int ox, int oy, int ow, int oh, uint32_t *before,
                          uint32_t *after) {
    drop_pictures(v);
    v->px = ox;
    v->py = oy;
    v->pw = ow;
    v->ph = oh;
    v->before = before;
    v->after = after;
    v->before_s = surface_for(before, ow, oh);
    v->after_s = surface_for(after, ow, oh);
    gtk_widget_queue_draw(v->area);
}

void mb_view_clear(mb_view *v) {
    drop_pictures(v);
    gtk_widget_queue_draw(v->area);
}

void mb_view_set_split(mb_view *v, double fraction) {
    v->split = fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
    gtk_widget_queue_draw(v->area);
}

double mb_view_get_split(mb_view *v) { return v->split; }

void mb_view_set_labels(mb_view *v, const char *before, const char *after) {
    g_free(v->before_text);
    g_free(v->after_text);
    v->before_text = g_strdup(before);
    v->after_text = g_strdup(after);
    gtk_widget_queue_draw(v->area);
}

void mb_view_set_zoom(mb_view *v, double zoom) {
    for (int i = 0; i < N_ZOOMS; i++)
        if (fabs(zooms[i] - zoom) < 1e-9) {
            v->zoom_index = i;
            update_zoom_row(v);
            moved(v);
        }
}

void mb_view_free(mb_view *v) {
    if (!v) return;
    g_signal_handlers_disconnect_by_data(v->area, v);
    g_signal_handlers_disconnect_by_data(v->zoom_in, v);
    g_signal_handlers_disconnect_by_data(v->zoom_out, v);
    drop_pictures(v);
    g_free(v->before_text);
    g_free(v->after_text);
    g_free(v);
}
