/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The annals binary when built without GTK (-Dgui=disabled). */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "annals-cli.h"

int
main (int   argc,
      char *argv[])
{
  int status = 2;
  const char *localedir;

  /* As in main.c: ANNALS_LOCALEDIR serves a build tree's catalogues. */
  localedir = g_getenv ("ANNALS_LOCALEDIR");
  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!annals_cli_run (argv, &status))
    {
      fprintf (stderr, "%s\n", _("annals: built without the graphical interface; see annals --help"));
      return 2;
    }
  return status;
}
