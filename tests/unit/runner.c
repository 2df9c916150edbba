/*
 * runner.c - runs every Check suite of the library and exits non-zero on
 * any failure.  KAIGO_SLOW=1 makes the property tests use large inputs
 * (make check-slow).
 */
#include <stdlib.h>

#include "suites.h"

int main(void)
{
	SRunner *sr = srunner_create(kaigo_suite_diag());
	int failed;

	srunner_add_suite(sr, kaigo_suite_io());
	srunner_add_suite(sr, kaigo_suite_era());
	srunner_add_suite(sr, kaigo_suite_csv());
	srunner_add_suite(sr, kaigo_suite_norm());
	srunner_add_suite(sr, kaigo_suite_codec());
	srunner_add_suite(sr, kaigo_suite_validate());
	srunner_add_suite(sr, kaigo_suite_outsafe());
	srunner_add_suite(sr, kaigo_suite_outenc());
	srunner_add_suite(sr, kaigo_suite_obligations());
	srunner_add_suite(sr, kaigo_suite_pseudo());
	srunner_add_suite(sr, kaigo_suite_privacy());
	srunner_add_suite(sr, kaigo_suite_asof());
	srunner_add_suite(sr, kaigo_suite_xmldump());
	srunner_add_suite(sr, kaigo_suite_schxp());
	srunner_add_suite(sr, kaigo_suite_xsdlean());
	srunner_add_suite(sr, kaigo_suite_split());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
