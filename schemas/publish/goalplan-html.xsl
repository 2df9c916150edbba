<?xml version="1.0" encoding="UTF-8"?>
<!--
  schemas/publish/goalplan-html.xsl - a 目標達成計画 published on its own
  (GoalPlan, urn:kaigo:goalplan:1) as one HTML page, laid out as the form:
  the site's name and the creation date, the form's instruction, and the
  table 【目標達成計画】 (優先順位, 項目番号, 現状における問題点、課題, 目標,
  目標達成に向けた具体的な取り組み内容, 目標達成に要する期間).

  Output kind "page" (docs/publish.md): applied to one GoalPlan (the record
  is the document element); xsltproc on a GoalPlans collection writes the
  page of the first plan only (use kaigo-publish -d for one page each).

  A month-only 作成日 (2025-02) is printed as 2025年2月 with its 和暦
  (令和7年2月), as the published plans print it.  Line ends inside a cell
  are kept (the cells often hold 「・」 lists).
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:gp="urn:kaigo:goalplan:1"
                exclude-result-prefixes="gp">

  <xsl:output method="html" encoding="UTF-8" indent="no"
              doctype-system="about:legacy-compat"/>

  <xsl:strip-space elements="*"/>

  <xsl:param name="part" select="'all'"/>
  <xsl:param name="audience" select="'public'"/>
  <xsl:param name="as-of" select="''"/>
  <xsl:param name="href" select="''"/>

  <xsl:template match="/">
    <xsl:apply-templates select="(gp:GoalPlan | gp:GoalPlans/gp:GoalPlan)[1]"/>
  </xsl:template>

  <xsl:template match="gp:GoalPlan">
    <html lang="ja">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>
          <xsl:text>目標達成計画 </xsl:text>
          <xsl:value-of select="normalize-space(gp:officeName)"/>
          <xsl:if test="gp:unitName">
            <xsl:text> </xsl:text>
            <xsl:value-of select="normalize-space(gp:unitName)"/>
          </xsl:if>
        </title>
        <style>
body { font-family: sans-serif; margin: 1.5em; line-height: 1.5; color: #111; background: #fff; }
h1 { font-size: 1.4em; margin: 0 0 .5em; }
.form-label { font-size: .9em; margin: 0; }
dl.head { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; margin: 0 0 1em; }
dl.head dt { font-weight: bold; }
dl.head dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: bold; padding: .3em 0; }
th, td { border: 1px solid #444; padding: .4em; vertical-align: top; text-align: left; }
thead th { background: #e8e8e8; }
td.cell { white-space: pre-line; }
td.num, th.num { text-align: center; white-space: nowrap; }
.scroll { overflow-x: auto; position: relative; }
table { min-width: 40em; }
@media (max-width: 48em) { body { margin: .75em; } }
@media print { body { margin: 0; } .scroll { overflow: visible; } table { min-width: 0; } thead { display: table-header-group; } tr { break-inside: avoid; } }
@page { size: A4 landscape; margin: 12mm; }
        </style>
      </head>
      <body>
        <main>
        <xsl:if test="@formLabel">
          <p class="form-label"><xsl:value-of select="@formLabel"/></p>
        </xsl:if>
        <h1>目標達成計画</h1>
        <dl class="head">
          <dt>事業所名</dt>
          <dd>
            <xsl:value-of select="normalize-space(gp:officeName)"/>
            <xsl:if test="gp:unitName">
              <xsl:text>（</xsl:text>
              <xsl:value-of select="normalize-space(gp:unitName)"/>
              <xsl:text>）</xsl:text>
            </xsl:if>
          </dd>
          <xsl:if test="normalize-space(gp:officeNumber) != ''">
            <dt>事業所番号</dt>
            <dd><xsl:value-of select="normalize-space(gp:officeNumber)"/></dd>
          </xsl:if>
          <dt>作成日</dt>
          <dd>
            <xsl:call-template name="date">
              <xsl:with-param name="d" select="normalize-space(gp:createdDate)"/>
            </xsl:call-template>
          </dd>
          <xsl:if test="gp:fiscalYear">
            <dt>評価の年度</dt>
            <dd><xsl:value-of select="gp:fiscalYear"/>年度</dd>
          </xsl:if>
        </dl>
        <xsl:if test="gp:instruction">
          <p class="instruction"><xsl:value-of select="normalize-space(gp:instruction)"/></p>
        </xsl:if>
        <div class="scroll" tabindex="0" role="region" aria-label="目標達成計画の表（横にスクロールできます）">
        <table>
          <caption>【目標達成計画】</caption>
          <thead>
            <tr>
              <th scope="col" class="num">優先順位</th>
              <th scope="col" class="num">項目番号</th>
              <th scope="col">現状における問題点、課題</th>
              <th scope="col">目標</th>
              <th scope="col">目標達成に向けた具体的な取り組み内容</th>
              <th scope="col">目標達成に要する期間</th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="gp:goal">
              <xsl:sort select="@priority" data-type="number"/>
              <tr>
                <th scope="row" class="num"><xsl:value-of select="@priority"/></th>
                <td class="num">
                  <xsl:for-each select="gp:itemNumber">
                    <xsl:if test="position() &gt; 1">・</xsl:if>
                    <xsl:value-of select="normalize-space(.)"/>
                  </xsl:for-each>
                </td>
                <td class="cell"><xsl:value-of select="gp:problem"/></td>
                <td class="cell"><xsl:value-of select="gp:target"/></td>
                <td class="cell"><xsl:value-of select="gp:actions"/></td>
                <td class="cell"><xsl:value-of select="gp:period"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
        </div>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- YYYY-MM-DD or YYYY-MM as 2025年2月3日（令和7年2月3日） -->
  <xsl:template name="date">
    <xsl:param name="d"/>
    <xsl:variable name="y" select="number(substring($d, 1, 4))"/>
    <xsl:variable name="m" select="number(substring($d, 6, 2))"/>
    <xsl:variable name="day" select="number(substring($d, 9, 2))"/>
    <!-- a month-only date counts as the month's first day for the era -->
    <xsl:variable name="ymd" select="$y * 10000 + $m * 100 + number(concat('0', substring($d, 9, 2))) + (string-length($d) = 7)"/>
    <xsl:variable name="md">
      <xsl:value-of select="$m"/>
      <xsl:text>月</xsl:text>
      <xsl:if test="string-length($d) = 10">
        <xsl:value-of select="$day"/>
        <xsl:text>日</xsl:text>
      </xsl:if>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="string($y) = 'NaN' or string($m) = 'NaN'">
        <xsl:value-of select="$d"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$y"/>
        <xsl:text>年</xsl:text>
        <xsl:value-of select="$md"/>
        <xsl:text>（</xsl:text>
        <xsl:choose>
          <xsl:when test="$ymd &gt;= 20190501">
            <xsl:text>令和</xsl:text>
            <xsl:value-of select="substring('元', 1, $y = 2019)"/>
            <xsl:if test="$y != 2019"><xsl:value-of select="$y - 2018"/></xsl:if>
          </xsl:when>
          <xsl:otherwise>
            <xsl:text>平成</xsl:text>
            <xsl:value-of select="substring('元', 1, $y = 1989)"/>
            <xsl:if test="$y != 1989"><xsl:value-of select="$y - 1988"/></xsl:if>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:text>年</xsl:text>
        <xsl:value-of select="$md"/>
        <xsl:text>）</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
