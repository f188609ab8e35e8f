/* messages.c — status -> translated sentence with a hint. */
#include "messages.h"

#include "intl.h"

const char *mb_pl_status_sentence(mambair_status status) {
    switch (status) {
    case MAMBAIR_OK: return _("Done.");
    case MAMBAIR_ERR_INVALID_ARGUMENT:
        return _("The plug-in was called with an invalid setting.");
    case MAMBAIR_ERR_IO:
        return _("The model file could not be read. Check that it exists and that you may open "
                 "it, or reinstall the plug-in to restore the built-in models.");
    case MAMBAIR_ERR_FORMAT:
        return _("The model file is damaged or is not a model file. Download it again or choose "
                 "another file.");
    case MAMBAIR_ERR_UNSAFE:
        return _("The model file contains program code and was refused for your safety. Use a "
                 "plain weights file (.safetensors or a .pth state dict).");
    case MAMBAIR_ERR_UNSUPPORTED:
        return _("This file is not a MambaIR model this plug-in can use. Choose a MambaIR v1 "
                 "super-resolution or denoising model.");
    case MAMBAIR_ERR_NO_MEMORY:
        return _("There is not enough memory. Choose a smaller tile size, close other "
                 "programs, or work on a smaller image or selection.");
    case MAMBAIR_ERR_LIMIT:
        return _("The image is too large for the memory available. Choose a smaller tile size "
                 "or work on a selection.");
    case MAMBAIR_ERR_CANCELLED: return _("Cancelled; the image was not changed.");
    case MAMBAIR_ERR_INTERNAL:
    default:
        return _("Something went wrong inside the plug-in; the image was not changed. Please "
                 "report this with the details below.");
    }
}

void mb_pl_set_engine_error(GError **error, const mambair_error *err) {
    if (!error) return;
    g_clear_error(error);
    const char *detail = err && err->message[0] ? err->message : "";
    mambair_status st = err ? err->code : MAMBAIR_ERR_INTERNAL;
    *error = g_error_new(G_FILE_ERROR, 0, "%s%s%s", mb_pl_status_sentence(st),
                         detail[0] ? "\n\n" : "", detail);
}
