/*
 * restore-batch.h — the batch loop of upscale, denoise and dejpeg: each
 * planned output in turn (refused inputs reported, sizes checked from the
 * header before decoding), progress on stderr, a failed file does not stop
 * the others, Ctrl-C stops between files and writes nothing half done.
 */
#ifndef MAMBAIR_RESTORE_BATCH_H
#define MAMBAIR_RESTORE_BATCH_H

#include "output-plan.h"
#include "restore.h"

/* Runs model on jobs[0..n). strength in 0..1 blends the colour of a result
 * of the input's size with the input, out = in + strength (out - in); 1 is
 * the network's result (use 1 when enlarging). ro's progress and cancel
 * fields are set here. Prints "CMD: D of N image(s) done…" unless quiet and
 * all went well. Returns the exit status: 0 all done, 1 anything failed or
 * was not started. */
int restore_batch_run(const char *cmd, const mambair_model *model, const output_job *jobs, int n,
                      restore_options *ro, float strength, bool quiet);

/* The same with a model for each job (models[i] runs jobs[i]): upscale's
 * automatic source enlarges each input with the model that suits it. */
int restore_batch_run_each(const char *cmd, const mambair_model *const *models, const output_job *jobs,
                           int n, restore_options *ro, float strength, bool quiet);

#endif
