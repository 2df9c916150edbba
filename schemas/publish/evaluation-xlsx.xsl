<?xml version="1.0" encoding="UTF-8"?>
<!--
  schemas/publish/evaluation-xlsx.xsl - EvaluationResult as the sheets of an
  Excel workbook laid out like 別紙4 (kaigo-publish -f xlsx; docs/publish.md).

  The result is a sheet description in urn:kaigo:xlsx:1 that lib/xlsx.c
  writes with libxlsxwriter (include/kaigo/xlsx.h):
    <workbook><sheet name orientation freeze repeat>
      <column width/>…  (Excel character units; a kanji is 2)
      <row height?><cell style="title|head|label|text|plain" span?>text</cell>…</row>…
    </sheet>…</workbook>
  Sheets, one set per record:
    別紙4-1          事業所概要, アピール, 評価機関概要, 外部評価で確認した点
    自己評価及び外部評価結果  one row per self item and unit
                     (the external columns on the first unit's row), then the
                     outcome items (Ⅴ) with the chosen choice, then the
                     external items without a self number
    別紙4-2          目標達成計画
  The rows of the open-data CSV (evaluation-csv.xsl) follow as one more
  sheet, added by kaigo-publish.  The privacy checks run on this result as
  on every public output.  Only what the public form shows is taken: no
  evaluator names, no meeting attendees.
  Dates are shown as on the page: ISO with the 和暦 after it (the templates
  "date" and "fiscal-year" of evaluation-html.xsl, imported).
  Titles and sections come from the record, else from the item table
  schemas/codes/evaluation-items.xml, as in evaluation-csv.xsl.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:ev="urn:kaigo:evaluation:1"
                xmlns:cl="urn:kaigo:codelist:1"
                xmlns="urn:kaigo:xlsx:1"
                exclude-result-prefixes="ev cl">

  <!-- the page's date templates: 2024-11-15(令和6年11月15日), 2024年度(令和6年度) -->
  <xsl:import href="evaluation-html.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>
  <xsl:strip-space elements="*"/>

  <xsl:param name="part" select="'record'"/>
  <xsl:param name="audience" select="'public'"/>
  <xsl:param name="as-of" select="''"/>
  <xsl:param name="href" select="''"/>

  <xsl:variable name="codes" select="document('../codes/evaluation-items.xml')/cl:codeList"/>

  <xsl:template match="/">
    <workbook>
      <xsl:apply-templates select="ev:EvaluationResult | ev:EvaluationResults/ev:EvaluationResult"/>
    </workbook>
  </xsl:template>

  <xsl:template match="ev:EvaluationResult">
    <xsl:variable name="rec" select="."/>
    <xsl:variable name="tbl" select="$codes[not($rec/@itemTable) or @version = $rec/@itemTable]"/>
    <xsl:variable name="s" select="ev:siteOverview"/>

    <!-- ===== 別紙4-1: the front sheet ===== -->
    <sheet name="別紙4-1" orientation="portrait" freeze="1" repeat="1">
      <column width="26"/>
      <column width="70"/>
      <row height="24">
        <cell style="title" span="2">自己評価及び外部評価結果</cell>
      </row>
      <row><cell style="head" span="2">【事業所概要(事業所記入)】</cell></row>
      <xsl:call-template name="pair"><xsl:with-param name="k" select="'事業所番号'"/><xsl:with-param name="v" select="$s/ev:officeNumber"/></xsl:call-template>
      <xsl:call-template name="pair"><xsl:with-param name="k" select="'法人名'"/><xsl:with-param name="v" select="$s/ev:corporationName"/></xsl:call-template>
      <xsl:call-template name="pair"><xsl:with-param name="k" select="'事業所名'"/><xsl:with-param name="v" select="$s/ev:officeName"/></xsl:call-template>
      <xsl:call-template name="pair"><xsl:with-param name="k" select="'所在地'"/><xsl:with-param name="v" select="concat(normalize-space($s/ev:postalCode), substring(' ', 1, string-length(normalize-space($s/ev:postalCode))), normalize-space($s/ev:address))"/></xsl:call-template>
      <xsl:call-template name="pair"><xsl:with-param name="k" select="'ユニット'"/>
        <xsl:with-param name="v">
          <xsl:for-each select="$s/ev:units/ev:unit">
            <xsl:if test="position() &gt; 1">、</xsl:if>
            <xsl:value-of select="normalize-space(ev:name)"/>
          </xsl:for-each>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="pair"><xsl:with-param name="k" select="'評価年度'"/>
        <xsl:with-param name="v"><xsl:call-template name="fiscal-year"><xsl:with-param name="y" select="ev:fiscalYear"/></xsl:call-template></xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="pair"><xsl:with-param name="k" select="'自己評価作成日'"/>
        <xsl:with-param name="v"><xsl:call-template name="date"><xsl:with-param name="d" select="$s/ev:selfEvaluationDate"/></xsl:call-template></xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="pair"><xsl:with-param name="k" select="'評価結果市町村受理日'"/>
        <xsl:with-param name="v"><xsl:call-template name="date"><xsl:with-param name="d" select="$s/ev:municipalityReceiptDate"/></xsl:call-template></xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="pair"><xsl:with-param name="k" select="'基本情報リンク先URL'"/><xsl:with-param name="v" select="$s/ev:basicInfoUrl"/></xsl:call-template>
      <row><cell style="head" span="2">【事業所が特に力を入れている点・アピールしたい点(事業所記入)】</cell></row>
      <row height="90"><cell style="text" span="2"><xsl:value-of select="ev:siteAppeal"/></cell></row>
      <xsl:if test="ev:evaluationBody">
        <row><cell style="head" span="2">【評価機関概要(評価機関記入)】</cell></row>
        <xsl:call-template name="pair"><xsl:with-param name="k" select="'評価機関名'"/><xsl:with-param name="v" select="ev:evaluationBody/ev:name"/></xsl:call-template>
        <xsl:call-template name="pair"><xsl:with-param name="k" select="'所在地'"/><xsl:with-param name="v" select="ev:evaluationBody/ev:address"/></xsl:call-template>
        <xsl:call-template name="pair"><xsl:with-param name="k" select="'訪問調査日'"/>
        <xsl:with-param name="v"><xsl:call-template name="date"><xsl:with-param name="d" select="ev:evaluationBody/ev:visitDate"/></xsl:call-template></xsl:with-param>
      </xsl:call-template>
      </xsl:if>
      <xsl:if test="ev:bodyFindings">
        <row><cell style="head" span="2">【外部評価で確認した事業所の優れている点、工夫点(評価機関記入)】</cell></row>
        <row height="90"><cell style="text" span="2"><xsl:value-of select="ev:bodyFindings"/></cell></row>
      </xsl:if>
      <xsl:call-template name="pair"><xsl:with-param name="k" select="'作成日'"/>
        <xsl:with-param name="v"><xsl:call-template name="date"><xsl:with-param name="d" select="ev:createdDate"/></xsl:call-template></xsl:with-param>
      </xsl:call-template>
    </sheet>

    <!-- ===== the item table ===== -->
    <xsl:variable name="extItems" select="ev:externalEvaluation/ev:item"/>
    <sheet name="自己評価及び外部評価結果" orientation="landscape" freeze="2" repeat="2">
      <column width="8"/>
      <column width="8"/>
      <column width="16"/>
      <column width="24"/>
      <column width="12"/>
      <column width="44"/>
      <column width="44"/>
      <column width="36"/>
      <row height="24">
        <cell style="title" span="8">自己評価及び外部評価結果</cell>
      </row>
      <row height="30">
        <cell style="head">自己評価</cell>
        <cell style="head">外部評価</cell>
        <cell style="head">区分</cell>
        <cell style="head">項目</cell>
        <cell style="head">ユニット</cell>
        <cell style="head">自己評価 実践状況</cell>
        <cell style="head">外部評価 実践状況</cell>
        <cell style="head">次のステップに向けて期待したい内容</cell>
      </row>
      <xsl:for-each select="ev:selfEvaluation/ev:unitEvaluation/ev:item">
        <xsl:sort select="@number" data-type="number"/>
        <xsl:sort select="count(../preceding-sibling::ev:unitEvaluation)" data-type="number"/>
        <xsl:variable name="n" select="string(@number)"/>
        <xsl:variable name="code" select="$tbl/cl:items/cl:item[@selfNumber = $n]"/>
        <xsl:variable name="ext"
                      select="($extItems[@selfNumber = $n] | $extItems[not(@selfNumber)][@number = $code/@externalNumber])[1]"/>
        <xsl:variable name="first" select="not(../preceding-sibling::ev:unitEvaluation/ev:item[@number = $n])"/>
        <row>
          <cell style="text"><xsl:value-of select="$n"/></cell>
          <cell style="text"><xsl:if test="$first"><xsl:value-of select="$ext/@number"/></xsl:if></cell>
          <cell style="text"><xsl:value-of select="$tbl/cl:sections/cl:section[@id = $code/@section]/cl:title"/></cell>
          <cell style="label">
            <xsl:choose>
              <xsl:when test="ev:title"><xsl:value-of select="ev:title"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$code/cl:title"/></xsl:otherwise>
            </xsl:choose>
          </cell>
          <cell style="text"><xsl:value-of select="normalize-space($rec/ev:siteOverview/ev:units/ev:unit[@id = current()/../@unitRef]/ev:name)"/></cell>
          <cell style="text"><xsl:value-of select="ev:practice"/></cell>
          <cell style="text"><xsl:if test="$first"><xsl:value-of select="$ext/ev:practice"/></xsl:if></cell>
          <cell style="text"><xsl:if test="$first"><xsl:value-of select="$ext/ev:nextStep"/></xsl:if></cell>
        </row>
      </xsl:for-each>
      <xsl:for-each select="ev:selfEvaluation/ev:unitEvaluation/ev:outcome">
        <xsl:sort select="@number" data-type="number"/>
        <xsl:sort select="count(../preceding-sibling::ev:unitEvaluation)" data-type="number"/>
        <xsl:variable name="oc" select="$tbl/cl:outcomeItems/cl:outcome[@number = current()/@number]"/>
        <xsl:variable name="chosen" select="normalize-space(ev:choice)"/>
        <row>
          <cell style="text"><xsl:value-of select="@number"/></cell>
          <cell style="text"/>
          <cell style="text">
            <xsl:choose>
              <xsl:when test="$oc"><xsl:value-of select="$tbl/cl:sections/cl:section[@id = $oc/@section]/cl:title"/></xsl:when>
              <xsl:otherwise>アウトカム項目</xsl:otherwise>
            </xsl:choose>
          </cell>
          <cell style="label"><xsl:value-of select="$oc/cl:title"/></cell>
          <cell style="text"><xsl:value-of select="normalize-space($rec/ev:siteOverview/ev:units/ev:unit[@id = current()/../@unitRef]/ev:name)"/></cell>
          <cell style="text">
            <xsl:value-of select="$chosen"/>
            <xsl:text> </xsl:text>
            <xsl:choose>
              <xsl:when test="ev:choiceText"><xsl:value-of select="ev:choiceText"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$oc/cl:choice[@code = $chosen]"/></xsl:otherwise>
            </xsl:choose>
          </cell>
          <cell style="text"/>
          <cell style="text"/>
        </row>
      </xsl:for-each>
      <!-- external items that no self item of the record carries -->
      <xsl:for-each select="$extItems">
        <xsl:sort select="@number" data-type="number"/>
        <xsl:variable name="code" select="$tbl/cl:items/cl:item[@externalNumber = current()/@number]"/>
        <xsl:variable name="selfNo">
          <xsl:choose>
            <xsl:when test="@selfNumber"><xsl:value-of select="@selfNumber"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$code/@selfNumber"/></xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:if test="not($rec/ev:selfEvaluation/ev:unitEvaluation/ev:item[@number = string($selfNo)])">
          <row>
            <cell style="text"><xsl:value-of select="$selfNo"/></cell>
            <cell style="text"><xsl:value-of select="@number"/></cell>
            <cell style="text"><xsl:value-of select="$tbl/cl:sections/cl:section[@id = $code/@section]/cl:title"/></cell>
            <cell style="label">
              <xsl:choose>
                <xsl:when test="ev:title"><xsl:value-of select="ev:title"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="$code/cl:title"/></xsl:otherwise>
              </xsl:choose>
            </cell>
            <cell style="text"/>
            <cell style="text"/>
            <cell style="text"><xsl:value-of select="ev:practice"/></cell>
            <cell style="text"><xsl:value-of select="ev:nextStep"/></cell>
          </row>
        </xsl:if>
      </xsl:for-each>
    </sheet>

    <!-- ===== 別紙4-2: the goal-achievement plan ===== -->
    <xsl:if test="ev:goalAchievementPlan">
      <sheet name="別紙4-2" orientation="landscape" freeze="3" repeat="3">
        <column width="8"/>
        <column width="10"/>
        <column width="40"/>
        <column width="36"/>
        <column width="48"/>
        <column width="14"/>
        <row height="24">
          <cell style="title" span="6">目標達成計画</cell>
        </row>
        <row>
          <cell style="plain" span="6">
            <xsl:value-of select="concat('事業所名 ', normalize-space($s/ev:officeName), '  作成日 ')"/>
            <xsl:call-template name="date"><xsl:with-param name="d" select="ev:goalAchievementPlan/ev:createdDate"/></xsl:call-template>
          </cell>
        </row>
        <row height="30">
          <cell style="head">優先順位</cell>
          <cell style="head">項目番号</cell>
          <cell style="head">現状における問題点、課題</cell>
          <cell style="head">目標</cell>
          <cell style="head">目標達成に向けた具体的な取り組み内容</cell>
          <cell style="head">目標達成に要する期間</cell>
        </row>
        <xsl:for-each select="ev:goalAchievementPlan/ev:goal">
          <xsl:sort select="@priority" data-type="number"/>
          <row>
            <cell style="text"><xsl:value-of select="@priority"/></cell>
            <cell style="text">
              <xsl:for-each select="ev:itemNumber">
                <xsl:if test="position() &gt; 1">、</xsl:if>
                <xsl:value-of select="normalize-space(.)"/>
              </xsl:for-each>
            </cell>
            <cell style="text"><xsl:value-of select="ev:problem"/></cell>
            <cell style="text"><xsl:value-of select="ev:target"/></cell>
            <cell style="text"><xsl:value-of select="ev:actions"/></cell>
            <cell style="text"><xsl:value-of select="ev:period"/></cell>
          </row>
        </xsl:for-each>
      </sheet>
    </xsl:if>
  </xsl:template>

  <!-- A label and its value on one row. -->
  <xsl:template name="pair">
    <xsl:param name="k"/>
    <xsl:param name="v"/>
    <row>
      <cell style="label"><xsl:value-of select="$k"/></cell>
      <cell style="text"><xsl:value-of select="normalize-space($v)"/></cell>
    </row>
  </xsl:template>

</xsl:stylesheet>
