/*
 * suites.h - the Check suites of tests/unit, one per library module.
 * runner.c runs them all; each check_<module>.c defines one.
 */
#ifndef KAIGO_TEST_SUITES_H
#define KAIGO_TEST_SUITES_H

#include <check.h>

Suite *kaigo_suite_diag(void);
Suite *kaigo_suite_io(void);
Suite *kaigo_suite_era(void);
Suite *kaigo_suite_csv(void);
Suite *kaigo_suite_norm(void);
Suite *kaigo_suite_codec(void);
Suite *kaigo_suite_validate(void);
Suite *kaigo_suite_outsafe(void);
Suite *kaigo_suite_outenc(void);
Suite *kaigo_suite_obligations(void);
Suite *kaigo_suite_pseudo(void);
Suite *kaigo_suite_privacy(void);
Suite *kaigo_suite_asof(void);
Suite *kaigo_suite_xmldump(void);
Suite *kaigo_suite_schxp(void);
Suite *kaigo_suite_xsdlean(void);
Suite *kaigo_suite_split(void);

#endif
