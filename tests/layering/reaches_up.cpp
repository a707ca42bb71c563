// Compiled with exactly what the reconcile stage may see. It must NOT compile: report/ is a
// floor above reconcile/, and the build keeps its headers out of reach.
#include "pipeline/report/templates.h"
