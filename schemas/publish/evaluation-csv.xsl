<?xml version="1.0" encoding="UTF-8"?>
<!--
  schemas/publish/evaluation-csv.xsl - EvaluationResult as open-data CSV
  (kaigo-publish, document type EvaluationResult, format csv, kind "stream";
  the contract is docs/publish.md).

  One tidy table, one row per item and unit:
    - 自己評価: one row per self item per unit (ユニット = the unit's name);
    - アウトカム項目 (Ⅴ): one row per outcome item per unit, with the chosen
      choice's number and text;
    - 外部評価: one row per external item for the whole site (ユニット empty).
  Columns (14):
    事業所番号, 事業所名, 年度, 評価の方法, 評価区分 (自己評価/外部評価),
    ユニット, 区分 (the section of the item table, e.g. 理念に基づく運営,
    アウトカム項目), 自己評価項目番号, 外部評価項目番号 (both numbers on
    every row where the mapping is known, to join the two kinds of rows),
    項目名, 実践状況, 次のステップに向けて期待したい内容,
    アウトカム選択肢番号, アウトカム選択肢
  Item titles, sections, the self/external mapping and the choice texts come
  from the record when it holds them, else from the item table
  schemas/codes/evaluation-items.xml (document() relative to this file, used
  when the record's itemTable version matches or is absent).  Section names
  are written without the numerals Ⅰ〜Ⅴ (機種依存文字 in open data).

  Output: UTF-8 without BOM, every field in double quotes with quotes
  doubled, CRLF after each row; line breaks inside a free-text field stay LF
  inside the quotes.  The rows hold no personal data, so both audiences get
  the same file.  Left out: the 目標達成計画 (its rows are goals, not items:
  a different table) and the administrative parts of the record.

  Parts: head = the header row; record = the rows of one record (the record
  element is the document element); tail = nothing; all (default, xsltproc
  on a collection or on one record) = head, every record, tail - the same
  bytes as kaigo-publish.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:ev="urn:kaigo:evaluation:1"
                xmlns:cl="urn:kaigo:codelist:1"
                exclude-result-prefixes="ev cl">

  <xsl:output method="text" encoding="UTF-8"/>
  <!-- <xsl:comment/> after each row writes nothing (the text output method
       ignores comments), but it stops the row's text from being merged into
       one ever-growing text node: xsltproc on a whole 100 MiB collection
       would otherwise spend hours in strlen (quadratic in the output). -->
  <xsl:strip-space elements="*"/>

  <xsl:param name="part" select="'all'"/>
  <xsl:param name="audience" select="'public'"/>
  <xsl:param name="as-of" select="''"/>
  <xsl:param name="href" select="''"/>

  <xsl:variable name="codes" select="document('../codes/evaluation-items.xml')/cl:codeList"/>
  <xsl:variable name="CRLF" select="'&#13;&#10;'"/>

  <!-- ============================================================
       Parts
       ============================================================ -->

  <xsl:template match="/">
    <xsl:variable name="records"
                  select="ev:EvaluationResult | ev:EvaluationResults/ev:EvaluationResult"/>
    <xsl:choose>
      <xsl:when test="$part = 'head'">
        <xsl:call-template name="header"/>
      </xsl:when>
      <xsl:when test="$part = 'record'">
        <xsl:apply-templates select="$records"/>
      </xsl:when>
      <xsl:when test="$part = 'tail'"/>
      <xsl:otherwise>
        <xsl:call-template name="header"/>
        <xsl:apply-templates select="$records"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="header">
    <xsl:call-template name="row">
      <xsl:with-param name="office" select="'事業所番号'"/>
      <xsl:with-param name="name" select="'事業所名'"/>
      <xsl:with-param name="year" select="'年度'"/>
      <xsl:with-param name="route" select="'評価の方法'"/>
      <xsl:with-param name="kind" select="'評価区分'"/>
      <xsl:with-param name="unit" select="'ユニット'"/>
      <xsl:with-param name="section" select="'区分'"/>
      <xsl:with-param name="selfNo" select="'自己評価項目番号'"/>
      <xsl:with-param name="extNo" select="'外部評価項目番号'"/>
      <xsl:with-param name="title" select="'項目名'"/>
      <xsl:with-param name="practice" select="'実践状況'"/>
      <xsl:with-param name="nextStep" select="'次のステップに向けて期待したい内容'"/>
      <xsl:with-param name="choice" select="'アウトカム選択肢番号'"/>
      <xsl:with-param name="choiceText" select="'アウトカム選択肢'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ============================================================
       One record: self rows and outcome rows unit by unit, then the
       external rows.
       ============================================================ -->

  <xsl:template match="ev:EvaluationResult">
    <xsl:variable name="rec" select="."/>
    <xsl:variable name="tbl" select="$codes[not($rec/@itemTable) or @version = $rec/@itemTable]"/>
    <xsl:variable name="office" select="normalize-space(ev:siteOverview/ev:officeNumber)"/>
    <xsl:variable name="name" select="normalize-space(ev:siteOverview/ev:officeName)"/>
    <xsl:variable name="year" select="normalize-space(ev:fiscalYear)"/>
    <xsl:variable name="route">
      <xsl:choose>
        <xsl:when test="ev:route = 'externalBody'">外部評価</xsl:when>
        <xsl:when test="ev:route = 'promotionMeeting'">運営推進会議を活用した評価</xsl:when>
        <xsl:otherwise><xsl:value-of select="normalize-space(ev:route)"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="extItems" select="ev:externalEvaluation/ev:item"/>

    <xsl:for-each select="ev:selfEvaluation/ev:unitEvaluation">
      <xsl:variable name="unit"
                    select="normalize-space($rec/ev:siteOverview/ev:units/ev:unit[@id = current()/@unitRef]/ev:name)"/>

      <!-- self items Ⅰ〜Ⅳ -->
      <xsl:for-each select="ev:item">
        <xsl:sort select="@number" data-type="number"/>
        <xsl:variable name="n" select="string(@number)"/>
        <xsl:variable name="code" select="$tbl/cl:items/cl:item[@selfNumber = $n]"/>
        <xsl:variable name="ext"
                      select="($extItems[@selfNumber = $n] | $extItems[not(@selfNumber)][@number = $code/@externalNumber])[1]"/>
        <xsl:call-template name="row">
          <xsl:with-param name="office" select="$office"/>
          <xsl:with-param name="name" select="$name"/>
          <xsl:with-param name="year" select="$year"/>
          <xsl:with-param name="route" select="$route"/>
          <xsl:with-param name="kind" select="'自己評価'"/>
          <xsl:with-param name="unit" select="$unit"/>
          <xsl:with-param name="section" select="$tbl/cl:sections/cl:section[@id = $code/@section]/cl:title"/>
          <xsl:with-param name="selfNo" select="$n"/>
          <xsl:with-param name="extNo">
            <xsl:choose>
              <xsl:when test="$ext"><xsl:value-of select="$ext/@number"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$code/@externalNumber"/></xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
          <xsl:with-param name="title">
            <xsl:choose>
              <xsl:when test="ev:title"><xsl:value-of select="ev:title"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$code/cl:title"/></xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
          <xsl:with-param name="practice" select="ev:practice"/>
        </xsl:call-template>
      </xsl:for-each>

      <!-- Ⅴ outcome items -->
      <xsl:for-each select="ev:outcome">
        <xsl:sort select="@number" data-type="number"/>
        <xsl:variable name="oc" select="$tbl/cl:outcomeItems/cl:outcome[@number = current()/@number]"/>
        <xsl:variable name="chosen" select="normalize-space(ev:choice)"/>
        <xsl:call-template name="row">
          <xsl:with-param name="office" select="$office"/>
          <xsl:with-param name="name" select="$name"/>
          <xsl:with-param name="year" select="$year"/>
          <xsl:with-param name="route" select="$route"/>
          <xsl:with-param name="kind" select="'自己評価'"/>
          <xsl:with-param name="unit" select="$unit"/>
          <xsl:with-param name="section">
            <xsl:choose>
              <xsl:when test="$oc">
                <xsl:value-of select="$tbl/cl:sections/cl:section[@id = $oc/@section]/cl:title"/>
              </xsl:when>
              <xsl:otherwise>アウトカム項目</xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
          <xsl:with-param name="selfNo" select="string(@number)"/>
          <xsl:with-param name="title" select="$oc/cl:title"/>
          <xsl:with-param name="choice" select="$chosen"/>
          <xsl:with-param name="choiceText">
            <xsl:choose>
              <xsl:when test="ev:choiceText"><xsl:value-of select="ev:choiceText"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$oc/cl:choice[@code = $chosen]"/></xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:for-each>
    </xsl:for-each>

    <!-- external items, for the whole site -->
    <xsl:for-each select="$extItems">
      <xsl:sort select="@number" data-type="number"/>
      <xsl:variable name="code"
                    select="$tbl/cl:items/cl:item[@externalNumber = current()/@number]"/>
      <xsl:variable name="selfNo">
        <xsl:choose>
          <xsl:when test="@selfNumber"><xsl:value-of select="@selfNumber"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$code/@selfNumber"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <!-- the item table entry of the self number, for section and title -->
      <xsl:variable name="selfCode" select="$tbl/cl:items/cl:item[@selfNumber = string($selfNo)]"/>
      <xsl:call-template name="row">
        <xsl:with-param name="office" select="$office"/>
        <xsl:with-param name="name" select="$name"/>
        <xsl:with-param name="year" select="$year"/>
        <xsl:with-param name="route" select="$route"/>
        <xsl:with-param name="kind" select="'外部評価'"/>
        <xsl:with-param name="section"
                        select="$tbl/cl:sections/cl:section[@id = ($selfCode | $code)[1]/@section]/cl:title"/>
        <xsl:with-param name="selfNo" select="$selfNo"/>
        <xsl:with-param name="extNo" select="string(@number)"/>
        <xsl:with-param name="title">
          <xsl:choose>
            <xsl:when test="ev:title"><xsl:value-of select="ev:title"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="($selfCode | $code)[1]/cl:title"/></xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
        <xsl:with-param name="practice" select="ev:practice"/>
        <xsl:with-param name="nextStep" select="ev:nextStep"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <!-- ============================================================
       CSV writing
       ============================================================ -->

  <!-- One row of the 14 columns, in order, ended by CRLF. -->
  <xsl:template name="row">
    <xsl:param name="office"/>
    <xsl:param name="name"/>
    <xsl:param name="year"/>
    <xsl:param name="route"/>
    <xsl:param name="kind"/>
    <xsl:param name="unit"/>
    <xsl:param name="section"/>
    <xsl:param name="selfNo"/>
    <xsl:param name="extNo"/>
    <xsl:param name="title"/>
    <xsl:param name="practice"/>
    <xsl:param name="nextStep"/>
    <xsl:param name="choice"/>
    <xsl:param name="choiceText"/>
    <xsl:call-template name="field"><xsl:with-param name="v" select="$office"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="$name"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="$year"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="$route"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="$kind"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="$unit"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="$section"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="$selfNo"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="$extNo"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="$title"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="$practice"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="$nextStep"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="$choice"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="$choiceText"/></xsl:call-template>
    <xsl:value-of select="$CRLF"/>
    <xsl:comment/> <!-- see the note on xsl:comment at the top -->
  </xsl:template>

  <!-- One field: trimmed, in double quotes, inner quotes doubled. -->
  <xsl:template name="field">
    <xsl:param name="v"/>
    <xsl:variable name="s" select="string($v)"/>
    <xsl:variable name="first" select="substring(normalize-space($s), 1, 1)"/>
    <xsl:text>"</xsl:text>
    <xsl:if test="$first != ''">
      <xsl:call-template name="double-quotes">
        <xsl:with-param name="s">
          <xsl:call-template name="trim-end">
            <xsl:with-param name="s" select="concat($first, substring-after($s, $first))"/>
          </xsl:call-template>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:if>
    <xsl:text>"</xsl:text>
  </xsl:template>

  <xsl:template name="trim-end">
    <xsl:param name="s"/>
    <xsl:variable name="last" select="substring($s, string-length($s))"/>
    <xsl:choose>
      <xsl:when test="$last = ' ' or $last = '&#9;' or $last = '&#10;' or $last = '&#13;'">
        <xsl:call-template name="trim-end">
          <xsl:with-param name="s" select="substring($s, 1, string-length($s) - 1)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="double-quotes">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, '&quot;')">
        <xsl:value-of select="substring-before($s, '&quot;')"/>
        <xsl:text>""</xsl:text>
        <xsl:call-template name="double-quotes">
          <xsl:with-param name="s" select="substring-after($s, '&quot;')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
