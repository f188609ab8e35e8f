/*
 * preview-view.h — the preview's picture: a resizable area (at least
 * 320 x 320) that shows a window of the result at a zoom, "before" left of a
 * split line and "after" right of it. Drag the line to move the split, drag
 * elsewhere to pan; the zoom buttons below (or Ctrl + wheel) zoom. The same
 * code builds with GTK 2 (GIMP 2.10) and GTK 3 (GIMP 3).
 *
 * The view does not compute anything: when the part of the result it needs
 * changes (resize, pan, zoom) it calls `moved`, and the owner hands it new
 * pictures with mb_view_set_pictures. Until they arrive the last pictures
 * stay where they belong, so panning follows the mouse at once.
 */
#ifndef MAMBAIR_PREVIEW_VIEW_H
#define MAMBAIR_PREVIEW_VIEW_H

#include <gtk/gtk.h>
#include <stdint.h>

typedef struct mb_view mb_view;

mb_view *mb_view_new(void (*moved)(void *user), void *user);

/* The box holding the picture and its zoom row; pack it with expand. */
GtkWidget *mb_view_widget(mb_view *v);

/* The result's size (rw x rh): a new task changes it. The view keeps its
 * centre at the same relative place. */
void mb_view_set_result_size(mb_view *v, int rw, int rh);

/* The result pixels the view needs now (at least partly visible). */
void mb_view_get_window(mb_view *v, int *ox, int *oy, int *ow, int *oh);

/* Pictures of the window (ox, oy, ow, oh) as 0x00RRGGBB words {oh, ow};
 * `before` may be NULL (then "after" fills the view). The view takes both. */
void mb_view_set_pictures(mb_view *v, int ox, int oy, int ow, int oh, uint32_t *before,
                          uint32_t *after);

/* Forget the pictures (a setting changed and the old ones are wrong). */
void mb_view_clear(mb_view *v);

/* The split as a fraction of the view's width (0 all "after", 1 all
 * "before"); and the words written at the top of each side. */
void mb_view_set_split(mb_view *v, double fraction);
double mb_view_get_split(mb_view *v);
void mb_view_set_labels(mb_view *v, const char *before, const char *after);

/* Zoom in screen pixels per result pixel (0.5 .. 8). */
void mb_view_set_zoom(mb_view *v, double zoom);

void mb_view_free(mb_view *v); /* before the widget is destroyed; NULL is fine */

#endif /* MAMBAIR_PREVIEW_VIEW_H */
