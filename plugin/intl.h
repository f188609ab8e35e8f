/* intl.h — gettext for the plug-in's own text domain. */
#ifndef MAMBAIR_INTL_H
#define MAMBAIR_INTL_H

#include <glib/gi18n-lib.h>

#endif /* MAMBAIR_INTL_H */
