<?xml version="1.0" encoding="UTF-8"?>
<!--
  schemas/publish/familysurvey-csv.xsl - FamilySurvey (urn:kaigo:familysurvey:1)
  as open data: the aggregated answers of the 利用者家族等アンケート.

  Output kind "stream" (docs/publish.md):
    part='head'    the header row (applied to an empty FamilySurveys element)
    part='record'  the rows of one FamilySurvey (the record is the document
                   element)
    part='tail'    nothing
    part='all'     (default; xsltproc on a FamilySurveys collection or on one
                   FamilySurvey) head, the rows of every record, tail: the
                   same bytes as kaigo-publish.

  One row per site x question x choice, in questionnaire order, plus one
  row 「無回答」 per question (empty 選択肢コード): respondents who marked no
  choice.  Questions without choices (free text only) have no rows.  Only
  the 全体 (all respondents) counts are written; the page
  (familysurvey-html.xsl) adds the unit breakdown.

  Columns:
    事業所番号, 事業所名  site/officeNumber, site/officeName
    年度                  fiscalYear (empty when absent)
    設問番号, 設問        question/@number, question/text (white space
                          collapsed)
    選択肢コード, 選択肢  choice/@code and its text
    回答数                respondents who marked the choice, or "*"
    割合                  回答数 as a percentage of the respondents of the
                          survey (returned sheets), one decimal, no "%"
                          sign; "*" when 回答数 is suppressed

  Suppression is the page's, cell for cell (shared block below): a count
  below min-count, and the cells hidden so that it cannot be recovered from
  the totals, including those hidden because of the unit breakdown, which
  this file does not print but the page does.  Free text is never written,
  for any audience (it may name people).

  CSV conventions: UTF-8, every field in double quotes with " doubled, CRLF
  line ends, a header row.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:fs="urn:kaigo:familysurvey:1"
                xmlns:exsl="http://exslt.org/common"
                exclude-result-prefixes="fs exsl">

  <xsl:output method="text" encoding="UTF-8"/>
  <!-- <xsl:comment/> after each row writes nothing (the text output method
       ignores comments), but it stops the row's text from being merged into
       one ever-growing text node: xsltproc on a whole 100 MiB collection
       would otherwise spend hours in strlen (quadratic in the output). -->

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
       Stream parts
       ================================================================ -->

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="$part = 'head'">
        <xsl:call-template name="head"/>
      </xsl:when>
      <xsl:when test="$part = 'record'">
        <xsl:apply-templates select="fs:FamilySurvey | fs:FamilySurveys/fs:FamilySurvey"/>
      </xsl:when>
      <xsl:when test="$part = 'tail'"/>
      <xsl:otherwise>
        <!-- 'all': head, every record, tail (empty) -->
        <xsl:call-template name="head"/>
        <xsl:apply-templates select="fs:FamilySurvey | fs:FamilySurveys/fs:FamilySurvey"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="head">
    <xsl:call-template name="field"><xsl:with-param name="value">事業所番号</xsl:with-param></xsl:call-template>
    <xsl:call-template name="field"><xsl:with-param name="value">事業所名</xsl:with-param></xsl:call-template>
    <xsl:call-template name="field"><xsl:with-param name="value">年度</xsl:with-param></xsl:call-template>
    <xsl:call-template name="field"><xsl:with-param name="value">設問番号</xsl:with-param></xsl:call-template>
    <xsl:call-template name="field"><xsl:with-param name="value">設問</xsl:with-param></xsl:call-template>
    <xsl:call-template name="field"><xsl:with-param name="value">選択肢コード</xsl:with-param></xsl:call-template>
    <xsl:call-template name="field"><xsl:with-param name="value">選択肢</xsl:with-param></xsl:call-template>
    <xsl:call-template name="field"><xsl:with-param name="value">回答数</xsl:with-param></xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value">割合</xsl:with-param>
      <xsl:with-param name="last" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ================================================================
       One record: its rows
       ================================================================ -->

  <xsl:template match="fs:FamilySurvey">
    <xsl:variable name="survey" select="."/>
    <xsl:for-each select="fs:questionnaire/fs:question[fs:choice]">
      <xsl:variable name="question" select="."/>
      <xsl:variable name="table-rtf">
        <xsl:call-template name="fs-table">
          <xsl:with-param name="survey" select="$survey"/>
          <xsl:with-param name="question" select="$question"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:variable name="table" select="exsl:node-set($table-rtf)"/>
      <xsl:variable name="total" select="$table/g[@id = 'all']/@n"/>
      <xsl:variable name="cells" select="$table/c[@g = 'all']"/>
      <xsl:for-each select="fs:choice">
        <!-- fs-table writes the cells in choice order, then NA -->
        <xsl:variable name="pos" select="position()"/>
        <xsl:call-template name="row">
          <xsl:with-param name="survey" select="$survey"/>
          <xsl:with-param name="question" select="$question"/>
          <xsl:with-param name="code" select="string(@code)"/>
          <xsl:with-param name="label" select="normalize-space(.)"/>
          <xsl:with-param name="cell" select="$cells[$pos]"/>
          <xsl:with-param name="total" select="$total"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:call-template name="row">
        <xsl:with-param name="survey" select="$survey"/>
        <xsl:with-param name="question" select="$question"/>
        <xsl:with-param name="code" select="''"/>
        <xsl:with-param name="label" select="'無回答'"/>
        <xsl:with-param name="cell" select="$cells[@k = 'NA']"/>
        <xsl:with-param name="total" select="$total"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="row">
    <xsl:param name="survey"/>
    <xsl:param name="question"/>
    <xsl:param name="code"/>
    <xsl:param name="label"/>
    <xsl:param name="cell"/>
    <xsl:param name="total"/>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="normalize-space($survey/fs:site/fs:officeNumber)"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="normalize-space($survey/fs:site/fs:officeName)"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="normalize-space($survey/fs:fiscalYear)"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="string($question/@number)"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="normalize-space($question/fs:text)"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="$code"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="$label"/>
    </xsl:call-template>
    <xsl:choose>
      <xsl:when test="$cell/@s = 1">
        <xsl:call-template name="field">
          <xsl:with-param name="value" select="'*'"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="value" select="'*'"/>
          <xsl:with-param name="last" select="true()"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="field">
          <xsl:with-param name="value" select="string($cell/@n)"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="value">
            <xsl:call-template name="fs-percent">
              <xsl:with-param name="n" select="$cell/@n"/>
              <xsl:with-param name="total" select="$total"/>
            </xsl:call-template>
          </xsl:with-param>
          <xsl:with-param name="last" select="true()"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================
       CSV fields
       ================================================================ -->

  <!-- one field: quoted, " doubled; then "," or, for the last, CRLF -->
  <xsl:template name="field">
    <xsl:param name="value"/>
    <xsl:param name="last" select="false()"/>
    <xsl:text>"</xsl:text>
    <xsl:call-template name="double-quotes">
      <xsl:with-param name="text" select="string($value)"/>
    </xsl:call-template>
    <xsl:text>"</xsl:text>
    <xsl:choose>
      <xsl:when test="$last"><xsl:text>&#13;&#10;</xsl:text><xsl:comment/></xsl:when>
      <xsl:otherwise><xsl:text>,</xsl:text></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="double-quotes">
    <xsl:param name="text"/>
    <xsl:choose>
      <xsl:when test="contains($text, '&quot;')">
        <xsl:value-of select="substring-before($text, '&quot;')"/>
        <xsl:text>""</xsl:text>
        <xsl:call-template name="double-quotes">
          <xsl:with-param name="text" select="substring-after($text, '&quot;')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$text"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
