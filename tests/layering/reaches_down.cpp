// Compiled with exactly what the reconcile stage may see: store/ is a floor below, so this
// compiles. It shows that the failure of reaches_up.cpp is the layering, not the probe.
#include "pipeline/store/store.h"
