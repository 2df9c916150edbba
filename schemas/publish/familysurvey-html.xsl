<?xml version="1.0" encoding="UTF-8"?>
<!--
  schemas/publish/familysurvey-html.xsl - FamilySurvey (urn:kaigo:familysurvey:1)
  as an HTML page: the aggregated results of one site's 利用者家族等アンケート.

  Output kind "page" (docs/publish.md): kaigo-publish applies this stylesheet
  to each FamilySurvey record on its own and writes one complete page.  Run
  by xsltproc on a whole FamilySurveys collection, it writes one page that
  holds every survey of the collection, one after the other (each starts a
  new sheet in print).

  What the page shows, per survey: the site, fiscal year, evaluation body,
  dates, how the sheets were handed out and collected, the distributed and
  returned counts and the response rate; then for each question a table of
  answer counts and percentages per choice, for all respondents and, when the
  respondents carry a unit (unitRef) in two or more units, per unit.

  Privacy:
  - Counts are aggregated; no respondent's own answers, ids, relationship or
    receipt date are printed, for any audience.
  - Small counts are suppressed ("*"): see the shared block below.
  - Free-text answers (answer/freeText) may name people.  They are printed
    only for audience 'municipality', never for 'public'.

  Parameters: part, audience, as-of, href (the contract's four; part and
  href are not used by a page), and min-count (the suppression threshold,
  passed with the tool's param option, docs/publish.md).
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:fs="urn:kaigo:familysurvey:1"
                xmlns:exsl="http://exslt.org/common"
                exclude-result-prefixes="fs exsl">

  <xsl:output method="html" encoding="UTF-8" indent="no"
              doctype-system="about:legacy-compat"/>

  <xsl:strip-space elements="*"/>

  <!-- The contract's parameters (docs/publish.md, "Parameters"). -->
  <xsl:param name="part" select="'all'"/>
  <xsl:param name="audience" select="'public'"/>
  <xsl:param name="as-of" select="''"/>
  <xsl:param name="href" select="''"/>

  <!-- ================================================================
       BEGIN shared block: aggregation and small-count suppression.
       This block is identical in familysurvey-html.xsl and
       familysurvey-csv.xsl, so that the page and the open-data CSV hide
       exactly the same cells (a cell hidden in one and shown in the other
       could be recovered by combining them).  Change both together.
       ================================================================ -->

  <!--
    min-count: a count strictly below it is suppressed ("*").
    UNVERIFIED default: 5 is an assumption.  No rule on small counts of the
    family questionnaire was found in the sources (domain/evaluation.md §5
    has not even the questions); ask the prefecture.  A value that is not a
    number falls back to 5; 0 or less switches suppression off (never do
    that for a public output: nothing here stops it).
  -->
  <xsl:param name="min-count" select="'5'"/>

  <xsl:variable name="fs-threshold-text">
    <xsl:choose>
      <xsl:when test="string(number($min-count)) != 'NaN'">
        <xsl:value-of select="number($min-count)"/>
      </xsl:when>
      <xsl:otherwise>5</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="fs-threshold" select="number($fs-threshold-text)"/>

  <!--
    fs-table: the counts of one question of one survey, suppressed.

    Result (a tree fragment; use exsl:node-set):
      <g id="all" n="12">全体</g>             one per group (column group
      <g id="u.U1" n="6" unit="U1">…</g>      of the page): all respondents,
      <g id="none" n="1">…</g>                then each unit, then no unit
      <c g="all" k="1" n="4" s="1"/>          one per group × choice, in
      <c g="all" k="NA" n="1" s="1"/>         choice order, then 無回答 (NA)
    g/@n is the number of respondents (returned sheets) of the group; c/@n
    the number of them who marked the choice (NA: who marked none); c/@s is
    1 when the cell is suppressed.

    Groups: the unit breakdown is made only when the respondents fall into
    two or more groups (units that have respondents, plus "no unit" for
    respondents without a known unitRef); with one group it would repeat
    the 全体 column.  Units without respondents are left out.
  -->
  <xsl:template name="fs-table">
    <xsl:param name="survey"/>
    <xsl:param name="question"/>
    <xsl:variable name="qid" select="string($question/@id)"/>
    <xsl:variable name="resp" select="$survey/fs:respondents/fs:respondent"/>
    <xsl:variable name="unit-ids" select="$survey/fs:site/fs:unit/@id"/>
    <xsl:variable name="units" select="$survey/fs:site/fs:unit[@id = $resp/@unitRef]"/>
    <xsl:variable name="no-unit" select="$resp[not(@unitRef = $unit-ids)]"/>
    <xsl:variable name="by-unit" select="count($units) + count($no-unit[1]) &gt;= 2"/>

    <xsl:variable name="groups-rtf">
      <g id="all" n="{count($resp)}">全体</g>
      <xsl:if test="$by-unit">
        <xsl:for-each select="$units">
          <xsl:variable name="uid" select="string(@id)"/>
          <g id="u.{$uid}" n="{count($resp[@unitRef = $uid])}" unit="{$uid}">
            <xsl:value-of select="normalize-space(.)"/>
          </g>
        </xsl:for-each>
        <xsl:if test="$no-unit">
          <g id="none" n="{count($no-unit)}">ユニット記載なし</g>
        </xsl:if>
      </xsl:if>
    </xsl:variable>

    <xsl:variable name="cells-rtf">
      <xsl:for-each select="exsl:node-set($groups-rtf)/g">
        <xsl:variable name="gid" select="string(@id)"/>
        <xsl:variable name="uid" select="string(@unit)"/>
        <xsl:variable name="members"
                      select="$resp[$gid = 'all'
                                    or ($gid = 'none' and not(@unitRef = $unit-ids))
                                    or ($uid != '' and @unitRef = $uid)]"/>
        <xsl:for-each select="$question/fs:choice">
          <xsl:variable name="code" select="number(@code)"/>
          <xsl:variable name="n"
                        select="count($members[fs:answer[@questionId = $qid]/fs:choice[number(.) = $code]])"/>
          <c g="{$gid}" k="{@code}" n="{$n}" s="{number($n &lt; $fs-threshold)}"/>
        </xsl:for-each>
        <xsl:variable name="na" select="count($members[not(fs:answer[@questionId = $qid]/fs:choice)])"/>
        <c g="{$gid}" k="NA" n="{$na}" s="{number($na &lt; $fs-threshold)}"/>
      </xsl:for-each>
    </xsl:variable>

    <xsl:copy-of select="exsl:node-set($groups-rtf)/g"/>
    <xsl:call-template name="fs-suppress">
      <xsl:with-param name="cells" select="exsl:node-set($cells-rtf)/c"/>
      <xsl:with-param name="columns" select="$by-unit"/>
    </xsl:call-template>
  </xsl:template>

  <!--
    fs-suppress: secondary suppression, repeated until nothing changes.

    Primary suppression (in fs-table) hides every count below min-count,
    zero included.  That is not enough on its own, because the page shows
    totals:
    - a line of one group (its choices and 無回答) adds up to the group's
      number of respondents, which is printed: if exactly one cell of the
      line is hidden, total minus the others gives it back;
    - with a unit breakdown, a choice's 全体 count is the sum of its unit
      counts: if exactly one cell of that column is hidden, it can be
      recovered the same way.
    So whenever a line (group) or, with units, a column (choice) has
    exactly one hidden cell, the next-smallest visible cell of that line
    or column is hidden too (ties: the first in table order).  Hiding a
    cell can leave another line or column with exactly one hidden cell, so
    the step repeats until no line and no column has exactly one.

    For a multiple-choice question the choices of a line do not add up to
    its total; the line rule is applied anyway (it only hides more).

    This is the usual "at least two hidden cells per line" rule, not a full
    audit: bounds (a hidden cell is known to be below min-count) and rare
    patterns of hidden cells can still narrow a value down.
  -->
  <xsl:template name="fs-suppress">
    <xsl:param name="cells"/>
    <xsl:param name="columns" select="false()"/>
    <xsl:variable name="next-rtf">
      <xsl:for-each select="$cells">
        <xsl:variable name="me" select="."/>
        <xsl:variable name="line" select="$cells[@g = $me/@g]"/>
        <xsl:variable name="column" select="$cells[@k = $me/@k]"/>
        <c g="{@g}" k="{@k}" n="{@n}">
          <xsl:attribute name="s">
            <xsl:choose>
              <xsl:when test="@s = 1">1</xsl:when>
              <!-- the smallest visible cell of a line with one hidden cell -->
              <xsl:when test="count($line[@s = 1]) = 1
                              and not($line[@s = 0][number(@n) &lt; number($me/@n)])
                              and not(preceding-sibling::c[@g = $me/@g][@s = 0][@n = $me/@n])">1</xsl:when>
              <!-- the smallest visible cell of a column with one hidden cell -->
              <xsl:when test="$columns
                              and count($column[@s = 1]) = 1
                              and not($column[@s = 0][number(@n) &lt; number($me/@n)])
                              and not(preceding-sibling::c[@k = $me/@k][@s = 0][@n = $me/@n])">1</xsl:when>
              <xsl:otherwise>0</xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
        </c>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="next" select="exsl:node-set($next-rtf)/c"/>
    <xsl:choose>
      <xsl:when test="count($next[@s = 1]) = count($cells[@s = 1])">
        <xsl:copy-of select="$cells"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="fs-suppress">
          <xsl:with-param name="cells" select="$next"/>
          <xsl:with-param name="columns" select="$columns"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    fs-percent: n as a percentage of total, one decimal ("33.3"); empty
    when total is 0.  The caller prints "*" instead for a hidden cell.
  -->
  <xsl:template name="fs-percent">
    <xsl:param name="n"/>
    <xsl:param name="total"/>
    <xsl:if test="number($total) &gt; 0">
      <xsl:value-of select="format-number(number($n) * 100 div number($total), '0.0')"/>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================
       END shared block
       ================================================================ -->

  <!-- ================================================================
       Page skeleton
       ================================================================ -->

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="fs:FamilySurvey">
        <xsl:call-template name="page">
          <xsl:with-param name="surveys" select="fs:FamilySurvey"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <!-- a FamilySurveys collection (xsltproc only) -->
        <xsl:call-template name="page">
          <xsl:with-param name="surveys" select="fs:FamilySurveys/fs:FamilySurvey"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="page">
    <xsl:param name="surveys"/>
    <html lang="ja">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        
        <title>
          <xsl:text>利用者家族等アンケート 集計結果</xsl:text>
          <xsl:choose>
            <xsl:when test="count($surveys) = 1">
              <xsl:text> - </xsl:text>
              <xsl:value-of select="normalize-space($surveys/fs:site/fs:officeName)"/>
              <xsl:if test="$surveys/fs:fiscalYear">
                <xsl:text>(</xsl:text>
                <xsl:value-of select="$surveys/fs:fiscalYear"/>
                <xsl:text>年度)</xsl:text>
              </xsl:if>
            </xsl:when>
            <xsl:otherwise>
              <xsl:text>(</xsl:text>
              <xsl:value-of select="count($surveys)"/>
              <xsl:text>事業所)</xsl:text>
            </xsl:otherwise>
          </xsl:choose>
        </title>
        <style>
          <xsl:call-template name="css"/>
        </style>
      </head>
      <body>
        <main>
        <h1>利用者家族等アンケート 集計結果</h1>
        <xsl:call-template name="audience-banner"/>
        <xsl:if test="not($surveys)">
          <p>集計するアンケートがありません。</p>
        </xsl:if>
        <xsl:apply-templates select="$surveys"/>
        <xsl:call-template name="notes"/>
        <xsl:if test="$as-of != ''">
          <p class="as-of">
            <xsl:text>作成日: </xsl:text>
            <xsl:value-of select="$as-of"/>
            <xsl:call-template name="wareki-suffix">
              <xsl:with-param name="date" select="$as-of"/>
            </xsl:call-template>
          </p>
        </xsl:if>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="css">
    body { font-family: "Noto Sans CJK JP", "IPAexGothic", sans-serif;
           line-height: 1.6; margin: 1.5em; color: #000; background: #fff; }
    h1 { font-size: 1.5em; margin: 0 0 0.5em; }
    h2 { font-size: 1.3em; border-bottom: 2px solid #333; margin-top: 1.5em; }
    h3 { font-size: 1.05em; margin: 1.2em 0 0.3em; }
    table { border-collapse: collapse; margin: 0.3em 0 1em; }
    caption { text-align: left; font-weight: bold; padding: 0.2em 0; }
    th, td { border: 1px solid #555; padding: 0.2em 0.5em; vertical-align: top; }
    thead th, tfoot th, tfoot td { background: #eee; }
    th { text-align: left; font-weight: normal; }
    thead th { text-align: center; font-weight: bold; }
    td.num { text-align: right; white-space: nowrap; }
    td.sup { text-align: center; }
    .vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .scroll { overflow-x: auto; position: relative; }
    @media (max-width: 48em) { body { margin: .5em; overflow-wrap: anywhere; } }
    .banner { border: 2px solid #a00; padding: 0.4em 0.8em; font-weight: bold; }
    .caution { color: #a00; }
    .free li { margin-bottom: 0.3em; }
    .notes { font-size: 0.9em; }
    .as-of { font-size: 0.9em; text-align: right; }
    @page { size: A4; margin: 15mm; }
    @media print {
      body { margin: 0; font-size: 10pt; }
      .notes, .as-of { font-size: 9pt; }
      .scroll { overflow: visible; }
      thead { display: table-header-group; }
      caption, h2, h3 { break-after: avoid; page-break-after: avoid; }
      .survey + .survey { page-break-before: always; }
      .question, table { page-break-inside: avoid; }
      thead th, tfoot th, tfoot td { background: none; }
    }
  </xsl:template>

  <xsl:template name="audience-banner">
    <xsl:choose>
      <xsl:when test="$audience = 'municipality'">
        <p class="banner">市町村提出用: 自由記述の回答を含みます。個人が特定される記載があり得るため、公表しないでください。</p>
      </xsl:when>
      <xsl:otherwise>
        <p class="banner">公表用: 回答の集計のみを掲載しています(自由記述の回答は掲載していません)。</p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="notes">
    <div class="notes">
      <h2>注記</h2>
      <ul>
        <li>回答数は、その選択肢に○をつけた回答者(回収したアンケート用紙)の数です。無回答は、その設問に○が一つもなかった回答者の数です。</li>
        <li>割合は、各列の回答者数に対する百分率です(小数第2位を四捨五入)。複数回答の設問では、合計が100%を超えることがあります。</li>
        <li>
          <xsl:text>「*」は、回答数が</xsl:text>
          <xsl:value-of select="$fs-threshold"/>
          <xsl:text>件未満の欄と、合計からの差し引きでその値が分からないように併せて伏せた欄(二次秘匿)です。割合も伏せています。</xsl:text>
        </li>
        <li>ユニット別の列は、回答者が二つ以上のユニットに分かれる場合に、利用者が利用するユニットごとに集計したものです。</li>
        <xsl:if test="$audience != 'municipality'">
          <li>自由記述欄の記載は、個人が特定されるおそれがあるため公表していません。</li>
        </xsl:if>
      </ul>
    </div>
  </xsl:template>

  <!-- ================================================================
       One survey
       ================================================================ -->

  <xsl:template match="fs:FamilySurvey">
    <xsl:variable name="returned" select="count(fs:respondents/fs:respondent)"/>
    <div class="survey">
      <h2>
        <xsl:value-of select="normalize-space(fs:site/fs:officeName)"/>
        <xsl:if test="fs:fiscalYear">
          <xsl:text>(</xsl:text>
          <xsl:value-of select="fs:fiscalYear"/>
          <xsl:text>年度)</xsl:text>
        </xsl:if>
      </h2>

      <table class="overview">
        <caption>調査の概要</caption>
        <tbody>
          <xsl:call-template name="row">
            <xsl:with-param name="label">事業所番号</xsl:with-param>
            <xsl:with-param name="value" select="fs:site/fs:officeNumber"/>
          </xsl:call-template>
          <xsl:call-template name="row">
            <xsl:with-param name="label">事業所名</xsl:with-param>
            <xsl:with-param name="value" select="fs:site/fs:officeName"/>
          </xsl:call-template>
          <xsl:call-template name="row">
            <xsl:with-param name="label">法人名</xsl:with-param>
            <xsl:with-param name="value" select="fs:site/fs:corporationName"/>
          </xsl:call-template>
          <xsl:if test="fs:fiscalYear">
            <tr>
              <th scope="row">評価年度</th>
              <td>
                <xsl:call-template name="fiscal-year">
                  <xsl:with-param name="year" select="fs:fiscalYear"/>
                </xsl:call-template>
              </td>
            </tr>
          </xsl:if>
          <xsl:call-template name="row">
            <xsl:with-param name="label">実施した評価機関</xsl:with-param>
            <xsl:with-param name="value" select="fs:evaluationBodyName"/>
          </xsl:call-template>
          <xsl:call-template name="date-row">
            <xsl:with-param name="label">調査日</xsl:with-param>
            <xsl:with-param name="date" select="fs:surveyDate"/>
          </xsl:call-template>
          <xsl:call-template name="date-row">
            <xsl:with-param name="label">配布日</xsl:with-param>
            <xsl:with-param name="date" select="fs:distributedDate"/>
          </xsl:call-template>
          <xsl:call-template name="date-row">
            <xsl:with-param name="label">回収期限</xsl:with-param>
            <xsl:with-param name="date" select="fs:collectionDeadline"/>
          </xsl:call-template>
          <xsl:if test="fs:method">
            <tr>
              <th scope="row">配布・回収の方法</th>
              <td><xsl:apply-templates select="fs:method" mode="label"/></td>
            </tr>
          </xsl:if>
          <xsl:if test="fs:distributedBy">
            <tr>
              <th scope="row">配布者</th>
              <td><xsl:apply-templates select="fs:distributedBy" mode="label"/></td>
            </tr>
          </xsl:if>
          <xsl:if test="fs:collectedBy">
            <tr>
              <th scope="row">回収者</th>
              <td><xsl:apply-templates select="fs:collectedBy" mode="label"/></td>
            </tr>
          </xsl:if>
          <tr>
            <th scope="row">配布数</th>
            <td class="num">
              <xsl:choose>
                <xsl:when test="fs:distributedCount">
                  <xsl:value-of select="fs:distributedCount"/>
                  <xsl:text>件</xsl:text>
                </xsl:when>
                <xsl:otherwise>記載なし</xsl:otherwise>
              </xsl:choose>
            </td>
          </tr>
          <tr>
            <th scope="row">回収数</th>
            <td class="num"><xsl:value-of select="$returned"/>件</td>
          </tr>
          <tr>
            <th scope="row">回収率</th>
            <td class="num">
              <xsl:choose>
                <xsl:when test="number(fs:distributedCount) &gt; 0">
                  <xsl:value-of select="format-number($returned * 100 div number(fs:distributedCount), '0.0')"/>
                  <xsl:text>%</xsl:text>
                </xsl:when>
                <xsl:otherwise>—</xsl:otherwise>
              </xsl:choose>
            </td>
          </tr>
        </tbody>
      </table>

      <xsl:if test="fs:questionnaire/fs:title or fs:questionnaire/@form">
        <p class="form">
          <xsl:text>調査票: </xsl:text>
          <xsl:value-of select="normalize-space(fs:questionnaire/fs:title)"/>
          <xsl:if test="fs:questionnaire/@form">
            <xsl:text>(様式: </xsl:text>
            <xsl:value-of select="normalize-space(fs:questionnaire/@form)"/>
            <xsl:text>)</xsl:text>
          </xsl:if>
        </p>
      </xsl:if>

      <xsl:apply-templates select="fs:questionnaire/fs:question">
        <xsl:with-param name="survey" select="."/>
      </xsl:apply-templates>
    </div>
  </xsl:template>

  <!-- a label / value row of the overview table, left out when value is empty -->
  <xsl:template name="row">
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:if test="normalize-space($value) != ''">
      <tr>
        <th scope="row"><xsl:value-of select="$label"/></th>
        <td><xsl:value-of select="normalize-space($value)"/></td>
      </tr>
    </xsl:if>
  </xsl:template>

  <xsl:template name="date-row">
    <xsl:param name="label"/>
    <xsl:param name="date"/>
    <xsl:if test="string($date) != ''">
      <tr>
        <th scope="row"><xsl:value-of select="$label"/></th>
        <td>
          <xsl:value-of select="$date"/>
          <xsl:call-template name="wareki-suffix">
            <xsl:with-param name="date" select="string($date)"/>
          </xsl:call-template>
        </td>
      </tr>
    </xsl:if>
  </xsl:template>

  <!-- Japanese labels of the enumerations (from familysurvey.xsd) -->
  <xsl:template match="fs:method" mode="label">
    <xsl:choose>
      <xsl:when test=". = 'postal'">郵送</xsl:when>
      <xsl:when test=". = 'handed'">手渡し</xsl:when>
      <xsl:when test=". = 'online'">電子(ウェブフォーム・電子メール)</xsl:when>
      <xsl:when test=". = 'mixed'">併用</xsl:when>
      <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="fs:distributedBy | fs:collectedBy" mode="label">
    <xsl:choose>
      <xsl:when test=". = 'site'">事業所</xsl:when>
      <xsl:when test=". = 'evaluationBody'">評価機関</xsl:when>
      <xsl:when test=". = 'other'">その他(市町村等)</xsl:when>
      <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================
       One question: the table of counts, then free text
       ================================================================ -->

  <xsl:template match="fs:question">
    <xsl:param name="survey"/>
    <xsl:variable name="qid" select="string(@id)"/>
    <xsl:variable name="multiple" select="@multiple = 'true' or @multiple = '1'"/>
    <xsl:variable name="free-texts"
                  select="$survey/fs:respondents/fs:respondent/fs:answer[@questionId = $qid]/fs:freeText"/>
    <xsl:variable name="has-free-text" select="@freeText = 'true' or @freeText = '1' or $free-texts"/>

    <div class="question">
      <h3>
        <xsl:text>問</xsl:text>
        <xsl:value-of select="@number"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="normalize-space(fs:text)"/>
      </h3>

      <xsl:if test="fs:choice">
        <xsl:variable name="table-rtf">
          <xsl:call-template name="fs-table">
            <xsl:with-param name="survey" select="$survey"/>
            <xsl:with-param name="question" select="."/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:call-template name="count-table">
          <xsl:with-param name="question" select="."/>
          <xsl:with-param name="table" select="exsl:node-set($table-rtf)"/>
          <xsl:with-param name="multiple" select="$multiple"/>
        </xsl:call-template>
      </xsl:if>

      <xsl:if test="$has-free-text">
        <xsl:choose>
          <xsl:when test="$audience = 'municipality'">
            <xsl:call-template name="free-text">
              <xsl:with-param name="question" select="."/>
              <xsl:with-param name="texts" select="$free-texts"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <p class="free-note">自由記述欄の記載は、個人が特定されるおそれがあるため公表していません。</p>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:if>
    </div>
  </xsl:template>

  <!--
    count-table: choices down the side, groups across (全体, then units);
    each group has a 回答数 and a 割合 column.  $table is the fs-table
    result (g and c elements).
  -->
  <xsl:template name="count-table">
    <xsl:param name="question"/>
    <xsl:param name="table"/>
    <xsl:param name="multiple"/>
    <xsl:variable name="groups" select="$table/g"/>
    <xsl:variable name="cells" select="$table/c"/>
    <div class="scroll" tabindex="0" role="region">
      <xsl:attribute name="aria-label">
        <xsl:value-of select="concat('問', $question/@number, 'の回答数と割合（横にスクロールできます）')"/>
      </xsl:attribute>
      <table class="counts">
        <caption>
          <xsl:text>問</xsl:text>
          <xsl:value-of select="$question/@number"/>
          <xsl:text>の回答数と割合</xsl:text>
          <xsl:choose>
            <xsl:when test="$multiple">(複数回答)</xsl:when>
            <xsl:otherwise>(単一回答)</xsl:otherwise>
          </xsl:choose>
        </caption>
        <colgroup><col/></colgroup>
        <xsl:for-each select="$groups">
          <colgroup span="2"/>
        </xsl:for-each>
        <thead>
          <tr>
            <th scope="col" rowspan="2">選択肢</th>
            <xsl:for-each select="$groups">
              <th scope="colgroup" colspan="2"><xsl:value-of select="."/></th>
            </xsl:for-each>
          </tr>
          <tr>
            <xsl:for-each select="$groups">
              <th scope="col">回答数</th>
              <th scope="col">割合</th>
            </xsl:for-each>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="$question/fs:choice">
            <xsl:variable name="code" select="string(@code)"/>
            <tr>
              <th scope="row">
                <xsl:value-of select="@code"/>
                <xsl:text>. </xsl:text>
                <xsl:value-of select="normalize-space(.)"/>
              </th>
              <xsl:call-template name="count-cells">
                <xsl:with-param name="groups" select="$groups"/>
                <xsl:with-param name="cells" select="$cells[@k = $code]"/>
              </xsl:call-template>
            </tr>
          </xsl:for-each>
          <tr>
            <th scope="row">無回答</th>
            <xsl:call-template name="count-cells">
              <xsl:with-param name="groups" select="$groups"/>
              <xsl:with-param name="cells" select="$cells[@k = 'NA']"/>
            </xsl:call-template>
          </tr>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">回答者数</th>
            <xsl:for-each select="$groups">
              <td class="num"><xsl:value-of select="@n"/></td>
              <td class="num">
                <xsl:if test="not($multiple) and @n &gt; 0">100.0%</xsl:if>
              </td>
            </xsl:for-each>
          </tr>
        </tfoot>
      </table>
    </div>
  </xsl:template>

  <!-- the count and percentage cells of one choice, one pair per group -->
  <xsl:template name="count-cells">
    <xsl:param name="groups"/>
    <xsl:param name="cells"/>
    <xsl:for-each select="$groups">
      <xsl:variable name="gid" select="string(@id)"/>
      <xsl:variable name="cell" select="$cells[@g = $gid]"/>
      <xsl:choose>
        <xsl:when test="$cell/@s = 1">
          <td class="sup"><span aria-hidden="true">*</span><span class="vh">秘匿</span></td>
          <td class="sup"><span aria-hidden="true">*</span><span class="vh">秘匿</span></td>
        </xsl:when>
        <xsl:otherwise>
          <td class="num"><xsl:value-of select="$cell/@n"/></td>
          <td class="num">
            <xsl:variable name="pct">
              <xsl:call-template name="fs-percent">
                <xsl:with-param name="n" select="$cell/@n"/>
                <xsl:with-param name="total" select="@n"/>
              </xsl:call-template>
            </xsl:variable>
            <xsl:if test="string($pct) != ''">
              <xsl:value-of select="$pct"/>
              <xsl:text>%</xsl:text>
            </xsl:if>
          </td>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!--
    free-text: the free-text answers of a question, for audience
    'municipality' only (the caller checks).  In sheet order, without the
    respondent's id or unit.
  -->
  <xsl:template name="free-text">
    <xsl:param name="question"/>
    <xsl:param name="texts"/>
    <div class="free">
      <h4>
        <xsl:text>問</xsl:text>
        <xsl:value-of select="$question/@number"/>
        <xsl:text>の自由記述(</xsl:text>
        <xsl:value-of select="count($texts)"/>
        <xsl:text>件)</xsl:text>
      </h4>
      <p class="caution">個人名等が含まれることがあります。取扱いに注意してください。</p>
      <xsl:if test="$texts">
        <ul>
          <xsl:for-each select="$texts">
            <li>
              <xsl:call-template name="lines">
                <xsl:with-param name="text" select="string(.)"/>
              </xsl:call-template>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- text with its line breaks as <br> (leading/trailing white space dropped) -->
  <xsl:template name="lines">
    <xsl:param name="text"/>
    <xsl:variable name="t" select="translate($text, '&#13;', '')"/>
    <xsl:choose>
      <xsl:when test="contains($t, '&#10;')">
        <xsl:value-of select="normalize-space(substring-before($t, '&#10;'))"/>
        <br/>
        <xsl:call-template name="lines">
          <xsl:with-param name="text" select="substring-after($t, '&#10;')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="normalize-space($t)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================
       Dates: printed as in the source, with the 和暦 form added
       ================================================================ -->

  <!-- "2024年度(令和6年度)" -->
  <xsl:template name="fiscal-year">
    <xsl:param name="year"/>
    <xsl:variable name="y" select="number($year)"/>
    <xsl:value-of select="$year"/>
    <xsl:text>年度</xsl:text>
    <xsl:choose>
      <xsl:when test="$y &gt;= 2019">
        <xsl:text>(令和</xsl:text>
        <xsl:call-template name="era-year">
          <xsl:with-param name="n" select="$y - 2018"/>
        </xsl:call-template>
        <xsl:text>年度)</xsl:text>
      </xsl:when>
      <xsl:when test="$y &gt;= 1989">
        <xsl:text>(平成</xsl:text>
        <xsl:call-template name="era-year">
          <xsl:with-param name="n" select="$y - 1988"/>
        </xsl:call-template>
        <xsl:text>年度)</xsl:text>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- "(令和6年11月1日)" after a YYYY-MM-DD date; nothing before 昭和 -->
  <xsl:template name="wareki-suffix">
    <xsl:param name="date"/>
    <xsl:variable name="d" select="number(translate($date, '-', ''))"/>
    <xsl:variable name="y" select="number(substring($date, 1, 4))"/>
    <xsl:variable name="md">
      <xsl:value-of select="number(substring($date, 6, 2))"/>
      <xsl:text>月</xsl:text>
      <xsl:value-of select="number(substring($date, 9, 2))"/>
      <xsl:text>日)</xsl:text>
    </xsl:variable>
    <xsl:if test="string-length($date) = 10 and $d = $d">
      <xsl:choose>
        <xsl:when test="$d &gt;= 20190501">
          <xsl:text>(令和</xsl:text>
          <xsl:call-template name="era-year">
            <xsl:with-param name="n" select="$y - 2018"/>
          </xsl:call-template>
          <xsl:text>年</xsl:text>
          <xsl:value-of select="$md"/>
        </xsl:when>
        <xsl:when test="$d &gt;= 19890108">
          <xsl:text>(平成</xsl:text>
          <xsl:call-template name="era-year">
            <xsl:with-param name="n" select="$y - 1988"/>
          </xsl:call-template>
          <xsl:text>年</xsl:text>
          <xsl:value-of select="$md"/>
        </xsl:when>
        <xsl:when test="$d &gt;= 19261225">
          <xsl:text>(昭和</xsl:text>
          <xsl:call-template name="era-year">
            <xsl:with-param name="n" select="$y - 1925"/>
          </xsl:call-template>
          <xsl:text>年</xsl:text>
          <xsl:value-of select="$md"/>
        </xsl:when>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!-- the first year of an era is 元年 -->
  <xsl:template name="era-year">
    <xsl:param name="n"/>
    <xsl:choose>
      <xsl:when test="$n = 1">元</xsl:when>
      <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
