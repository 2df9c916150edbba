/*
 * xmlmem.h - private: the recycling allocator installed for libxml2.
 */
#ifndef KAIGO_XMLMEM_H
#define KAIGO_XMLMEM_H

/* Install it; must precede any libxml2 allocation.  Returns libxml2's status. */
int kaigo_xmlmem_setup(void);

#endif
