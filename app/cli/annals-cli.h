/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The headless commands of the annals binary. They run before any GTK
 * initialisation, so scripts can use them with no display.
 *
 * Returns TRUE when @argv (NULL-terminated, argv[0] first) asks for one of them
 * (--check, --list, --export, --convert, --help, --version) and it has run;
 * *@exit_status is then what the process should exit with: 0 success, 1 invalid
 * data, 2 file cannot be read or bad usage. Returns FALSE, doing nothing, when
 * the command line is for the window (no option, or only files to open). */
gboolean annals_cli_run (char **argv,
                         int   *exit_status);

G_END_DECLS
