/*
 * compat.h — the few libgimp calls run.c needs, under one name for GIMP 3.0
 * (object handles) and GIMP 2.10 (integer ids). Only names differ; the
 * behaviour of each pair is the same.
 */
#ifndef MAMBAIR_COMPAT_H
#define MAMBAIR_COMPAT_H

#include <libgimp/gimp.h>

#if GIMP_MAJOR_VERSION >= 3
#define PL_GIMP3 1
typedef GimpImage *pl_image;
typedef GimpDrawable *pl_drawable;
typedef GimpLayer *pl_layer;
typedef GimpChannel *pl_channel;
#define PL_NO_IMAGE NULL
#define PL_NO_LAYER NULL
#define PL_ITEM(x) GIMP_ITEM(x)
#define PL_LAYER(x) GIMP_LAYER(x)
#define PL_DRAWABLE(x) GIMP_DRAWABLE(x)
#define pl_image_width(i) gimp_image_get_width(i)
#define pl_image_height(i) gimp_image_get_height(i)
#define pl_image_base_type(i) gimp_image_get_base_type(i)
#define pl_drawable_width(d) gimp_drawable_get_width(d)
#define pl_drawable_height(d) gimp_drawable_get_height(d)
#define pl_drawable_offsets(d, x, y) gimp_drawable_get_offsets(d, x, y)
#define pl_item_is_layer(d) gimp_item_is_layer(GIMP_ITEM(d))
#define pl_item_get_parent(d) gimp_item_get_parent(GIMP_ITEM(d))
#define pl_item_get_name(d) g_strdup(gimp_item_get_name(GIMP_ITEM(d)))
#define pl_item_set_name(d, n) gimp_item_set_name(GIMP_ITEM(d), n)
#define pl_image_position(i, d) gimp_image_get_item_position(i, GIMP_ITEM(d))
#define pl_insert_layer(i, l, parent, pos) gimp_image_insert_layer(i, l, GIMP_LAYER(parent), pos)
#define pl_select_item(i, c) gimp_image_select_item(i, GIMP_CHANNEL_OP_REPLACE, GIMP_ITEM(c))
#define pl_remove_channel(i, c) gimp_image_remove_channel(i, c)
#define pl_progress_init(t) gimp_progress_init(t)
#else
#define PL_GIMP3 0
typedef gint32 pl_image;
typedef gint32 pl_drawable;
typedef gint32 pl_layer;
typedef gint32 pl_channel;
#define PL_NO_IMAGE (-1)
#define PL_NO_LAYER (-1)
#define PL_ITEM(x) (x)
#define PL_LAYER(x) (x)
#define PL_DRAWABLE(x) (x)
#define pl_image_width(i) gimp_image_width(i)
#define pl_image_height(i) gimp_image_height(i)
#define pl_image_base_type(i) gimp_image_base_type(i)
#define pl_drawable_width(d) gimp_drawable_width(d)
#define pl_drawable_height(d) gimp_drawable_height(d)
#define pl_drawable_offsets(d, x, y) gimp_drawable_offsets(d, x, y)
#define pl_item_is_layer(d) gimp_item_is_layer(d)
#define pl_item_get_parent(d) gimp_item_get_parent(d)
#define pl_item_get_name(d) gimp_item_get_name(d)
#define pl_item_set_name(d, n) gimp_item_set_name(d, n)
#define pl_image_position(i, d) gimp_image_get_item_position(i, d)
#define pl_insert_layer(i, l, parent, pos) gimp_image_insert_layer(i, l, parent, pos)
#define pl_select_item(i, c) gimp_image_select_item(i, GIMP_CHANNEL_OP_REPLACE, c)
#define pl_remove_channel(i, c) gimp_image_remove_channel(i, c)
#define pl_progress_init(t) gimp_progress_init(t)
#endif

#endif /* MAMBAIR_COMPAT_H */
