#!/bin/sh
# dict.sh - libFuzzer dictionaries for the structured-input harnesses, made
# from the project's own schemas so that they follow them:
#
#   xml     element and attribute names of the document XSDs as "<name",
#           "</name>" and "name=\"", enumeration values, target namespaces,
#           and XML syntax (declarations with the encodings kaigo reads,
#           CDATA, character references, xsi:nil)
#   sch     the element and attribute names and the XPath functions the
#           bundled Schematron rules use, the Schematron namespace, and the
#           element names of the document XSDs (rule contexts)
#   layout  the element and attribute names and enumeration values of
#           layout.xsd, and the element names of the document XSDs (paths)
#   xsdlean the XSD elements the bundled schemas use, the annotation's
#           markup, and the XML syntax the annotation cut judges
#   split   the markup the record scan of kaigo-validate -j skips
#
#   sh fuzz/dict.sh DIR      write DIR/xml.dict, DIR/sch.dict, DIR/layout.dict,
#                            DIR/xsdlean.dict, DIR/split.dict
#
# fuzz/run.sh calls it and passes -dict= to the harness that has one.  Run
# from the top directory.  Bytes outside printable ASCII are written \xNN.
set -eu
out=${1:?usage: sh fuzz/dict.sh DIR}
mkdir -p "$out"
S=schemas
DOCS="$S/careplan.xsd $S/evaluation.xsd $S/evaluationbody.xsd $S/familysurvey.xsd $S/codes/codelist.xsd"

# lines on stdin → libFuzzer dictionary entries, each once
entries() {
	LC_ALL=C awk 'BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
	length($0) > 0 && length($0) <= 64 && !seen[$0]++ {
		s = ""
		for (i = 1; i <= length($0); i++) {
			c = substr($0, i, 1); o = ord[c]
			if (c == "\"" || c == "\\") s = s "\\" c
			else if (o < 32 || o > 126) s = s sprintf("\\x%02X", o)
			else s = s c
		}
		printf "\"%s\"\n", s
	}'
}

# the values of attribute $1 in files $2...
attr_values() {
	a=$1
	shift
	cat "$@" | grep -o "$a=\"[^\"]*\"" | sed "s/^$a=\"//; s/\"\$//"
}

{
	attr_values name $DOCS | sed 's/^/</'
	attr_values name $DOCS | sed 's|^\(.*\)$|</\1>|'
	attr_values name $DOCS | sed 's/$/="/'
	attr_values value $DOCS
	attr_values targetNamespace $DOCS | sed 's/^/xmlns="/; s/$/"/'
	cat <<'EOF'
<?xml version="1.0"?>
<?xml version="1.0" encoding="UTF-8"?>
<?xml version="1.0" encoding="Shift_JIS"?>
encoding="Windows-31J"
encoding="EUC-JP"
encoding="UTF-16"
<!DOCTYPE
<![CDATA[
]]>
&amp;
&lt;
&#x
&#
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
xsi:nil="true"
xml:space="preserve"
/>
-->
<!--
EOF
} | entries > "$out/xml.dict"

{
	attr_values name $DOCS | sed 's/^/\//'
	cat $S/rules/*.sch | grep -o '<sch:[a-z-]*' | sort -u
	cat $S/rules/*.sch | grep -o '</sch:[a-z-]*>' | sort -u
	cat $S/rules/*.sch | grep -o ' [a-zA-Z:-]*="' | sed 's/^ //' | sort -u
	cat $S/rules/*.sch | grep -o '[a-z][a-z:-]*(' | sort -u
	cat <<'EOF'
xmlns:sch="http://purl.oclc.org/dsdl/schematron"
queryBinding="xslt"
<sch:schema
</sch:schema>
 and 
 or 
 div 
 mod 
//
::
$
@
[1]
EOF
} | entries > "$out/sch.dict"

{
	grep -o 'name="[^"]*"' $S/layouts/layout.xsd | sed 's/^name="//; s/"$//' | sed 's/^/</'
	grep -o 'name="[^"]*"' $S/layouts/layout.xsd | sed 's/^name="//; s/"$//' | sed 's/$/="/'
	grep -o 'value="[^"]*"' $S/layouts/layout.xsd | sed 's/^value="//; s/"$//'
	attr_values name $DOCS | sed 's/$/\//'
	attr_values name $DOCS | sed 's/^/@/'
	cat <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
xmlns="urn:kaigo:layout:1"
/>
EOF
} | entries > "$out/layout.dict"

{
	cat $DOCS $S/goalplan.xsd $S/layouts/layout.xsd | grep -o '<xs:[a-zA-Z]*' | sort -u
	cat $DOCS $S/goalplan.xsd $S/layouts/layout.xsd | grep -o '</xs:[a-zA-Z]*>' | sort -u
	cat <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
encoding="Shift_JIS"
xmlns:xs="http://www.w3.org/2001/XMLSchema"
xmlns:xsd="http://www.w3.org/2001/XMLSchema"
xmlns="http://www.w3.org/2001/XMLSchema"
<xsd:
xs:
<xs:annotation>
<xs:annotation/>
</xs:annotation>
<xs:documentation>
<xs:documentation xml:lang="ja">
</xs:documentation>
<xs:appinfo>
</xs:appinfo>
xml:lang="ja-JP"
id="a"
source="x"
<!DOCTYPE
<![CDATA[
]]>
<!--
-->
--
<?pi ?>
&lt;
&amp;
&#65;
&#x
&nbsp;
/>
EOF
	printf '\357\273\277\n\357\277\276\n\300\200\n\r\n\n'
} | entries > "$out/xsdlean.dict"

# split: the markup the record scan of kaigo-validate -j skips or refuses
{
	cat <<'EOF'
<!--
-->
<![CDATA[
]]>
<?
?>
</
/>
<!DOCTYPE
="
='
<x>
</x>
<x/>
EOF
	printf '\r\n\n\r\n"\n'"'"'\n\344\273\213\n'
} | entries > "$out/split.dict"
