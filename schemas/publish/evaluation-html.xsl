<?xml version="1.0" encoding="UTF-8"?>
<!--
  schemas/publish/evaluation-html.xsl - EvaluationResult as one HTML page
  (kaigo-publish, document type EvaluationResult, format html, kind "page";
  the contract is docs/publish.md).

  One record (the EvaluationResult element is the document element) gives one
  standalone page laid out like the notice's forms:

    別紙4-1 自己評価及び外部評価結果
      【事業所概要】                       siteOverview (+ route, units, 作成日)
      【事業所が特に力を入れている点・アピールしたい点】  siteAppeal
      【評価機関概要】                     evaluationBody (name, address, visit date;
                                          evaluators and 選定番号 for municipality only)
      【運営推進会議を活用した評価の概要】  route promotionMeeting: the meeting(s)
                                          marked evaluationMeeting="true" (no names)
      【外部評価で確認した事業所の優れている点、工夫点】  bodyFindings
      item table Ⅰ〜Ⅳ: 自己評価番号 | 外部評価番号 | 項目 | (ユニット) |
                      自己評価 実践状況 (one row per unit) |
                      外部評価 実践状況 | 次のステップに向けて期待したい内容
      Ⅴ アウトカム項目: one table per unit, the chosen choice marked ○
    別紙4-2 目標達成計画
    別紙4-3 サービス評価の実施と活用状況     municipality only (not published on WAMNET)
    行政確認用の情報                          municipality only: publication and
                                          submissions, procedure dates and fees,
                                          運営推進会議 log (categories, no names),
                                          evaluation history

  Item titles: the record's own item/title when it holds one, else the item
  table schemas/codes/evaluation-items.xml (read with document() relative to
  this file) when the record's itemTable version matches the table's version
  (or the record names none).  The same table gives the sections Ⅰ〜Ⅴ, the
  mapping between self and external numbers, the outcome choices and the
  steps of 別紙4-3.  Without the table the page still shows everything, with
  the items in one unsectioned table.

  Run by xsltproc on a whole EvaluationResults collection, the stylesheet
  writes all records into one document, one after the other (each starts on a
  new printed page); kaigo-publish instead writes one file per record.

  Markup: HTML5 written with elements libxml2's HTML parser knows (div with
  ARIA roles instead of main/nav/section), so that xmllint in HTML mode reports no
  errors; landmarks and headings give the structure, tables have captions and
  th scope.  No charset meta here: libxml2's HTML serializer writes
  <meta http-equiv="Content-Type" content="text/html; charset=UTF-8"> itself.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:ev="urn:kaigo:evaluation:1"
                xmlns:cl="urn:kaigo:codelist:1"
                exclude-result-prefixes="ev cl">

  <xsl:output method="html" encoding="UTF-8" indent="no"
              doctype-system="about:legacy-compat"/>
  <xsl:strip-space elements="*"/>

  <!-- The parameters every publish stylesheet declares (docs/publish.md). -->
  <xsl:param name="part" select="'all'"/>
  <xsl:param name="audience" select="'public'"/>
  <xsl:param name="as-of" select="''"/>
  <xsl:param name="href" select="''"/>

  <!-- Anything but municipality is treated as the public audience. -->
  <xsl:variable name="internal" select="$audience = 'municipality'"/>

  <!-- The item table, relative to this stylesheet (schemas/codes/). -->
  <xsl:variable name="codes" select="document('../codes/evaluation-items.xml')/cl:codeList"/>

  <!-- ============================================================
       Document level
       ============================================================ -->

  <xsl:template match="/">
    <xsl:variable name="records"
                  select="ev:EvaluationResult | ev:EvaluationResults/ev:EvaluationResult"/>
    <html lang="ja">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>
          <xsl:choose>
            <xsl:when test="count($records) = 1">
              <xsl:call-template name="page-title">
                <xsl:with-param name="rec" select="$records"/>
              </xsl:call-template>
            </xsl:when>
            <xsl:otherwise>
              <xsl:text>自己評価及び外部評価結果(</xsl:text>
              <xsl:value-of select="count($records)"/>
              <xsl:text>件)</xsl:text>
            </xsl:otherwise>
          </xsl:choose>
        </title>
        <xsl:call-template name="style"/>
      </head>
      <body>
        <main>
          <xsl:for-each select="$records">
            <xsl:call-template name="record"/>
          </xsl:for-each>
          <xsl:if test="not($records)">
            <h1>自己評価及び外部評価結果</h1>
            <p>評価結果の記録がありません。</p>
          </xsl:if>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="page-title">
    <xsl:param name="rec"/>
    <xsl:value-of select="$rec/ev:siteOverview/ev:officeName"/>
    <xsl:text> 自己評価及び外部評価結果(</xsl:text>
    <xsl:value-of select="$rec/ev:fiscalYear"/>
    <xsl:text>年度)</xsl:text>
  </xsl:template>

  <!-- Screen and print CSS.  The page stands alone and is readable without it. -->
  <xsl:template name="style">
    <style>
body {
  font-family: "Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "IPAGothic",
    "Hiragino Kaku Gothic ProN", "Yu Gothic", "Meiryo", sans-serif;
  color: #000; background: #fff; line-height: 1.6;
  max-width: 72em; margin: 0 auto; padding: 1em;
}
h1 { font-size: 1.5em; margin: 0 0 .3em; }
h2 { font-size: 1.2em; margin: 1.6em 0 .4em; border-bottom: 2px solid #333; }
h3 { font-size: 1.05em; margin: 1.2em 0 .3em; }
caption h2, caption h3 { margin: 0; border: 0; font-size: 1.05em; }
.form-label { margin: 0; font-size: .9em; }
.meta, .note { font-size: .9em; }
.note { color: #333; }
.audience { border: 2px solid #900; color: #900; padding: .3em .6em; font-weight: bold; }
.toc ul { margin: .3em 0; padding-left: 1.5em; }
.text, td.text { white-space: pre-wrap; }
.block { border: 1px solid #555; padding: .5em .8em; margin: 0 0 1em; }
table { border-collapse: collapse; width: 100%; margin: 0 0 1.2em; }
caption { text-align: left; font-weight: bold; padding: .3em 0; }
th, td { border: 1px solid #555; padding: .3em .45em; vertical-align: top; text-align: left; }
thead th { background: #e8e8e8; vertical-align: bottom; }
tbody th { background: #f6f6f6; font-weight: normal; }
table.kv th { width: 12em; }
.num { text-align: center; white-space: nowrap; }
th.c-num { width: 3.2em; }
th.c-title { width: 11em; }
th.c-unit { width: 5.5em; }
th.c-period { width: 5.5em; }
.desc { font-size: .85em; color: #333; }
td.na { color: #555; font-size: .85em; text-align: center; vertical-align: middle; }
ol.choices { margin: 0; padding-left: 1.8em; }
ol.choices li.chosen { font-weight: bold; }
ul.checks { list-style: none; margin: 0; padding: 0; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
.record + .record { margin-top: 3em; border-top: 4px double #333; padding-top: 1em; }
a, .url { overflow-wrap: anywhere; }
.scroll { overflow-x: auto; position: relative; }
/* Below 48em the item table becomes one labelled block per item: each
   cell on its own line under the name of its column. */
@media screen and (max-width: 48em) {
  body { padding: .5em; }
  table.kv th { width: 7em; }
  table.items, table.items > tbody, table.items tr, table.items th, table.items td { display: block; }
  table.items > caption { display: block; }
  table.items > thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.items > tbody { border: 1px solid #555; margin: 0 0 1em; }
  table.items th, table.items td { border: 0; border-top: 1px solid #ccc; text-align: left; vertical-align: baseline; }
  table.items tr:first-child > :first-child { border-top: 0; }
  table.items td.num { display: inline-block; border: 0; padding-right: 1em; }
  table.items th.unit { background: #e8e8e8; font-weight: bold; }
  /* the label is for the eye: a screen reader already names the cell by its
     column header, so the label's alternative text is empty */
  table.items [data-label]::before { content: attr(data-label); content: attr(data-label) / ""; display: block; font-size: .85em; font-weight: bold; color: #333; }
  table.items td.num::before { display: inline; margin-right: .5em; }
  table.items td.na { text-align: left; }
  th, td { overflow-wrap: anywhere; }
  .num { white-space: normal; }
}
@page { size: A4; margin: 12mm; }
@media print {
  body { font-size: 9pt; line-height: 1.45; max-width: none; margin: 0; padding: 0; }
  .desc, td.na, .form-label, .meta, .note { font-size: max(8pt, .85em); }
  .toc { display: none; }
  a { color: inherit; text-decoration: none; }
  thead { display: table-header-group; }
  tr, .block { page-break-inside: avoid; break-inside: avoid; }
  /* an item's long texts may go on over the page (lines are not split, and
     the header row is repeated): keeping whole rows left pages half empty */
  table.items tr { page-break-inside: auto; break-inside: auto; }
  td.text { orphans: 3; widows: 3; }
  h2, h3, caption, thead { page-break-after: avoid; break-after: avoid; }
  thead + tbody > tr:first-child { page-break-before: avoid; break-before: avoid; }
  .form-4-2, .form-4-3, .admin { page-break-before: always; break-before: page; }
  .record + .record { page-break-before: always; break-before: page;
    margin-top: 0; border-top: 0; padding-top: 0; }
  thead th, tbody th { background: none; }
}
</style>
  </xsl:template>

  <!-- ============================================================
       One record (context: ev:EvaluationResult)
       ============================================================ -->

  <xsl:template name="record">
    <xsl:variable name="rec" select="."/>
    <!-- the item table, only if it is the version the record was written with -->
    <xsl:variable name="tbl" select="$codes[not($rec/@itemTable) or @version = $rec/@itemTable]"/>
    <xsl:variable name="id" select="generate-id(.)"/>

    <div class="record" id="{$id}">
      <p class="form-label">別紙4-1</p>
      <h1>
        <xsl:text>自己評価及び外部評価結果 </xsl:text>
        <xsl:value-of select="ev:siteOverview/ev:officeName"/>
      </h1>
      <p class="meta">
        <xsl:text>評価年度: </xsl:text>
        <xsl:call-template name="fiscal-year">
          <xsl:with-param name="y" select="ev:fiscalYear"/>
        </xsl:call-template>
        <xsl:text> / 評価の方法: </xsl:text>
        <xsl:call-template name="route-label">
          <xsl:with-param name="code" select="ev:route"/>
        </xsl:call-template>
        <xsl:if test="ev:createdDate">
          <xsl:text> / 作成日: </xsl:text>
          <xsl:call-template name="date">
            <xsl:with-param name="d" select="ev:createdDate"/>
          </xsl:call-template>
        </xsl:if>
      </p>
      <xsl:if test="$internal">
        <p class="audience">市町村用: 評価調査員の氏名、別紙4-3 及び行政確認用の情報を含みます。このまま公表しないでください。</p>
      </xsl:if>

      <!-- table of contents (hidden in print) -->
      <div class="toc" role="navigation" aria-label="目次">
        <ul>
          <li><a href="#{$id}-site">事業所概要</a></li>
          <li><a href="#{$id}-items">自己評価及び外部評価結果</a></li>
          <xsl:if test="ev:selfEvaluation/ev:unitEvaluation/ev:outcome">
            <li><a href="#{$id}-outcome">Ⅴ アウトカム項目</a></li>
          </xsl:if>
          <xsl:if test="ev:goalAchievementPlan">
            <li><a href="#{$id}-plan">目標達成計画</a></li>
          </xsl:if>
          <xsl:if test="$internal and ev:implementationReview">
            <li><a href="#{$id}-review">サービス評価の実施と活用状況</a></li>
          </xsl:if>
          <xsl:if test="$internal">
            <li><a href="#{$id}-admin">行政確認用の情報</a></li>
          </xsl:if>
        </ul>
      </div>

      <xsl:call-template name="site-overview">
        <xsl:with-param name="id" select="$id"/>
      </xsl:call-template>

      <xsl:if test="ev:siteAppeal">
        <div role="region" aria-labelledby="{$id}-appeal">
          <h2 id="{$id}-appeal">【事業所が特に力を入れている点・アピールしたい点】</h2>
          <div class="block text">
            <xsl:call-template name="trim">
              <xsl:with-param name="s" select="ev:siteAppeal"/>
            </xsl:call-template>
          </div>
        </div>
      </xsl:if>

      <xsl:apply-templates select="ev:evaluationBody">
        <xsl:with-param name="id" select="$id"/>
      </xsl:apply-templates>

      <xsl:if test="ev:route = 'promotionMeeting'">
        <xsl:call-template name="meeting-route">
          <xsl:with-param name="id" select="$id"/>
        </xsl:call-template>
      </xsl:if>

      <xsl:if test="ev:bodyFindings">
        <div role="region" aria-labelledby="{$id}-findings">
          <h2 id="{$id}-findings">【外部評価で確認した事業所の優れている点、工夫点】</h2>
          <div class="block text">
            <xsl:call-template name="trim">
              <xsl:with-param name="s" select="ev:bodyFindings"/>
            </xsl:call-template>
          </div>
        </div>
      </xsl:if>

      <xsl:call-template name="item-tables">
        <xsl:with-param name="rec" select="$rec"/>
        <xsl:with-param name="tbl" select="$tbl"/>
        <xsl:with-param name="id" select="$id"/>
      </xsl:call-template>

      <xsl:call-template name="outcomes">
        <xsl:with-param name="rec" select="$rec"/>
        <xsl:with-param name="tbl" select="$tbl"/>
        <xsl:with-param name="id" select="$id"/>
      </xsl:call-template>

      <xsl:apply-templates select="ev:goalAchievementPlan">
        <xsl:with-param name="id" select="$id"/>
      </xsl:apply-templates>

      <xsl:if test="$internal">
        <xsl:apply-templates select="ev:implementationReview">
          <xsl:with-param name="tbl" select="$tbl"/>
          <xsl:with-param name="id" select="$id"/>
        </xsl:apply-templates>
        <xsl:call-template name="admin">
          <xsl:with-param name="id" select="$id"/>
        </xsl:call-template>
      </xsl:if>

      <xsl:if test="$tbl or $as-of != ''">
        <p class="note">
          <xsl:if test="$tbl">
            <xsl:text>区分、アウトカム項目の選択肢、及び記録に項目名のない項目の項目名は評価項目表(</xsl:text>
            <xsl:value-of select="$tbl/@version"/>
            <xsl:text>版)によります。</xsl:text>
          </xsl:if>
          <xsl:if test="$as-of != ''">
            <xsl:call-template name="date">
              <xsl:with-param name="d" select="$as-of"/>
            </xsl:call-template>
            <xsl:text>現在。</xsl:text>
          </xsl:if>
        </p>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- ============================================================
       【事業所概要】 (context: the record)
       ============================================================ -->

  <xsl:template name="site-overview">
    <xsl:param name="id"/>
    <xsl:variable name="s" select="ev:siteOverview"/>
    <table class="kv">
      <caption><h2 id="{$id}-site">【事業所概要】</h2></caption>
      <tbody>
        <tr>
          <th scope="row">事業所番号</th>
          <td><xsl:value-of select="$s/ev:officeNumber"/></td>
        </tr>
        <tr>
          <th scope="row">法人名</th>
          <td><xsl:value-of select="$s/ev:corporationName"/></td>
        </tr>
        <tr>
          <th scope="row">事業所名</th>
          <td><xsl:value-of select="$s/ev:officeName"/></td>
        </tr>
        <tr>
          <th scope="row">所在地</th>
          <td>
            <xsl:if test="$s/ev:postalCode">
              <xsl:text>〒</xsl:text>
              <xsl:value-of select="$s/ev:postalCode"/>
              <xsl:text> </xsl:text>
            </xsl:if>
            <xsl:value-of select="$s/ev:address"/>
          </td>
        </tr>
        <!-- the site's own number: public by nature (not a person's) -->
        <xsl:if test="$s/ev:phone">
          <tr>
            <th scope="row">電話番号</th>
            <td><xsl:value-of select="$s/ev:phone"/></td>
          </tr>
        </xsl:if>
        <tr>
          <th scope="row">サービスの種類</th>
          <td>
            <xsl:call-template name="service-type">
              <xsl:with-param name="code" select="$s/ev:serviceType"/>
              <xsl:with-param name="prevention" select="$s/ev:includesPrevention"/>
            </xsl:call-template>
          </td>
        </tr>
        <tr>
          <th scope="row">ユニット</th>
          <td>
            <xsl:value-of select="count($s/ev:units/ev:unit)"/>
            <xsl:text>ユニット: </xsl:text>
            <xsl:for-each select="$s/ev:units/ev:unit">
              <xsl:if test="position() > 1">、</xsl:if>
              <xsl:value-of select="ev:name"/>
              <xsl:if test="ev:capacity">
                <xsl:text>(定員</xsl:text>
                <xsl:value-of select="ev:capacity"/>
                <xsl:text>人)</xsl:text>
              </xsl:if>
            </xsl:for-each>
          </td>
        </tr>
        <tr>
          <th scope="row">評価の方法</th>
          <td>
            <xsl:call-template name="route-label">
              <xsl:with-param name="code" select="ev:route"/>
            </xsl:call-template>
          </td>
        </tr>
        <tr>
          <th scope="row">評価年度</th>
          <td>
            <xsl:call-template name="fiscal-year">
              <xsl:with-param name="y" select="ev:fiscalYear"/>
            </xsl:call-template>
          </td>
        </tr>
        <tr>
          <th scope="row">自己評価作成日</th>
          <td>
            <xsl:call-template name="date">
              <xsl:with-param name="d" select="$s/ev:selfEvaluationDate"/>
            </xsl:call-template>
          </td>
        </tr>
        <tr>
          <th scope="row">評価結果市町村受理日</th>
          <td>
            <xsl:call-template name="date">
              <xsl:with-param name="d" select="$s/ev:municipalityReceiptDate"/>
            </xsl:call-template>
          </td>
        </tr>
        <xsl:if test="$s/ev:basicInfoUrl">
          <tr>
            <th scope="row">基本情報リンク先URL</th>
            <td>
              <xsl:call-template name="link">
                <xsl:with-param name="url" select="normalize-space($s/ev:basicInfoUrl)"/>
              </xsl:call-template>
            </td>
          </tr>
        </xsl:if>
      </tbody>
    </table>
  </xsl:template>

  <!-- ============================================================
       【評価機関概要】 Evaluator names only for the municipality.
       ============================================================ -->

  <xsl:template match="ev:evaluationBody">
    <xsl:param name="id"/>
    <table class="kv">
      <caption><h2 id="{$id}-body">【評価機関概要】</h2></caption>
      <tbody>
        <tr>
          <th scope="row">評価機関名</th>
          <td><xsl:value-of select="ev:name"/></td>
        </tr>
        <tr>
          <th scope="row">所在地</th>
          <td><xsl:value-of select="ev:address"/></td>
        </tr>
        <tr>
          <th scope="row">訪問調査日</th>
          <td>
            <xsl:call-template name="date">
              <xsl:with-param name="d" select="ev:visitDate"/>
            </xsl:call-template>
          </td>
        </tr>
        <xsl:if test="$internal and ev:registrationNumber">
          <tr>
            <th scope="row">選定番号</th>
            <td><xsl:value-of select="ev:registrationNumber"/></td>
          </tr>
        </xsl:if>
        <xsl:if test="$internal and ev:evaluators/ev:evaluator">
          <tr>
            <th scope="row">評価調査員</th>
            <td>
              <xsl:for-each select="ev:evaluators/ev:evaluator">
                <xsl:if test="position() > 1">、</xsl:if>
                <xsl:value-of select="normalize-space(.)"/>
                <xsl:if test="@lead = 'true' or @lead = '1'">(主任)</xsl:if>
              </xsl:for-each>
            </td>
          </tr>
        </xsl:if>
      </tbody>
    </table>
  </xsl:template>

  <!-- ============================================================
       【運営推進会議を活用した評価の概要】 (route promotionMeeting)
       The meeting that did the evaluation, its attendees by category and
       affiliation - never their names.
       ============================================================ -->

  <xsl:template name="meeting-route">
    <xsl:param name="id"/>
    <xsl:variable name="m" select="ev:promotionMeetings/ev:meeting[@evaluationMeeting = 'true' or @evaluationMeeting = '1']"/>
    <div role="region" aria-labelledby="{$id}-meeting">
      <h2 id="{$id}-meeting">【運営推進会議を活用した評価の概要】</h2>
      <p class="note">運営推進会議を活用した評価では、外部評価の欄に運営推進会議での意見を記載しています。</p>
      <xsl:if test="not($m)">
        <p>評価を行った会議の記録がありません。</p>
      </xsl:if>
      <xsl:for-each select="$m">
        <table class="kv">
          <caption>
            <xsl:text>評価を行った運営推進会議</xsl:text>
            <xsl:if test="@sequence">
              <xsl:text>(第</xsl:text>
              <xsl:value-of select="@sequence"/>
              <xsl:text>回)</xsl:text>
            </xsl:if>
          </caption>
          <tbody>
            <tr>
              <th scope="row">開催日</th>
              <td>
                <xsl:call-template name="date">
                  <xsl:with-param name="d" select="ev:date"/>
                </xsl:call-template>
                <xsl:if test="@inWriting = 'true' or @inWriting = '1'">(書面開催)</xsl:if>
              </td>
            </tr>
            <xsl:if test="ev:place">
              <tr>
                <th scope="row">開催場所</th>
                <td><xsl:value-of select="ev:place"/></td>
              </tr>
            </xsl:if>
            <tr>
              <th scope="row">出席者</th>
              <td><xsl:call-template name="attendees"/></td>
            </tr>
            <xsl:for-each select="ev:topic[@kind = 'meetingEvaluation']">
              <tr>
                <th scope="row">議題</th>
                <td class="text">
                  <xsl:call-template name="trim">
                    <xsl:with-param name="s" select="."/>
                  </xsl:call-template>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:for-each>
    </div>
  </xsl:template>

  <!-- Attendees of a meeting (context: ev:meeting): category, affiliation,
       count.  Names are never written. -->
  <xsl:template name="attendees">
    <xsl:for-each select="ev:attendee">
      <xsl:if test="position() > 1">、</xsl:if>
      <xsl:call-template name="attendee-category">
        <xsl:with-param name="code" select="@category"/>
      </xsl:call-template>
      <xsl:if test="ev:affiliation">
        <xsl:text>(</xsl:text>
        <xsl:value-of select="ev:affiliation"/>
        <xsl:text>)</xsl:text>
      </xsl:if>
      <xsl:text> </xsl:text>
      <xsl:choose>
        <xsl:when test="@count"><xsl:value-of select="@count"/></xsl:when>
        <xsl:otherwise>1</xsl:otherwise>
      </xsl:choose>
      <xsl:text>人</xsl:text>
    </xsl:for-each>
  </xsl:template>

  <!-- ============================================================
       The item table Ⅰ〜Ⅳ: one table per section of the item table,
       one tbody per item, one row per unit.
       ============================================================ -->

  <xsl:template name="item-tables">
    <xsl:param name="rec"/>
    <xsl:param name="tbl"/>
    <xsl:param name="id"/>
    <!-- distinct self item numbers over all units (first occurrence) -->
    <xsl:variable name="selfNums"
                  select="$rec/ev:selfEvaluation/ev:unitEvaluation/ev:item[not(@number = ../preceding-sibling::ev:unitEvaluation/ev:item/@number)]"/>
    <xsl:variable name="multi" select="count($rec/ev:siteOverview/ev:units/ev:unit) > 1"/>

    <div role="region" aria-labelledby="{$id}-items">
      <h2 id="{$id}-items">自己評価及び外部評価結果</h2>
      <xsl:if test="not($rec/ev:externalEvaluation)">
        <p class="note">この記録には外部評価の欄がありません(自己評価のみ)。</p>
      </xsl:if>

      <!-- sections of the item table that have items in this record -->
      <xsl:for-each select="$tbl/cl:sections/cl:section">
        <xsl:variable name="sid" select="@id"/>
        <xsl:variable name="inSec"
                      select="$selfNums[@number = $tbl/cl:items/cl:item[@section = $sid]/@selfNumber]"/>
        <xsl:if test="$inSec">
          <xsl:call-template name="item-table">
            <xsl:with-param name="rec" select="$rec"/>
            <xsl:with-param name="tbl" select="$tbl"/>
            <xsl:with-param name="items" select="$inSec"/>
            <xsl:with-param name="multi" select="$multi"/>
            <xsl:with-param name="heading" select="concat(@numeral, ' ', cl:title)"/>
          </xsl:call-template>
        </xsl:if>
      </xsl:for-each>

      <!-- items the table does not know (or no table at all) -->
      <xsl:variable name="unsectioned"
                    select="$selfNums[not(@number = $tbl/cl:items/cl:item/@selfNumber)]"/>
      <xsl:if test="$unsectioned">
        <xsl:call-template name="item-table">
          <xsl:with-param name="rec" select="$rec"/>
          <xsl:with-param name="tbl" select="$tbl"/>
          <xsl:with-param name="items" select="$unsectioned"/>
          <xsl:with-param name="multi" select="$multi"/>
          <xsl:with-param name="heading">
            <xsl:choose>
              <xsl:when test="$tbl">評価項目表にない項目</xsl:when>
              <xsl:otherwise>評価項目</xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:if>

      <!-- external items that match no self item of this record -->
      <xsl:variable name="extOnly"
                    select="$rec/ev:externalEvaluation/ev:item[not(@selfNumber = $selfNums/@number) and not(not(@selfNumber) and @number = $tbl/cl:items/cl:item[@selfNumber = $selfNums/@number]/@externalNumber)]"/>
      <xsl:if test="$extOnly">
        <table class="items">
          <caption><h3>外部評価のみの項目</h3></caption>
          <thead>
            <tr>
              <th scope="col" class="c-num">外部評価番号</th>
              <th scope="col" class="c-title">項目</th>
              <th scope="col">外部評価 実践状況</th>
              <th scope="col">次のステップに向けて期待したい内容</th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$extOnly">
              <xsl:sort select="@number" data-type="number"/>
              <xsl:variable name="n" select="@number"/>
              <tr>
                <td class="num" data-label="外部評価番号"><xsl:value-of select="$n"/></td>
                <th scope="row" data-label="項目">
                  <xsl:choose>
                    <xsl:when test="ev:title"><xsl:value-of select="ev:title"/></xsl:when>
                    <xsl:when test="$tbl/cl:items/cl:item[@externalNumber = $n]">
                      <xsl:value-of select="$tbl/cl:items/cl:item[@externalNumber = $n]/cl:title"/>
                    </xsl:when>
                    <xsl:otherwise>(項目名なし)</xsl:otherwise>
                  </xsl:choose>
                </th>
                <xsl:call-template name="external-cells">
                  <xsl:with-param name="ext" select="."/>
                </xsl:call-template>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- One section's table.  items: the first ev:item of each self number. -->
  <xsl:template name="item-table">
    <xsl:param name="rec"/>
    <xsl:param name="tbl"/>
    <xsl:param name="items"/>
    <xsl:param name="multi"/>
    <xsl:param name="heading"/>
    <table class="items">
      <caption><h3><xsl:value-of select="$heading"/></h3></caption>
      <thead>
        <tr>
          <th scope="col" class="c-num">自己評価番号</th>
          <th scope="col" class="c-num">外部評価番号</th>
          <th scope="col" class="c-title">項目</th>
          <xsl:if test="$multi">
            <th scope="col" class="c-unit">ユニット</th>
          </xsl:if>
          <th scope="col">自己評価 実践状況</th>
          <th scope="col">外部評価 実践状況</th>
          <th scope="col">次のステップに向けて期待したい内容</th>
        </tr>
      </thead>
      <xsl:for-each select="$items">
        <xsl:sort select="@number" data-type="number"/>
        <xsl:call-template name="item-rows">
          <xsl:with-param name="rec" select="$rec"/>
          <xsl:with-param name="tbl" select="$tbl"/>
          <xsl:with-param name="n" select="string(@number)"/>
          <xsl:with-param name="multi" select="$multi"/>
        </xsl:call-template>
      </xsl:for-each>
    </table>
  </xsl:template>

  <!-- One item: a tbody with one row per unit; the numbers, the title and the
       external columns span the rows. -->
  <xsl:template name="item-rows">
    <xsl:param name="rec"/>
    <xsl:param name="tbl"/>
    <xsl:param name="n"/>
    <xsl:param name="multi"/>
    <xsl:variable name="code" select="$tbl/cl:items/cl:item[@selfNumber = $n]"/>
    <xsl:variable name="extItems" select="$rec/ev:externalEvaluation/ev:item"/>
    <xsl:variable name="ext"
                  select="($extItems[@selfNumber = $n] | $extItems[not(@selfNumber)][@number = $code/@externalNumber])[1]"/>
    <xsl:variable name="units" select="$rec/ev:siteOverview/ev:units/ev:unit"/>
    <xsl:variable name="rows" select="count($units)"/>
    <tbody class="item">
      <xsl:for-each select="$units">
        <xsl:variable name="practice"
                      select="$rec/ev:selfEvaluation/ev:unitEvaluation[@unitRef = current()/@id]/ev:item[@number = $n]/ev:practice"/>
        <tr>
          <xsl:if test="position() = 1">
            <td class="num" rowspan="{$rows}" data-label="自己評価番号"><xsl:value-of select="$n"/></td>
            <td class="num" rowspan="{$rows}" data-label="外部評価番号">
              <xsl:choose>
                <xsl:when test="$ext"><xsl:value-of select="$ext/@number"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="$code/@externalNumber"/></xsl:otherwise>
              </xsl:choose>
            </td>
            <th rowspan="{$rows}" data-label="項目">
              <xsl:attribute name="scope">
                <xsl:choose>
                  <xsl:when test="$multi">rowgroup</xsl:when>
                  <xsl:otherwise>row</xsl:otherwise>
                </xsl:choose>
              </xsl:attribute>
              <xsl:call-template name="item-title">
                <xsl:with-param name="rec" select="$rec"/>
                <xsl:with-param name="code" select="$code"/>
                <xsl:with-param name="ext" select="$ext"/>
                <xsl:with-param name="n" select="$n"/>
              </xsl:call-template>
            </th>
          </xsl:if>
          <xsl:if test="$multi">
            <th scope="row" class="unit" data-label="ユニット"><xsl:value-of select="ev:name"/></th>
          </xsl:if>
          <td class="text" data-label="自己評価 実践状況">
            <xsl:choose>
              <xsl:when test="$practice">
                <xsl:call-template name="trim">
                  <xsl:with-param name="s" select="$practice"/>
                </xsl:call-template>
              </xsl:when>
              <xsl:otherwise>(記載なし)</xsl:otherwise>
            </xsl:choose>
          </td>
          <xsl:if test="position() = 1">
            <xsl:choose>
              <xsl:when test="$ext">
                <xsl:call-template name="external-cells">
                  <xsl:with-param name="ext" select="$ext"/>
                  <xsl:with-param name="rows" select="$rows"/>
                </xsl:call-template>
              </xsl:when>
              <xsl:when test="$code/@externalNumber">
                <td class="na" colspan="2" rowspan="{$rows}" data-label="外部評価">
                  <xsl:choose>
                    <xsl:when test="$rec/ev:externalEvaluation">(記載なし)</xsl:when>
                    <xsl:otherwise>(外部評価なし)</xsl:otherwise>
                  </xsl:choose>
                </td>
              </xsl:when>
              <xsl:when test="$tbl">
                <td class="na" colspan="2" rowspan="{$rows}" data-label="外部評価">外部評価の対象外の項目</td>
              </xsl:when>
              <xsl:otherwise>
                <td class="na" colspan="2" rowspan="{$rows}" data-label="外部評価">(外部評価の記載なし)</td>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:if>
        </tr>
      </xsl:for-each>
    </tbody>
  </xsl:template>

  <!-- 外部評価 実践状況 and 次のステップ for one external item. -->
  <xsl:template name="external-cells">
    <xsl:param name="ext"/>
    <xsl:param name="rows" select="1"/>
    <td class="text" rowspan="{$rows}" data-label="外部評価 実践状況">
      <xsl:call-template name="trim">
        <xsl:with-param name="s" select="$ext/ev:practice"/>
      </xsl:call-template>
      <!-- the prefecture's / municipality's judgement (通知 2(3)エ), not on the form -->
      <xsl:if test="$internal and $ext/@appropriate">
        <br/>
        <span class="desc">
          <xsl:text>[実践状況の判断: </xsl:text>
          <xsl:choose>
            <xsl:when test="$ext/@appropriate = 'true' or $ext/@appropriate = '1'">適切</xsl:when>
            <xsl:otherwise>適切でない</xsl:otherwise>
          </xsl:choose>
          <xsl:text>]</xsl:text>
        </span>
      </xsl:if>
    </td>
    <td class="text" rowspan="{$rows}" data-label="次のステップに向けて期待したい内容">
      <xsl:call-template name="trim">
        <xsl:with-param name="s" select="$ext/ev:nextStep"/>
      </xsl:call-template>
    </td>
  </xsl:template>

  <!-- Item title: the record's own, else the item table's (with the
       record's description, else the table's). -->
  <xsl:template name="item-title">
    <xsl:param name="rec"/>
    <xsl:param name="code"/>
    <xsl:param name="ext"/>
    <xsl:param name="n"/>
    <xsl:variable name="own"
                  select="($rec/ev:selfEvaluation/ev:unitEvaluation/ev:item[@number = $n]/ev:title | $ext/ev:title)[1]"/>
    <xsl:choose>
      <xsl:when test="$own"><xsl:value-of select="$own"/></xsl:when>
      <xsl:when test="$code/cl:title"><xsl:value-of select="$code/cl:title"/></xsl:when>
      <xsl:otherwise>(項目名なし)</xsl:otherwise>
    </xsl:choose>
    <!-- the description printed under the title: the record's own (as on
         the published form), else the item table's -->
    <xsl:variable name="own-desc"
                  select="($rec/ev:selfEvaluation/ev:unitEvaluation/ev:item[@number = $n]/ev:description | $ext/ev:description)[1]"/>
    <xsl:if test="$own-desc or $code/cl:description">
      <br/>
      <span class="desc"><xsl:value-of select="$own-desc | $code/cl:description[not($own-desc)]"/></span>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================
       Ⅴ アウトカム項目: one table per unit; each item lists its four
       choices with the chosen one marked ○ (as on the form).
       ============================================================ -->

  <xsl:template name="outcomes">
    <xsl:param name="rec"/>
    <xsl:param name="tbl"/>
    <xsl:param name="id"/>
    <xsl:if test="$rec/ev:selfEvaluation/ev:unitEvaluation/ev:outcome">
      <xsl:variable name="sec"
                    select="$tbl/cl:sections/cl:section[@id = $tbl/cl:outcomeItems/cl:outcome/@section][1]"/>
      <div role="region" aria-labelledby="{$id}-outcome">
        <h3 id="{$id}-outcome">
          <xsl:choose>
            <xsl:when test="$sec"><xsl:value-of select="concat($sec/@numeral, ' ', $sec/cl:title)"/></xsl:when>
            <xsl:otherwise>Ⅴ アウトカム項目</xsl:otherwise>
          </xsl:choose>
        </h3>
        <p class="note">取り組みの成果: 該当するものに○印(自己評価、ユニットごと)</p>
        <xsl:for-each select="$rec/ev:siteOverview/ev:units/ev:unit">
          <xsl:variable name="ue" select="$rec/ev:selfEvaluation/ev:unitEvaluation[@unitRef = current()/@id]"/>
          <xsl:if test="$ue/ev:outcome">
            <table>
              <caption>
                <xsl:text>アウトカム項目 ユニット: </xsl:text>
                <xsl:value-of select="ev:name"/>
              </caption>
              <thead>
                <tr>
                  <th scope="col" class="c-num">項目番号</th>
                  <th scope="col">項目</th>
                  <th scope="col">取り組みの成果</th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="$ue/ev:outcome">
                  <xsl:sort select="@number" data-type="number"/>
                  <xsl:call-template name="outcome-row">
                    <xsl:with-param name="oc" select="$tbl/cl:outcomeItems/cl:outcome[@number = current()/@number]"/>
                  </xsl:call-template>
                </xsl:for-each>
              </tbody>
            </table>
          </xsl:if>
        </xsl:for-each>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- context: ev:outcome; oc: its entry in the item table (may be empty) -->
  <xsl:template name="outcome-row">
    <xsl:param name="oc"/>
    <xsl:variable name="chosen" select="normalize-space(ev:choice)"/>
    <xsl:variable name="ownText" select="ev:choiceText"/>
    <tr>
      <td class="num"><xsl:value-of select="@number"/></td>
      <th scope="row">
        <xsl:choose>
          <xsl:when test="$oc/cl:title"><xsl:value-of select="$oc/cl:title"/></xsl:when>
          <xsl:otherwise>(項目名なし)</xsl:otherwise>
        </xsl:choose>
      </th>
      <td>
        <xsl:choose>
          <xsl:when test="$oc/cl:choice[@code = $chosen]">
            <ol class="choices">
              <xsl:for-each select="$oc/cl:choice">
                <li value="{@code}">
                  <xsl:choose>
                    <xsl:when test="@code = $chosen">
                      <xsl:attribute name="class">chosen</xsl:attribute>
                      <strong>
                        <xsl:text>○ </xsl:text>
                        <xsl:choose>
                          <xsl:when test="$ownText"><xsl:value-of select="$ownText"/></xsl:when>
                          <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
                        </xsl:choose>
                      </strong>
                      <span class="vh">(該当)</span>
                    </xsl:when>
                    <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
                  </xsl:choose>
                </li>
              </xsl:for-each>
            </ol>
          </xsl:when>
          <!-- no choice list for it: the chosen number and the record's text -->
          <xsl:otherwise>
            <strong>
              <xsl:text>○ </xsl:text>
              <xsl:value-of select="$chosen"/>
              <xsl:if test="$ownText">
                <xsl:text> </xsl:text>
                <xsl:value-of select="$ownText"/>
              </xsl:if>
            </strong>
          </xsl:otherwise>
        </xsl:choose>
      </td>
    </tr>
  </xsl:template>

  <!-- ============================================================
       別紙4-2 目標達成計画
       ============================================================ -->

  <xsl:template match="ev:goalAchievementPlan">
    <xsl:param name="id"/>
    <div role="region" aria-labelledby="{$id}-plan" class="form-4-2">
      <p class="form-label">別紙4-2</p>
      <h2 id="{$id}-plan">目標達成計画</h2>
      <p class="meta">
        <xsl:text>事業所名: </xsl:text>
        <xsl:value-of select="../ev:siteOverview/ev:officeName"/>
        <xsl:if test="ev:createdDate">
          <xsl:text> / 作成日: </xsl:text>
          <xsl:call-template name="date">
            <xsl:with-param name="d" select="ev:createdDate"/>
          </xsl:call-template>
        </xsl:if>
      </p>
      <table>
        <caption>【目標達成計画】</caption>
        <thead>
          <tr>
            <th scope="col" class="c-num">優先順位</th>
            <th scope="col" class="c-num">項目番号</th>
            <th scope="col">現状における問題点、課題</th>
            <th scope="col">目標</th>
            <th scope="col">目標達成に向けた具体的な取り組み内容</th>
            <th scope="col" class="c-period">目標達成に要する期間</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="ev:goal">
            <xsl:sort select="@priority" data-type="number"/>
            <tr>
              <th scope="row" class="num"><xsl:value-of select="@priority"/></th>
              <td class="num">
                <xsl:for-each select="ev:itemNumber">
                  <xsl:if test="position() > 1">、</xsl:if>
                  <xsl:value-of select="normalize-space(.)"/>
                </xsl:for-each>
              </td>
              <td class="text">
                <xsl:call-template name="trim">
                  <xsl:with-param name="s" select="ev:problem"/>
                </xsl:call-template>
              </td>
              <td class="text">
                <xsl:call-template name="trim">
                  <xsl:with-param name="s" select="ev:target"/>
                </xsl:call-template>
              </td>
              <td class="text">
                <xsl:call-template name="trim">
                  <xsl:with-param name="s" select="ev:actions"/>
                </xsl:call-template>
              </td>
              <td><xsl:value-of select="ev:period"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      <p class="note">項目番号は自己評価の項目番号です。</p>
    </div>
  </xsl:template>

  <!-- ============================================================
       別紙4-3 サービス評価の実施と活用状況 (municipality only)
       ============================================================ -->

  <xsl:template match="ev:implementationReview">
    <xsl:param name="tbl"/>
    <xsl:param name="id"/>
    <div role="region" aria-labelledby="{$id}-review" class="form-4-3">
      <p class="form-label">別紙4-3</p>
      <h2 id="{$id}-review">サービス評価の実施と活用状況</h2>
      <xsl:if test="ev:createdDate">
        <p class="meta">
          <xsl:text>作成日: </xsl:text>
          <xsl:call-template name="date">
            <xsl:with-param name="d" select="ev:createdDate"/>
          </xsl:call-template>
        </p>
      </xsl:if>
      <table>
        <caption>実施段階ごとの取り組み(☑ 取り組んだ / ☐ 取り組まなかった)</caption>
        <thead>
          <tr>
            <th scope="col" class="c-title">実施段階</th>
            <th scope="col">取り組んだ内容</th>
            <th scope="col">その他</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="ev:step">
            <xsl:sort select="@number" data-type="number"/>
            <xsl:variable name="cs" select="$tbl/cl:reviewSteps/cl:step[@number = current()/@number]"/>
            <tr>
              <th scope="row">
                <xsl:value-of select="@number"/>
                <xsl:text> </xsl:text>
                <xsl:choose>
                  <xsl:when test="ev:title"><xsl:value-of select="ev:title"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="$cs/cl:title"/></xsl:otherwise>
                </xsl:choose>
              </th>
              <td>
                <ul class="checks">
                  <xsl:for-each select="ev:check">
                    <li>
                      <xsl:choose>
                        <xsl:when test="@checked = 'true' or @checked = '1'">☑ <span class="vh">(取り組んだ)</span></xsl:when>
                        <xsl:otherwise>☐ <span class="vh">(取り組まなかった)</span></xsl:otherwise>
                      </xsl:choose>
                      <xsl:choose>
                        <xsl:when test="normalize-space(.) != ''"><xsl:value-of select="normalize-space(.)"/></xsl:when>
                        <xsl:otherwise><xsl:value-of select="$cs/cl:check[@code = current()/@code]"/></xsl:otherwise>
                      </xsl:choose>
                    </li>
                  </xsl:for-each>
                </ul>
              </td>
              <td class="text">
                <xsl:call-template name="trim">
                  <xsl:with-param name="s" select="ev:other"/>
                </xsl:call-template>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <!-- ============================================================
       行政確認用の情報 (municipality only, context: the record):
       publication, procedure, 運営推進会議 log, evaluation history.
       ============================================================ -->

  <xsl:template name="admin">
    <xsl:param name="id"/>
    <div role="region" aria-labelledby="{$id}-admin" class="admin">
      <h2 id="{$id}-admin">行政確認用の情報</h2>
      <xsl:apply-templates select="ev:publication"/>
      <xsl:apply-templates select="ev:procedure"/>
      <xsl:apply-templates select="ev:promotionMeetings"/>
      <xsl:apply-templates select="ev:evaluationHistory"/>
      <xsl:if test="not(ev:publication | ev:procedure | ev:promotionMeetings | ev:evaluationHistory)">
        <p>記録がありません。</p>
      </xsl:if>
    </div>
  </xsl:template>

  <xsl:template match="ev:publication">
    <table class="kv">
      <caption><h3>結果の公表・提出</h3></caption>
      <tbody>
        <xsl:call-template name="date-row">
          <xsl:with-param name="label">WAMNET 掲載日</xsl:with-param>
          <xsl:with-param name="d" select="ev:wamnetPublishedDate"/>
        </xsl:call-template>
        <xsl:call-template name="date-row">
          <xsl:with-param name="label">重要事項説明書への添付</xsl:with-param>
          <xsl:with-param name="d" select="ev:importantMattersAttachedDate"/>
        </xsl:call-template>
        <xsl:call-template name="date-row">
          <xsl:with-param name="label">事業所内の掲示日</xsl:with-param>
          <xsl:with-param name="d" select="ev:postedDate"/>
        </xsl:call-template>
        <xsl:if test="ev:webPageUrl">
          <tr>
            <th scope="row">ホームページ上の掲載先</th>
            <td>
              <xsl:call-template name="link">
                <xsl:with-param name="url" select="normalize-space(ev:webPageUrl)"/>
              </xsl:call-template>
            </td>
          </tr>
        </xsl:if>
        <xsl:call-template name="date-row">
          <xsl:with-param name="label">利用者・家族への提供日</xsl:with-param>
          <xsl:with-param name="d" select="ev:familiesProvidedDate"/>
        </xsl:call-template>
        <xsl:call-template name="date-row">
          <xsl:with-param name="label">運営推進会議での説明日</xsl:with-param>
          <xsl:with-param name="d" select="ev:meetingExplainedDate"/>
        </xsl:call-template>
        <xsl:if test="ev:reviewSheetExplained">
          <tr>
            <th scope="row">別紙4-3 の作成・説明</th>
            <td>
              <xsl:call-template name="yes-no">
                <xsl:with-param name="b" select="ev:reviewSheetExplained"/>
              </xsl:call-template>
            </td>
          </tr>
        </xsl:if>
        <xsl:call-template name="date-row">
          <xsl:with-param name="label">介護サービス情報公表システム掲載日</xsl:with-param>
          <xsl:with-param name="d" select="ev:informationSystemPublishedDate"/>
        </xsl:call-template>
      </tbody>
    </table>
    <xsl:if test="ev:municipalSubmission">
      <table>
        <caption>市町村への提出</caption>
        <thead>
          <tr>
            <th scope="col">市町村</th>
            <th scope="col">団体コード</th>
            <th scope="col">区分</th>
            <th scope="col">提出日</th>
            <th scope="col">受理日</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="ev:municipalSubmission">
            <tr>
              <th scope="row"><xsl:value-of select="ev:municipality"/></th>
              <td class="num"><xsl:value-of select="ev:municipalityCode"/></td>
              <td>
                <xsl:choose>
                  <xsl:when test="@siteMunicipality = 'true' or @siteMunicipality = '1'">所在市町村</xsl:when>
                  <xsl:otherwise>指定を受けた他の市町村</xsl:otherwise>
                </xsl:choose>
              </td>
              <td>
                <xsl:call-template name="date">
                  <xsl:with-param name="d" select="ev:submittedDate"/>
                </xsl:call-template>
              </td>
              <td>
                <xsl:call-template name="date">
                  <xsl:with-param name="d" select="ev:receiptDate"/>
                </xsl:call-template>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </xsl:if>
  </xsl:template>

  <xsl:template match="ev:procedure">
    <table class="kv">
      <caption><h3>外部評価の手続</h3></caption>
      <tbody>
        <xsl:call-template name="date-row">
          <xsl:with-param name="label">評価業務委託契約の締結日</xsl:with-param>
          <xsl:with-param name="d" select="ev:contractDate"/>
        </xsl:call-template>
        <xsl:call-template name="date-row">
          <xsl:with-param name="label">書面調査 調査票の提出日</xsl:with-param>
          <xsl:with-param name="d" select="ev:documentReviewDate"/>
        </xsl:call-template>
        <xsl:call-template name="date-row">
          <xsl:with-param name="label">訪問調査実施決定の通知の送達日</xsl:with-param>
          <xsl:with-param name="d" select="ev:visitDecisionNoticeDate"/>
        </xsl:call-template>
        <xsl:call-template name="date-row">
          <xsl:with-param name="label">報告書の写しの送付日</xsl:with-param>
          <xsl:with-param name="d" select="ev:draftSentDate"/>
        </xsl:call-template>
        <xsl:call-template name="date-row">
          <xsl:with-param name="label">事業所の意見提出期限</xsl:with-param>
          <xsl:with-param name="d" select="ev:commentDeadline"/>
        </xsl:call-template>
        <xsl:call-template name="date-row">
          <xsl:with-param name="label">事業所の意見提出日</xsl:with-param>
          <xsl:with-param name="d" select="ev:siteCommentDate"/>
        </xsl:call-template>
        <xsl:call-template name="date-row">
          <xsl:with-param name="label">評価審査委員会の開催日</xsl:with-param>
          <xsl:with-param name="d" select="ev:reviewCommitteeDate"/>
        </xsl:call-template>
        <xsl:call-template name="date-row">
          <xsl:with-param name="label">評価結果の決定日</xsl:with-param>
          <xsl:with-param name="d" select="ev:decisionDate"/>
        </xsl:call-template>
        <xsl:call-template name="date-row">
          <xsl:with-param name="label">評価結果の通知日</xsl:with-param>
          <xsl:with-param name="d" select="ev:resultNoticeDate"/>
        </xsl:call-template>
        <xsl:call-template name="date-row">
          <xsl:with-param name="label">目標達成計画の受領日</xsl:with-param>
          <xsl:with-param name="d" select="ev:goalPlanReceivedDate"/>
        </xsl:call-template>
        <xsl:for-each select="ev:feePayment">
          <tr>
            <th scope="row">
              <xsl:text>評価手数料(</xsl:text>
              <xsl:choose>
                <xsl:when test="@kind = 'deposit'">申込金</xsl:when>
                <xsl:when test="@kind = 'balance'">残金</xsl:when>
                <xsl:when test="@kind = 'full'">一括</xsl:when>
                <xsl:otherwise><xsl:value-of select="@kind"/></xsl:otherwise>
              </xsl:choose>
              <xsl:text>)</xsl:text>
            </th>
            <td>
              <xsl:value-of select="format-number(ev:amount, '#,##0')"/>
              <xsl:text>円</xsl:text>
              <xsl:if test="ev:requestDate">
                <xsl:text> / 起算日 </xsl:text>
                <xsl:value-of select="ev:requestDate"/>
              </xsl:if>
              <xsl:if test="ev:paidDate">
                <xsl:text> / 支払日 </xsl:text>
                <xsl:value-of select="ev:paidDate"/>
              </xsl:if>
            </td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <!-- 運営推進会議 log: dates, categories and topics; names are left out
       for every audience (they are not needed to check the notice). -->
  <xsl:template match="ev:promotionMeetings">
    <table>
      <caption>
        <h3>
          <xsl:text>運営推進会議の開催状況</xsl:text>
          <xsl:if test="@from or @to">
            <xsl:text>(</xsl:text>
            <xsl:value-of select="@from"/>
            <xsl:text>〜</xsl:text>
            <xsl:value-of select="@to"/>
            <xsl:text>)</xsl:text>
          </xsl:if>
        </h3>
      </caption>
      <thead>
        <tr>
          <th scope="col" class="c-num">回</th>
          <th scope="col">開催日</th>
          <th scope="col">出席者(区分・人数)</th>
          <th scope="col">議題・報告事項</th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="ev:meeting">
          <tr>
            <th scope="row" class="num">
              <xsl:choose>
                <xsl:when test="@sequence"><xsl:value-of select="@sequence"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="position()"/></xsl:otherwise>
              </xsl:choose>
            </th>
            <td>
              <xsl:value-of select="ev:date"/>
              <xsl:if test="@inWriting = 'true' or @inWriting = '1'">(書面開催)</xsl:if>
              <xsl:if test="@evaluationMeeting = 'true' or @evaluationMeeting = '1'">(評価を行った会議)</xsl:if>
            </td>
            <td><xsl:call-template name="attendees"/></td>
            <td>
              <xsl:for-each select="ev:topic">
                <xsl:if test="position() > 1"><br/></xsl:if>
                <xsl:text>・</xsl:text>
                <xsl:value-of select="normalize-space(.)"/>
              </xsl:for-each>
            </td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template match="ev:evaluationHistory">
    <table>
      <caption><h3>評価の実施履歴</h3></caption>
      <thead>
        <tr>
          <th scope="col">年度</th>
          <th scope="col">評価の方法</th>
          <th scope="col">評価機関</th>
          <th scope="col">訪問調査日</th>
          <th scope="col">市町村受理日</th>
          <th scope="col">結果・計画の提出</th>
          <th scope="col">運営推進会議 開催回数</th>
          <th scope="col">市町村等職員の出席</th>
          <th scope="col">外部評価項目2・3・4・6 適切</th>
          <th scope="col">緩和の適用</th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="ev:round">
          <xsl:sort select="@fiscalYear" data-type="number"/>
          <tr>
            <th scope="row" class="num"><xsl:value-of select="@fiscalYear"/></th>
            <td>
              <xsl:choose>
                <xsl:when test="ev:route = 'externalBody'">外部評価</xsl:when>
                <xsl:when test="ev:route = 'promotionMeeting'">運営推進会議を活用した評価</xsl:when>
                <xsl:when test="ev:route = 'relaxedSkipped'">緩和により実施せず</xsl:when>
                <xsl:when test="ev:route = 'notPerformed'">実施せず</xsl:when>
                <xsl:otherwise><xsl:value-of select="ev:route"/></xsl:otherwise>
              </xsl:choose>
            </td>
            <td><xsl:value-of select="ev:evaluationBodyName"/></td>
            <td><xsl:value-of select="ev:visitDate"/></td>
            <td><xsl:value-of select="ev:municipalityReceiptDate"/></td>
            <td>
              <xsl:text>結果 </xsl:text>
              <xsl:call-template name="yes-no">
                <xsl:with-param name="b" select="ev:resultsSubmitted"/>
              </xsl:call-template>
              <xsl:text> / 計画 </xsl:text>
              <xsl:call-template name="yes-no">
                <xsl:with-param name="b" select="ev:goalPlanSubmitted"/>
              </xsl:call-template>
            </td>
            <td class="num"><xsl:value-of select="ev:promotionMeetingCount"/></td>
            <td>
              <xsl:call-template name="yes-no">
                <xsl:with-param name="b" select="ev:municipalOrCenterStaffAttended"/>
              </xsl:call-template>
            </td>
            <td>
              <xsl:call-template name="yes-no">
                <xsl:with-param name="b" select="ev:externalItemsAppropriate"/>
              </xsl:call-template>
            </td>
            <td>
              <xsl:call-template name="yes-no">
                <xsl:with-param name="b" select="ev:relaxationApproved"/>
              </xsl:call-template>
            </td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <!-- ============================================================
       Small helpers
       ============================================================ -->

  <!-- a key/value row with a date; nothing when the date is absent -->
  <xsl:template name="date-row">
    <xsl:param name="label"/>
    <xsl:param name="d"/>
    <xsl:if test="$d">
      <tr>
        <th scope="row"><xsl:value-of select="$label"/></th>
        <td>
          <xsl:call-template name="date">
            <xsl:with-param name="d" select="$d"/>
          </xsl:call-template>
        </td>
      </tr>
    </xsl:if>
  </xsl:template>

  <xsl:template name="yes-no">
    <xsl:param name="b"/>
    <xsl:choose>
      <xsl:when test="not($b)">—</xsl:when>
      <xsl:when test="normalize-space($b) = 'true' or normalize-space($b) = '1'">はい</xsl:when>
      <xsl:otherwise>いいえ</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="route-label">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'externalBody'">外部評価(評価機関による評価)</xsl:when>
      <xsl:when test="$code = 'promotionMeeting'">運営推進会議を活用した評価</xsl:when>
      <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="service-type">
    <xsl:param name="code"/>
    <xsl:param name="prevention"/>
    <xsl:variable name="name">
      <xsl:choose>
        <xsl:when test="$code = 'dementiaGroupHome'">認知症対応型共同生活介護</xsl:when>
        <xsl:when test="$code = 'smallMultifunctional'">小規模多機能型居宅介護</xsl:when>
        <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:value-of select="$name"/>
    <xsl:if test="normalize-space($prevention) = 'true' or normalize-space($prevention) = '1'">
      <xsl:text>・介護予防</xsl:text>
      <xsl:value-of select="$name"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="attendee-category">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'user'">利用者</xsl:when>
      <xsl:when test="$code = 'family'">利用者の家族</xsl:when>
      <xsl:when test="$code = 'localResident'">地域住民の代表者</xsl:when>
      <xsl:when test="$code = 'municipalStaff'">市町村職員</xsl:when>
      <xsl:when test="$code = 'communityCareCenterStaff'">地域包括支援センター職員</xsl:when>
      <xsl:when test="$code = 'knowledgeablePerson'">知見を有する者</xsl:when>
      <xsl:when test="$code = 'siteStaff'">事業所の管理者・職員</xsl:when>
      <xsl:when test="$code = 'other'">その他</xsl:when>
      <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Free text without the leading and trailing white space; the line
       breaks inside are kept (see "lines"). -->
  <xsl:template name="trim">
    <xsl:param name="s"/>
    <xsl:variable name="str" select="string($s)"/>
    <xsl:variable name="first" select="substring(normalize-space($str), 1, 1)"/>
    <xsl:if test="$first != ''">
      <xsl:call-template name="trim-end">
        <xsl:with-param name="s" select="concat($first, substring-after($str, $first))"/>
      </xsl:call-template>
    </xsl:if>
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
      <xsl:otherwise>
        <xsl:call-template name="lines">
          <xsl:with-param name="s" select="$s"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Each line break becomes <br>, so that the text keeps its lines even
       without CSS (pre-wrap then only keeps runs of spaces). -->
  <xsl:template name="lines">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, '&#10;')">
        <xsl:value-of select="substring-before($s, '&#10;')"/>
        <br/>
        <xsl:call-template name="lines">
          <xsl:with-param name="s" select="substring-after($s, '&#10;')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================
       Dates: YYYY-MM-DD (or YYYY-MM) as in the source, plus 和暦.
       ============================================================ -->

  <!-- "2024-12-10(令和6年12月10日)"; nothing for an empty value -->
  <xsl:template name="date">
    <xsl:param name="d"/>
    <xsl:variable name="v" select="normalize-space($d)"/>
    <xsl:if test="$v != ''">
      <xsl:value-of select="$v"/>
      <xsl:variable name="w">
        <xsl:call-template name="wareki">
          <xsl:with-param name="date" select="$v"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:if test="string($w) != ''">
        <xsl:value-of select="concat('(', $w, ')')"/>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- "2024年度(令和6年度)": a fiscal year takes the era of its 1 April
       (2019年度 is 令和元年度 as in official usage). -->
  <xsl:template name="fiscal-year">
    <xsl:param name="y"/>
    <xsl:variable name="n" select="number(normalize-space($y))"/>
    <xsl:value-of select="normalize-space($y)"/>
    <xsl:text>年度</xsl:text>
    <xsl:if test="$n = $n">
      <xsl:variable name="era">
        <xsl:call-template name="era-year">
          <xsl:with-param name="key" select="$n * 10000 + 501"/>
          <xsl:with-param name="y" select="$n"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:if test="string($era) != ''">
        <xsl:value-of select="concat('(', $era, '年度)')"/>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!--
    wareki: 和暦 of a 西暦 date.
      date  YYYY-MM-DD -> 令和6年12月10日;  YYYY-MM -> 令和7年1月
    令和 from 2019-05-01, 平成 1989-01-08 .. 2019-04-30, 昭和 1926-12-25 ..
    1989-01-07; the first year is 元年.  Anything else gives nothing.  A
    year-month is taken at its last day (1989-01 -> 平成元年1月).
  -->
  <xsl:template name="wareki">
    <xsl:param name="date"/>
    <xsl:variable name="ok"
                  select="(string-length($date) = 10 and translate($date, '0123456789', '') = '--')
                          or (string-length($date) = 7 and translate($date, '0123456789', '') = '-')"/>
    <xsl:if test="$ok">
      <xsl:variable name="y" select="number(substring($date, 1, 4))"/>
      <xsl:variable name="m" select="number(substring($date, 6, 2))"/>
      <xsl:variable name="d">
        <xsl:choose>
          <xsl:when test="string-length($date) = 10"><xsl:value-of select="number(substring($date, 9, 2))"/></xsl:when>
          <xsl:otherwise>31</xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:variable name="era">
        <xsl:call-template name="era-year">
          <xsl:with-param name="key" select="$y * 10000 + $m * 100 + $d"/>
          <xsl:with-param name="y" select="$y"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:if test="string($era) != ''">
        <xsl:value-of select="concat($era, '年', $m, '月')"/>
        <xsl:if test="string-length($date) = 10">
          <xsl:value-of select="concat($d, '日')"/>
        </xsl:if>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- era name and year ("令和6", "平成元") for key = YYYYMMDD -->
  <xsl:template name="era-year">
    <xsl:param name="key"/>
    <xsl:param name="y"/>
    <xsl:variable name="n">
      <xsl:choose>
        <xsl:when test="$key >= 20190501"><xsl:value-of select="$y - 2018"/></xsl:when>
        <xsl:when test="$key >= 19890108"><xsl:value-of select="$y - 1988"/></xsl:when>
        <xsl:when test="$key >= 19261225"><xsl:value-of select="$y - 1925"/></xsl:when>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="string($n) != ''">
      <xsl:choose>
        <xsl:when test="$key >= 20190501">令和</xsl:when>
        <xsl:when test="$key >= 19890108">平成</xsl:when>
        <xsl:otherwise>昭和</xsl:otherwise>
      </xsl:choose>
      <xsl:choose>
        <xsl:when test="$n = 1">元</xsl:when>
        <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!-- a link for http(s) addresses only; anything else (javascript:,
       data:, a relative path) is printed as text: a URL from the record
       must never run in the reader's browser -->
  <xsl:template name="link">
    <xsl:param name="url"/>
    <xsl:choose>
      <xsl:when test="starts-with($url, 'https://') or starts-with($url, 'http://')">
        <a href="{$url}"><xsl:value-of select="$url"/></a>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$url"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
