<?xml version="1.0" encoding="UTF-8"?>
<!--
  schemas/publish/evaluation-index.xsl - index.html of the EvaluationResult
  pages (kaigo-publish, format html with -d DIR: the index of a "page"
  output, which works as a "list"; the contract is docs/publish.md).

  part = 'entry'  (the record element is the document element, $href is the
                  record's page file name): writes one element that sums the
                  record up, in the publish namespace:
                    <entry xmlns="urn:kaigo:publish:1" href="...">
                      <officeNumber/> <officeName/> <corporationName/>
                      <fiscalYear/> <route/> <visitDate/> <municipalityReceiptDate/>
                    </entry>
                  visitDate is the body's 訪問調査日; on the 運営推進会議 route
                  it is the date of the meeting that did the evaluation
                  (source="evaluationMeeting").  municipalityReceiptDate is the
                  site overview's 評価結果市町村受理日, else the receipt date
                  of the submission to the site's own municipality.
                  (With method="html", xsltproc prints <!DOCTYPE html> before
                  the element; the result tree's root element is the entry.)
  part = 'list'   (the document is <list xmlns="urn:kaigo:publish:1" type count
                  audience as-of> holding the entries in input order): writes
                  the index page, a table with one row per entry linking to
                  its page.
  part = 'all'    (default; xsltproc on an EvaluationResults collection or one
                  record): builds the same entries itself, with the href that
                  kaigo-publish gives each page -
                  concat(officeNumber, '-', fiscalYear, '.html'), and -2, -3...
                  for a name already used - and writes the same page.

  The index holds no personal data, so both audiences get the same table; the
  municipality's index says that its pages are not for publication.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:ev="urn:kaigo:evaluation:1"
                xmlns:p="urn:kaigo:publish:1"
                xmlns:exsl="http://exslt.org/common"
                exclude-result-prefixes="ev p exsl">

  <xsl:output method="html" encoding="UTF-8" indent="no"
              doctype-system="about:legacy-compat"/>
  <xsl:strip-space elements="*"/>

  <xsl:param name="part" select="'all'"/>
  <xsl:param name="audience" select="'public'"/>
  <xsl:param name="as-of" select="''"/>
  <xsl:param name="href" select="''"/>

  <!-- ============================================================
       Parts
       ============================================================ -->

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="$part = 'entry'">
        <xsl:apply-templates select="ev:EvaluationResult" mode="entry">
          <xsl:with-param name="href" select="$href"/>
        </xsl:apply-templates>
      </xsl:when>
      <xsl:when test="$part = 'list'">
        <xsl:call-template name="page">
          <xsl:with-param name="entries" select="p:list/p:entry"/>
          <xsl:with-param name="aud">
            <xsl:choose>
              <xsl:when test="p:list/@audience"><xsl:value-of select="p:list/@audience"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$audience"/></xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
          <xsl:with-param name="date">
            <xsl:choose>
              <xsl:when test="$as-of != ''"><xsl:value-of select="$as-of"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="p:list/@as-of"/></xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <!-- all: the entries kaigo-publish would collect, then the page -->
        <xsl:variable name="records"
                      select="ev:EvaluationResult | ev:EvaluationResults/ev:EvaluationResult"/>
        <xsl:variable name="entries">
          <xsl:for-each select="$records">
            <xsl:variable name="name" select="concat(ev:siteOverview/ev:officeNumber, '-', ev:fiscalYear)"/>
            <!-- earlier records with the same name: the tool adds -2, -3... -->
            <xsl:variable name="seen"
                          select="count(preceding-sibling::ev:EvaluationResult[concat(ev:siteOverview/ev:officeNumber, '-', ev:fiscalYear) = $name])"/>
            <xsl:apply-templates select="." mode="entry">
              <xsl:with-param name="href">
                <xsl:value-of select="$name"/>
                <xsl:if test="$seen > 0">
                  <xsl:value-of select="concat('-', $seen + 1)"/>
                </xsl:if>
                <xsl:text>.html</xsl:text>
              </xsl:with-param>
            </xsl:apply-templates>
          </xsl:for-each>
        </xsl:variable>
        <xsl:call-template name="page">
          <xsl:with-param name="entries" select="exsl:node-set($entries)/p:entry"/>
          <xsl:with-param name="aud" select="$audience"/>
          <xsl:with-param name="date" select="$as-of"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================
       Entry: what the index needs of one record
       ============================================================ -->

  <xsl:template match="ev:EvaluationResult" mode="entry">
    <xsl:param name="href"/>
    <xsl:variable name="s" select="ev:siteOverview"/>
    <xsl:variable name="meeting"
                  select="ev:promotionMeetings/ev:meeting[@evaluationMeeting = 'true' or @evaluationMeeting = '1'][1]"/>
    <p:entry href="{$href}">
      <p:officeNumber><xsl:value-of select="normalize-space($s/ev:officeNumber)"/></p:officeNumber>
      <p:officeName><xsl:value-of select="normalize-space($s/ev:officeName)"/></p:officeName>
      <p:corporationName><xsl:value-of select="normalize-space($s/ev:corporationName)"/></p:corporationName>
      <p:fiscalYear><xsl:value-of select="normalize-space(ev:fiscalYear)"/></p:fiscalYear>
      <p:route><xsl:value-of select="normalize-space(ev:route)"/></p:route>
      <xsl:choose>
        <xsl:when test="ev:evaluationBody/ev:visitDate">
          <p:visitDate><xsl:value-of select="normalize-space(ev:evaluationBody/ev:visitDate)"/></p:visitDate>
        </xsl:when>
        <xsl:when test="$meeting">
          <p:visitDate source="evaluationMeeting"><xsl:value-of select="normalize-space($meeting/ev:date)"/></p:visitDate>
        </xsl:when>
        <xsl:otherwise><p:visitDate/></xsl:otherwise>
      </xsl:choose>
      <p:municipalityReceiptDate>
        <xsl:choose>
          <xsl:when test="$s/ev:municipalityReceiptDate">
            <xsl:value-of select="normalize-space($s/ev:municipalityReceiptDate)"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:value-of select="normalize-space(ev:publication/ev:municipalSubmission[@siteMunicipality = 'true' or @siteMunicipality = '1'][1]/ev:receiptDate)"/>
          </xsl:otherwise>
        </xsl:choose>
      </p:municipalityReceiptDate>
    </p:entry>
  </xsl:template>

  <!-- ============================================================
       The index page
       ============================================================ -->

  <xsl:template name="page">
    <xsl:param name="entries"/>
    <xsl:param name="aud"/>
    <xsl:param name="date"/>
    <html lang="ja">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>自己評価及び外部評価結果 一覧</title>
        <style>
body {
  font-family: "Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "IPAGothic",
    "Hiragino Kaku Gothic ProN", "Yu Gothic", "Meiryo", sans-serif;
  color: #000; background: #fff; line-height: 1.6;
  max-width: 72em; margin: 0 auto; padding: 1em;
}
h1 { font-size: 1.5em; margin: 0 0 .3em; }
.meta { font-size: .9em; }
.audience { border: 2px solid #900; color: #900; padding: .3em .6em; font-weight: bold; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: bold; padding: .3em 0; }
th, td { border: 1px solid #555; padding: .3em .45em; vertical-align: top; text-align: left; }
thead th { background: #e8e8e8; vertical-align: bottom; }
tbody th { font-weight: normal; }
.num { white-space: nowrap; }
.wareki { display: block; font-size: .8em; color: #333; }
a { overflow-wrap: anywhere; }
.scroll { overflow-x: auto; position: relative; }
@media (max-width: 48em) { body { padding: .5em; } .scroll > table { min-width: 40em; } }
@page { size: A4; margin: 15mm; }
@media print {
  body { font-size: 9.5pt; max-width: none; margin: 0; padding: 0; }
  .wareki, .meta { font-size: max(8pt, .8em); }
  .scroll { overflow: visible; }
  a { color: inherit; text-decoration: none; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  thead th { background: none; }
}
</style>
      </head>
      <body>
        <main>
          <h1>自己評価及び外部評価結果 一覧</h1>
          <p class="meta">
            <xsl:value-of select="count($entries)"/>
            <xsl:text>件</xsl:text>
            <xsl:if test="$date != ''">
              <xsl:text>(</xsl:text>
              <xsl:call-template name="date">
                <xsl:with-param name="d" select="$date"/>
              </xsl:call-template>
              <xsl:text>現在)</xsl:text>
            </xsl:if>
          </p>
          <xsl:if test="$aud = 'municipality'">
            <p class="audience">市町村用: 各ページは評価調査員の氏名等を含みます。このまま公表しないでください。</p>
          </xsl:if>
          <xsl:choose>
            <xsl:when test="$entries">
              <div class="scroll" tabindex="0" role="region" aria-label="評価結果の一覧（横にスクロールできます）">
                <table>
                  <caption>事業所・評価年度ごとの評価結果(事業所名から各ページへ)</caption>
                  <thead>
                    <tr>
                      <th scope="col">事業所番号</th>
                      <th scope="col">事業所名</th>
                      <th scope="col">法人名</th>
                      <th scope="col">評価年度</th>
                      <th scope="col">評価の方法</th>
                      <th scope="col">訪問調査日</th>
                      <th scope="col">評価結果市町村受理日</th>
                    </tr>
                  </thead>
                  <tbody>
                    <xsl:for-each select="$entries">
                      <tr>
                        <td class="num"><xsl:value-of select="p:officeNumber"/></td>
                        <th scope="row">
                          <xsl:choose>
                            <xsl:when test="normalize-space(@href) != ''">
                              <a href="{@href}"><xsl:value-of select="p:officeName"/></a>
                            </xsl:when>
                            <xsl:otherwise><xsl:value-of select="p:officeName"/></xsl:otherwise>
                          </xsl:choose>
                        </th>
                        <td><xsl:value-of select="p:corporationName"/></td>
                        <td class="num">
                          <xsl:if test="normalize-space(p:fiscalYear) != ''">
                            <xsl:value-of select="concat(p:fiscalYear, '年度')"/>
                          </xsl:if>
                        </td>
                        <td>
                          <xsl:choose>
                            <xsl:when test="p:route = 'externalBody'">外部評価</xsl:when>
                            <xsl:when test="p:route = 'promotionMeeting'">運営推進会議を活用した評価</xsl:when>
                            <xsl:otherwise><xsl:value-of select="p:route"/></xsl:otherwise>
                          </xsl:choose>
                        </td>
                        <td class="num">
                          <xsl:call-template name="date-cell">
                            <xsl:with-param name="d" select="p:visitDate"/>
                          </xsl:call-template>
                          <xsl:if test="p:visitDate/@source = 'evaluationMeeting' and normalize-space(p:visitDate) != ''">
                            <span class="wareki">(評価を行った運営推進会議)</span>
                          </xsl:if>
                        </td>
                        <td class="num">
                          <xsl:call-template name="date-cell">
                            <xsl:with-param name="d" select="p:municipalityReceiptDate"/>
                          </xsl:call-template>
                        </td>
                      </tr>
                    </xsl:for-each>
                  </tbody>
                </table>
              </div>
            </xsl:when>
            <xsl:otherwise>
              <p>評価結果はありません。</p>
            </xsl:otherwise>
          </xsl:choose>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- a date in a cell: YYYY-MM-DD, the 和暦 below it -->
  <xsl:template name="date-cell">
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
        <span class="wareki"><xsl:value-of select="concat('(', $w, ')')"/></span>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================
       Dates: as in the source plus 和暦 (same templates as
       evaluation-html.xsl)
       ============================================================ -->

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

  <!--
    wareki: 和暦 of YYYY-MM-DD (令和6年12月10日) or YYYY-MM (令和7年1月).
    令和 from 2019-05-01, 平成 1989-01-08 .. 2019-04-30, 昭和 1926-12-25 ..
    1989-01-07; the first year is 元年; a year-month is taken at its last day.
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

</xsl:stylesheet>
