#!/bin/sh
# seed.sh - (re)build the committed seed corpora fuzz/corpus/<harness>/ from
# the repository's samples.  Run from the top directory.  Kept small (< 200 KB):
# one file per line for the line-oriented harnesses, the smaller XML samples,
# the small Schematron files, the bundled layouts, a few CSV files per layout.
#
#   sh fuzz/seed.sh                 every corpus
#   sh fuzz/seed.sh layout convert  only these; the others are left as they are
set -eu
C=fuzz/corpus
[ $# -gt 0 ] || set -- csv norm era codec xml sch layout convert privacy xsdlean split
WANTED=" $* "
for h in "$@"; do
	rm -rf "${C:?}/$h"
	mkdir -p "$C/$h"
done

# was harness $1 asked for?
want() {
	case "$WANTED" in *" $1 "*) return 0 ;; esac
	return 1
}

# one seed per line of a text file: split_lines FILE DIR PREFIX
split_lines() {
	n=0
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		printf '%s\n' "$line" > "$2/$3-$n"
	done < "$1"
}

# csv: the whole CP932 export, its lines, and a few hand-written edge cases
if want csv; then
	cp samples/normalize/legacy-export.cp932.csv "$C/csv/legacy-export.cp932.csv"
	split_lines samples/normalize/legacy-export.cp932.csv "$C/csv" legacy
	printf 'a,"b\r\nc",d\r\n"x""y",,\n"unterminated\n' > "$C/csv/edge-quotes"
	printf 'a,b"c,d\n"e"f,g\n' > "$C/csv/edge-stray"
fi

# norm: lines of the care notes and of the (UTF-8) CSV's fields
if want norm; then
	split_lines samples/normalize/care-notes.txt "$C/norm" notes
	printf '０９０－１２３４－５６７８' > "$C/norm/phone"
	printf '〒１２３ー４５６７' > "$C/norm/postal"
	printf 'やまだ　たろう' > "$C/norm/kana"
	printf 'ｶﾞｷﾞｸﾞ　ﾊﾟﾋﾟ' > "$C/norm/halfwidth"
	printf 'e\314\201\tA\314\212' > "$C/norm/combining"
fi

# era: one date per seed
if want era; then
	n=0
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		printf '%s' "$line" > "$C/era/date-$n"
	done < samples/normalize/dates.txt
fi

# codec: the CP932 export and its lines; EUC-JP made from the notes
if want codec; then
	split_lines samples/normalize/legacy-export.cp932.csv "$C/codec" cp932
	if command -v iconv >/dev/null; then
		iconv -f UTF-8 -t EUC-JP samples/normalize/care-notes.txt > "$C/codec/notes.eucjp" 2>/dev/null || true
		iconv -f UTF-8 -t CP932 samples/normalize/care-notes.txt > "$C/codec/notes.cp932" 2>/dev/null || true
	fi
fi

# xml: the XML samples below 5 KB
if want xml; then
	find samples -name '*.xml' -size -5k | while read -r f; do
		cp "$f" "$C/xml/$(echo "$f" | tr / _)"
	done
fi

# sch: the conformance-suite rules and the smaller bundled rules
if want sch; then
	for f in tests/cli/schematron/*/*.sch schemas/rules/common.sch schemas/rules/evaluationbody.sch; do
		cp "$f" "$C/sch/$(echo "$f" | tr / _)"
	done
fi

# layout: the bundled layouts (not layout.xsd)
if want layout; then
	for f in schemas/layouts/*.xml; do
		[ "$(basename "$f")" = layout.xsd ] || cp "$f" "$C/layout/$(basename "$f")"
	done
fi

# convert: the selector byte (the layout's place in fuzz_convert.c's list)
# and a CSV for it: the samples, and 3 records from bench/kaigo-gencsv
if want convert; then
	[ -x bench/kaigo-gencsv ] || make bench/kaigo-gencsv >/dev/null
	i=0
	for l in UPPLAN UP1KYO UP2KYO UP3KYO UPHOSOKU UPHOSOKU-M UPSIKYU DLTPLAN VENDOR-PLAN EVAL-ITEMS; do
		case $l in
		VENDOR-PLAN) samples=samples/convert/legacy/vendor-plans.cp932.csv ;;
		EVAL-ITEMS) samples=samples/convert/evaluation/evaluation-items.csv ;;
		UPHOSOKU) samples=samples/convert/standard/UPHOSOKU_000000_*.CSV ;;
		UPHOSOKU-M) samples=$(ls samples/convert/standard/UPHOSOKU_*.CSV | grep -v _000000_) ;;
		DLTPLAN) samples= ;;
		*) samples=samples/convert/standard/${l}_*.CSV ;;
		esac
		sel=$(printf '\\%03o' "$i")
		for f in $samples; do
			{ printf "$sel"; cat "$f"; } > "$C/convert/$l-$(basename "$f")"
		done
		{ printf "$sel"; bench/kaigo-gencsv --layout "$l" --records 3 --seed 1; } > "$C/convert/$l-gencsv"
		i=$((i + 1))
	done
fi
# xsdlean: the smaller bundled XSDs, and hand-made ones: annotations at every
# place the cut allows (root, first child, xsd: prefix, CRLF, BOM, comments,
# predefined entities) and some it must refuse (a character reference, a
# CDATA section, two annotations in one element, xml:lang on the annotation)
if want xsdlean; then
	for f in schemas/goalplan.xsd schemas/layouts/layout.xsd schemas/familysurvey.xsd schemas/codes/codelist.xsd; do
		cp "$f" "$C/xsdlean/$(basename "$f")"
	done
	ns=http://www.w3.org/2001/XMLSchema
	x="<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xs:schema xmlns:xs=\"$ns\">\n"
	e='  <xs:element name="e" type="xs:string"/>\n</xs:schema>\n'
	printf "$x"'  <xs:annotation>\n    <xs:documentation xml:lang="ja">要介護度 &lt;&amp;</xs:documentation>\n  </xs:annotation>\n'"$e" > "$C/xsdlean/root"
	printf "$x"'  <xs:simpleType name="t">\n    <xs:annotation><xs:appinfo>a</xs:appinfo></xs:annotation>\n    <xs:restriction base="xs:string">\n      <xs:enumeration value="a"><xs:annotation><xs:documentation>b<!-- c --></xs:documentation></xs:annotation></xs:enumeration>\n    </xs:restriction>\n  </xs:simpleType>\n  <xs:annotation/>\n'"$e" > "$C/xsdlean/places"
	printf '\357\273\277<xsd:schema xmlns:xsd="%s" xmlns:xsi="%s-instance">\r\n  <xsd:annotation>\r\n<xsd:documentation>x\r\n</xsd:documentation></xsd:annotation>\r\n  <xsd:element name="e" type="xsd:int"/>\r\n</xsd:schema>\r\n' "$ns" "$ns" > "$C/xsdlean/xsd-crlf-bom"
	printf "$x"'  <xs:annotation><xs:documentation>&#65;<![CDATA[<b>]]></xs:documentation></xs:annotation>\n'"$e" > "$C/xsdlean/refused-refs"
	printf "$x"'  <xs:element name="e"><xs:annotation/><xs:annotation xml:lang="ja"/><xs:complexType/></xs:element>\n</xs:schema>\n' > "$C/xsdlean/refused-two"
	printf "$x"'  <xs:element name="e"><xs:annotation><xs:documentation>x</xs:documentation></xs:annotation>\n    <xs:simpleType><xs:restriction base="xs:nosuch"/></xs:simpleType>\n  </xs:element>\n</xs:schema>\n' > "$C/xsdlean/schema-error"
	# behind a first byte of 1, 2, 3: documentation text, the start of an
	# element, the content of the schema (fuzz_xsdlean.c puts them in a frame)
	printf '\001要介護度 &lt;&amp; <!-- c -->\n' > "$C/xsdlean/frame-documentation"
	printf '\001a&#65;b' > "$C/xsdlean/frame-documentation-refused"
	printf '\002<xs:annotation><xs:documentation xml:lang="ja-JP">x</xs:documentation><xs:appinfo>y</xs:appinfo></xs:annotation>\n<xs:complexType/>' > "$C/xsdlean/frame-element"
	printf '\002<xs:annotation/>' > "$C/xsdlean/frame-element-empty"
	printf '\003  <xs:annotation><xs:documentation>x</xs:documentation></xs:annotation>\n  <xs:simpleType name="t"><xs:annotation><xs:appinfo>a</xs:appinfo></xs:annotation>\n    <xs:restriction base="xs:string"><xs:enumeration value="a"/></xs:restriction></xs:simpleType>\n' > "$C/xsdlean/frame-schema"
fi
# split: behind a first byte (the minimum part size, % 32), the smaller
# collection samples, and hand-made ones with what the scan skips (comments,
# CDATA, PIs, quoted '<' and '>'), CR LF and CR line ends, multibyte text
if want split; then
	find samples -name '*.xml' -size -5k | while read -r f; do
		{ printf '\001'; cat "$f"; } > "$C/split/$(echo "$f" | tr / _)"
	done
	printf '\000<?xml version="1.0"?>\r\n<!-- <r> -->\r\n<r a=">" b='"'<'"'>\r\n<x i="1"><y>介護</y><!-- <x> -- > --></x>\r\n<x><![CDATA[ <x> ]] ]]]><?pi <x> ? ?></x>\r\n<x/><x k="'"'>"'/>\r\n<x>a > b</x >\r\n</r>\r\n' > "$C/split/skipped-crlf"
	printf '\002<r>\r<x>ｶﾅ</x>\r<x/>\r<x>0123456789012345678901234567890123456789012345678901234567890123456789</x>\r<x/>\r</r>' > "$C/split/cr"
	printf '\000<!DOCTYPE r><r><x/><x/></r>' > "$C/split/doctype"
fi
for h in "$@"; do
	du -sb "$C/$h"
done

# privacy: the pattern cases of the publishing tests, one text per seed, and
# the free text of the leaky sample
if want privacy; then
	sed -n 's|.*<line>\(.*\)</line>.*|\1|p' tests/cli/kaigo-publish/003-privacy-patterns/lines.xml >"$C/privacy/.lines"
	split_lines "$C/privacy/.lines" "$C/privacy" line
	rm -f "$C/privacy/.lines"
	grep -E '<(siteAppeal|bodyFindings|practice)>' samples/publish/evaluation-leaky.xml | head -n 6 |
		sed 's/<[^>]*>//g' >"$C/privacy/.free"
	split_lines "$C/privacy/.free" "$C/privacy" free
	rm -f "$C/privacy/.free"
fi
