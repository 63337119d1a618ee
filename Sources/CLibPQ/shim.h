#ifndef ACCREDIT_CLIBPQ_SHIM_H
#define ACCREDIT_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
