/*
 * test-words.c — the dialog's sentences about the model and the run
 * (ui/summary.c) in the user's language, numbers in the user's format. Run
 * by i18n.sh in a German locale with the catalogue built from po/de.po:
 *   test-words CATALOGUE_DIR
 * The German expected here is written out, not taken from de.po.
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "../../ui/dialog.h"
#include "../../plugin/intl.h"
#include "mambair.h"

#include "../test-util.h"

static void expect(const char *what, const char *got, const char *want, int prefix) {
    int ok = got && (prefix ? strncmp(got, want, strlen(want)) == 0 : strcmp(got, want) == 0);
    CHECK(ok, "%s:\n  got      %s\n  expected %s%s", what, got ? got : "(null)", want,
          prefix ? "…" : "");
    if (ok) printf("%s: %s\n", what, got);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: test-words CATALOGUE_DIR\n");
        return 2;
    }
    setlocale(LC_ALL, "");
    bindtextdomain(GETTEXT_PACKAGE, argv[1]);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
    mb_pl_params p;
    mb_pl_params_default(&p);
    p.task = MB_PL_TASK_SR_X2;
    char *words = mb_pl_model_words(&p, NULL);
    expect("the built-in x2 model", words,
           "Eingebautes Modell: leichtgewichtige Superauflösung ×2, Farbe, 164.992 Parameter.", 0);
    char *est = mb_pl_estimate(&p, 1500, 1000);
    expect("the estimate", est, "Ergebnis: 3.000 × 2.000 Pixel. Dauert etwa ", 1);
    CHECK(est && strstr(est, " Speicher."), "the estimate does not end in German: %s", est);
    p.task = MB_PL_TASK_DENOISE;
    char *dn = mb_pl_model_words(&p, NULL);
    expect("the built-in denoiser", dn, "Eingebautes Modell: Rauschentfernung, Farbe, ", 1);
    p.task = MB_PL_TASK_DEJPEG;
    char *dj = mb_pl_model_words(&p, NULL);
    expect("the built-in JPEG artefact remover", dj,
           "Eingebautes Modell: Entfernung von JPEG-Artefakten, Farbe, ", 1);
    /* the source chosen from the image: a JPEG of quality 30 takes the
     * photo model, and the sentence under the choice says so */
    p.task = MB_PL_TASK_SR_X2;
    p.source = MB_PL_SOURCE_AUTO;
    p.jpeg_quality = 30;
    char *auto_words = mb_pl_source_words(&p);
    expect("automatic, JPEG quality 30", auto_words,
           "Foto für ein Bild, das aus einem JPEG niedriger Qualität (bis 55 bei ×2, bis 60 bei ×3, bis 60 "
           "bei ×4) "
           "geöffnet wurde, in "
           "dem die Blöcke sichtbar sind; Sauberes Bild für alle anderen Bilder. Dieses Bild wurde "
           "aus einem JPEG mit Qualität 30 geöffnet: Foto.",
           0);
    char *auto_model = mb_pl_model_words(&p, NULL);
    expect("automatic, JPEG quality 30: the photo model", auto_model,
           "Eingebautes Modell: Superauflösung ×2 für Fotos", 1);
    /* x3 has its own photo model */
    p.task = MB_PL_TASK_SR_X3;
    char *x3_words = mb_pl_source_words(&p);
    CHECK(x3_words && g_str_has_suffix(x3_words, "Dieses Bild wurde aus einem JPEG mit Qualität 30 geöffnet: Foto."),
          "automatic x3, JPEG quality 30: %s", x3_words);
    char *x3_model = mb_pl_model_words(&p, NULL);
    expect("automatic x3, JPEG quality 30: the photo model", x3_model,
           "Eingebautes Modell: Superauflösung ×3 für Fotos", 1);
    g_free(x3_words);
    g_free(x3_model);
    p.task = MB_PL_TASK_SR_X2;
    /* quality 60: the photo model is ahead up to 55 at x2, up to 60 at x4 */
    p.jpeg_quality = 60;
    char *q60_x2 = mb_pl_source_words(&p);
    CHECK(q60_x2 && g_str_has_suffix(q60_x2, "Dieses Bild wurde aus einem JPEG mit Qualität 60 geöffnet, hoch "
                                             "genug für Sauberes Bild."),
          "automatic x2, JPEG quality 60: %s", q60_x2);
    p.task = MB_PL_TASK_SR_X4;
    char *q60_x4 = mb_pl_source_words(&p);
    CHECK(q60_x4 && g_str_has_suffix(q60_x4, "Dieses Bild wurde aus einem JPEG mit Qualität 60 geöffnet: Foto."),
          "automatic x4, JPEG quality 60: %s", q60_x4);
    p.task = MB_PL_TASK_SR_X2;
    g_free(q60_x2);
    g_free(q60_x4);
    /* the sentence under the choice names the thresholds the code uses */
    char *limits = g_strdup_printf("(up to %d for ×2, %d for ×3, %d for ×4)", mambair_photo_max_jpeg_quality(2),
                                   mambair_photo_max_jpeg_quality(3), mambair_photo_max_jpeg_quality(4));
    CHECK(strstr(mb_pl_source_purpose(MB_PL_SOURCE_AUTO), limits), "the Automatic sentence does not say %s: %s",
          limits, mb_pl_source_purpose(MB_PL_SOURCE_AUTO));
    g_free(limits);
    p.jpeg_quality = 0;
    char *auto_png = mb_pl_source_words(&p);
    CHECK(auto_png && g_str_has_suffix(auto_png, "Dieses Bild wurde nicht aus einem JPEG geöffnet: "
                                                 "Sauberes Bild."),
          "automatic, not a JPEG: %s", auto_png);
    g_free(auto_words);
    g_free(auto_model);
    g_free(auto_png);
    g_free(words);
    g_free(est);
    g_free(dn);
    g_free(dj);
    return g_failures ? 1 : 0;
}
