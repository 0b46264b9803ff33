/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The annals binary: the application, which hands headless commands
 * (--check, --list, --export) to the command line before any window. */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "annals-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AnnalsApplication) application = NULL;
  const char *localedir;

  /* ANNALS_LOCALEDIR points a build tree's run (tests, make run) at the
   * catalogues compiled into <build>/po, before anything is installed. */
  localedir = g_getenv ("ANNALS_LOCALEDIR");
  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = annals_application_new (APP_ID, G_APPLICATION_HANDLES_OPEN);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
