<?xml version="1.0" encoding="UTF-8"?>
<!--
  schemas/publish/goalplan-csv.xsl - the rows of a 目標達成計画 (別紙4「2」)
  as open data, one row per goal.

  Two inputs, one layout:
    GoalPlan (urn:kaigo:goalplan:1)       a plan published on its own
                                          (kaigo-publish -f csv)
    EvaluationResult (urn:kaigo:evaluation:1)
                                          the goalAchievementPlan of an
                                          evaluation round (kaigo-publish
                                          -f goals; the evaluation CSV has
                                          the items, not the goals)

  Output kind "stream" (docs/publish.md): part='head' the header row,
  part='record' the rows of one record, part='tail' nothing, part='all'
  (default; xsltproc on a collection or on one record) all of them.

  Columns:
    事業所番号, 事業所名       officeNumber / siteOverview/officeNumber;
                               officeName / siteOverview/officeName
    ユニット                   GoalPlan unitName (empty otherwise)
    年度                       fiscalYear (empty when absent)
    作成日                     createdDate as written (YYYY-MM-DD or YYYY-MM)
    優先順位                   goal/@priority
    項目番号                   goal/itemNumber, several joined with "・"
    現状における問題点、課題   goal/problem
    目標                       goal/target
    目標達成に向けた具体的な取り組み内容   goal/actions
    目標達成に要する期間       goal/period as written
    期間（月）                 goal/periodMonths (empty when absent)

  Nothing personal is in a plan's table by design; the public audience's
  privacy check of kaigo-publish still runs on the result.

  CSV conventions: UTF-8, every field in double quotes with " doubled, CRLF
  line ends, a header row; a line end inside a cell is written as CRLF.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:gp="urn:kaigo:goalplan:1"
                xmlns:ev="urn:kaigo:evaluation:1"
                exclude-result-prefixes="gp ev">

  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:strip-space elements="*"/>

  <xsl:param name="part" select="'all'"/>
  <xsl:param name="audience" select="'public'"/>
  <xsl:param name="as-of" select="''"/>
  <xsl:param name="href" select="''"/>

  <xsl:variable name="CRLF" select="'&#13;&#10;'"/>

  <xsl:template match="/">
    <xsl:variable name="records"
                  select="gp:GoalPlan | gp:GoalPlans/gp:GoalPlan
                          | ev:EvaluationResult | ev:EvaluationResults/ev:EvaluationResult"/>
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
    <xsl:text>"事業所番号","事業所名","ユニット","年度","作成日","優先順位","項目番号","現状における問題点、課題","目標","目標達成に向けた具体的な取り組み内容","目標達成に要する期間","期間（月）"</xsl:text>
    <xsl:value-of select="$CRLF"/>
    <xsl:comment/>
  </xsl:template>

  <xsl:template match="gp:GoalPlan">
    <xsl:apply-templates select="gp:goal">
      <xsl:with-param name="office" select="gp:officeNumber"/>
      <xsl:with-param name="name" select="gp:officeName"/>
      <xsl:with-param name="unit" select="gp:unitName"/>
      <xsl:with-param name="year" select="gp:fiscalYear"/>
      <xsl:with-param name="created" select="gp:createdDate"/>
    </xsl:apply-templates>
  </xsl:template>

  <xsl:template match="ev:EvaluationResult">
    <xsl:apply-templates select="ev:goalAchievementPlan/ev:goal">
      <xsl:with-param name="office" select="ev:siteOverview/ev:officeNumber"/>
      <xsl:with-param name="name" select="ev:siteOverview/ev:officeName"/>
      <xsl:with-param name="unit" select="ev:siteOverview/ev:units/ev:unit[@id = current()/@reportUnit]/ev:name"/>
      <xsl:with-param name="year" select="ev:fiscalYear"/>
      <xsl:with-param name="created" select="ev:goalAchievementPlan/ev:createdDate"/>
    </xsl:apply-templates>
  </xsl:template>

  <!-- one goal row; the elements of a goal are the same in both vocabularies -->
  <xsl:template match="gp:goal | ev:goal">
    <xsl:param name="office"/>
    <xsl:param name="name"/>
    <xsl:param name="unit"/>
    <xsl:param name="year"/>
    <xsl:param name="created"/>
    <xsl:call-template name="field"><xsl:with-param name="v" select="$office"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="$name"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="$unit"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="$year"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="$created"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="@priority"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field">
      <xsl:with-param name="v">
        <xsl:for-each select="*[local-name() = 'itemNumber']">
          <xsl:if test="position() &gt; 1">・</xsl:if>
          <xsl:value-of select="normalize-space(.)"/>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="*[local-name() = 'problem']"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="*[local-name() = 'target']"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="*[local-name() = 'actions']"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="*[local-name() = 'period']"/></xsl:call-template>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="v" select="*[local-name() = 'periodMonths']"/></xsl:call-template>
    <xsl:value-of select="$CRLF"/>
    <xsl:comment/>
  </xsl:template>

  <!-- a quoted field: leading and trailing white space dropped, " doubled,
       a line end inside the cell written as CRLF -->
  <xsl:template name="field">
    <xsl:param name="v"/>
    <xsl:text>"</xsl:text>
    <xsl:call-template name="escape">
      <xsl:with-param name="s" select="translate(normalize-space(translate(string($v), '&#10;&#13;', '&#xE000;&#xE000;')), '&#xE000;', '&#10;')"/>
    </xsl:call-template>
    <xsl:text>"</xsl:text>
  </xsl:template>

  <xsl:template name="escape">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, '&quot;') or contains($s, '&#10;')">
        <!-- the first special character decides -->
        <xsl:variable name="before-q" select="substring-before(concat($s, '&quot;'), '&quot;')"/>
        <xsl:variable name="before-n" select="substring-before(concat($s, '&#10;'), '&#10;')"/>
        <xsl:choose>
          <xsl:when test="string-length($before-q) &lt; string-length($before-n)">
            <xsl:value-of select="$before-q"/>
            <xsl:text>""</xsl:text>
            <xsl:call-template name="escape">
              <xsl:with-param name="s" select="substring-after($s, '&quot;')"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:value-of select="$before-n"/>
            <xsl:value-of select="$CRLF"/>
            <xsl:call-template name="escape">
              <xsl:with-param name="s" select="substring-after($s, '&#10;')"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$s"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
