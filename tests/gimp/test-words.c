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
    g_free(words);
    g_free(est);
    g_free(dn);
    g_free(dj);
    return g_failures ? 1 : 0;
}
