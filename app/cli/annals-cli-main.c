/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The annals binary when built without GTK (-Dgui=disabled). */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "annals-cli.h"

int
main (int   argc,
      char *argv[])
{
  int status = 2;

  setlocale (LC_ALL, "");
  if (!annals_cli_run (argv, &status))
    {
      fprintf (stderr, "annals: built without the graphical interface; see annals --help\n");
      return 2;
    }
  return status;
}
