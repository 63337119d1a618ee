#ifndef ACCREDIT_CLIBXML2_SHIM_H
#define ACCREDIT_CLIBXML2_SHIM_H
/* Debian's libxml2 headers pull in the system ICU, which clashes with the ICU
   bundled in Foundation ("'UErrorCode' has different definitions"). Read the
   version header first, then switch ICU off before any other libxml header. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlIO.h>
#endif
