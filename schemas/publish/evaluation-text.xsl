<?xml version="1.0" encoding="UTF-8"?>
<!--
  schemas/publish/evaluation-text.xsl - EvaluationResult as plain text for
  e-mail and terminals (kaigo-publish, document type EvaluationResult, format
  text, kind "stream"; the contract is docs/publish.md).

  Each record starts with a line of "=" (the separator between records) and
  its title, then the blocks of 別紙4-1 and 4-2 in the order of the forms:

    【事業所概要】, 【事業所が特に力を入れている点・アピールしたい点】,
    【評価機関概要】 (evaluators and 選定番号 for municipality only),
    【運営推進会議を活用した評価の概要】 (route promotionMeeting; no names),
    【外部評価で確認した事業所の優れている点、工夫点】,
    【自己評価及び外部評価結果】 grouped by the sections Ⅰ〜Ⅳ, one entry per
      item: its numbers and title, the self-evaluation of each unit, the
      external evaluation and 次のステップに向けて期待したい内容,
    Ⅴ アウトカム項目, unit by unit, with the chosen choice,
    【目標達成計画】,
    【サービス評価の実施と活用状況】 (別紙4-3, municipality only).

  Labels are followed by ": " rather than aligned in columns (Japanese text
  is double width on terminals).  Free text keeps its line breaks; its
  continuation lines are indented like its first line.  Lines end with LF.
  Titles, sections and choices come from the record, else from the item table
  schemas/codes/evaluation-items.xml (as in evaluation-html.xsl).

  Parts: head and tail write nothing; record = one record; all (default) =
  every record of the collection (or the one record) - the same bytes as
  head + records + tail from kaigo-publish.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:ev="urn:kaigo:evaluation:1"
                xmlns:cl="urn:kaigo:codelist:1"
                exclude-result-prefixes="ev cl">

  <xsl:output method="text" encoding="UTF-8"/>
  <!-- <xsl:comment/> after each line end writes nothing (the text output
       method ignores comments), but it stops the lines from being merged into
       one ever-growing text node, which makes xsltproc quadratic in the
       output on a whole collection. -->
  <xsl:strip-space elements="*"/>

  <xsl:param name="part" select="'all'"/>
  <xsl:param name="audience" select="'public'"/>
  <xsl:param name="as-of" select="''"/>
  <xsl:param name="href" select="''"/>

  <xsl:variable name="internal" select="$audience = 'municipality'"/>
  <xsl:variable name="codes" select="document('../codes/evaluation-items.xml')/cl:codeList"/>
  <xsl:variable name="NL" select="'&#10;'"/>
  <xsl:variable name="rule-heavy"
                select="'========================================================================'"/>
  <xsl:variable name="rule-light"
                select="'------------------------------------------------------------------------'"/>

  <!-- ============================================================
       Parts: head and tail are empty.
       ============================================================ -->

  <xsl:template match="/">
    <xsl:if test="$part != 'head' and $part != 'tail'">
      <xsl:apply-templates select="ev:EvaluationResult | ev:EvaluationResults/ev:EvaluationResult"/>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================
       One record
       ============================================================ -->

  <xsl:template match="ev:EvaluationResult">
    <xsl:variable name="rec" select="."/>
    <xsl:variable name="tbl" select="$codes[not($rec/@itemTable) or @version = $rec/@itemTable]"/>
    <xsl:variable name="s" select="ev:siteOverview"/>

    <!-- title block; its first line separates the records -->
    <xsl:value-of select="concat($rule-heavy, $NL)"/>
    <xsl:value-of select="concat('自己評価及び外部評価結果  ', normalize-space($s/ev:officeName), $NL)"/>
    <xsl:text>事業所番号 </xsl:text>
    <xsl:value-of select="normalize-space($s/ev:officeNumber)"/>
    <xsl:text> / </xsl:text>
    <xsl:call-template name="fiscal-year">
      <xsl:with-param name="y" select="ev:fiscalYear"/>
    </xsl:call-template>
    <xsl:text> / </xsl:text>
    <xsl:call-template name="route-label">
      <xsl:with-param name="code" select="ev:route"/>
    </xsl:call-template>
    <xsl:value-of select="$NL"/><xsl:comment/>
    <xsl:if test="$internal">
      <xsl:value-of select="concat('(市町村用: 評価調査員の氏名等を含みます。このまま公表しないでください。)', $NL)"/>
    </xsl:if>
    <xsl:value-of select="concat($rule-heavy, $NL)"/>

    <!-- 【事業所概要】 -->
    <xsl:call-template name="heading">
      <xsl:with-param name="t" select="'【事業所概要】'"/>
    </xsl:call-template>
    <xsl:call-template name="kv">
      <xsl:with-param name="k" select="'事業所番号'"/>
      <xsl:with-param name="v" select="$s/ev:officeNumber"/>
    </xsl:call-template>
    <xsl:call-template name="kv">
      <xsl:with-param name="k" select="'法人名'"/>
      <xsl:with-param name="v" select="$s/ev:corporationName"/>
    </xsl:call-template>
    <xsl:call-template name="kv">
      <xsl:with-param name="k" select="'事業所名'"/>
      <xsl:with-param name="v" select="$s/ev:officeName"/>
    </xsl:call-template>
    <xsl:call-template name="kv">
      <xsl:with-param name="k" select="'所在地'"/>
      <xsl:with-param name="v">
        <xsl:if test="$s/ev:postalCode">
          <xsl:value-of select="concat('〒', normalize-space($s/ev:postalCode), ' ')"/>
        </xsl:if>
        <xsl:value-of select="normalize-space($s/ev:address)"/>
      </xsl:with-param>
    </xsl:call-template>
    <!-- the site's own number, public by nature -->
    <xsl:call-template name="kv">
      <xsl:with-param name="k" select="'電話番号'"/>
      <xsl:with-param name="v" select="$s/ev:phone"/>
    </xsl:call-template>
    <xsl:call-template name="kv">
      <xsl:with-param name="k" select="'サービスの種類'"/>
      <xsl:with-param name="v">
        <xsl:call-template name="service-type">
          <xsl:with-param name="code" select="$s/ev:serviceType"/>
          <xsl:with-param name="prevention" select="$s/ev:includesPrevention"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="kv">
      <xsl:with-param name="k" select="'ユニット'"/>
      <xsl:with-param name="v">
        <xsl:value-of select="count($s/ev:units/ev:unit)"/>
        <xsl:text>ユニット(</xsl:text>
        <xsl:for-each select="$s/ev:units/ev:unit">
          <xsl:if test="position() > 1">、</xsl:if>
          <xsl:value-of select="normalize-space(ev:name)"/>
          <xsl:if test="ev:capacity">
            <xsl:value-of select="concat(' 定員', ev:capacity, '人')"/>
          </xsl:if>
        </xsl:for-each>
        <xsl:text>)</xsl:text>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="kv">
      <xsl:with-param name="k" select="'評価の方法'"/>
      <xsl:with-param name="v">
        <xsl:call-template name="route-label">
          <xsl:with-param name="code" select="ev:route"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="kv-date">
      <xsl:with-param name="k" select="'自己評価作成日'"/>
      <xsl:with-param name="d" select="$s/ev:selfEvaluationDate"/>
    </xsl:call-template>
    <xsl:call-template name="kv-date">
      <xsl:with-param name="k" select="'評価結果市町村受理日'"/>
      <xsl:with-param name="d" select="$s/ev:municipalityReceiptDate"/>
    </xsl:call-template>
    <xsl:call-template name="kv">
      <xsl:with-param name="k" select="'基本情報リンク先URL'"/>
      <xsl:with-param name="v" select="$s/ev:basicInfoUrl"/>
    </xsl:call-template>
    <xsl:call-template name="kv-date">
      <xsl:with-param name="k" select="'作成日'"/>
      <xsl:with-param name="d" select="ev:createdDate"/>
    </xsl:call-template>

    <xsl:if test="ev:siteAppeal">
      <xsl:call-template name="heading">
        <xsl:with-param name="t" select="'【事業所が特に力を入れている点・アピールしたい点】'"/>
      </xsl:call-template>
      <xsl:call-template name="para">
        <xsl:with-param name="s" select="ev:siteAppeal"/>
        <xsl:with-param name="indent" select="'  '"/>
      </xsl:call-template>
    </xsl:if>

    <!-- 【評価機関概要】 -->
    <xsl:for-each select="ev:evaluationBody">
      <xsl:call-template name="heading">
        <xsl:with-param name="t" select="'【評価機関概要】'"/>
      </xsl:call-template>
      <xsl:call-template name="kv">
        <xsl:with-param name="k" select="'評価機関名'"/>
        <xsl:with-param name="v" select="ev:name"/>
      </xsl:call-template>
      <xsl:call-template name="kv">
        <xsl:with-param name="k" select="'所在地'"/>
        <xsl:with-param name="v" select="ev:address"/>
      </xsl:call-template>
      <xsl:call-template name="kv-date">
        <xsl:with-param name="k" select="'訪問調査日'"/>
        <xsl:with-param name="d" select="ev:visitDate"/>
      </xsl:call-template>
      <xsl:if test="$internal">
        <xsl:call-template name="kv">
          <xsl:with-param name="k" select="'選定番号'"/>
          <xsl:with-param name="v" select="ev:registrationNumber"/>
        </xsl:call-template>
        <xsl:if test="ev:evaluators/ev:evaluator">
          <xsl:call-template name="kv">
            <xsl:with-param name="k" select="'評価調査員'"/>
            <xsl:with-param name="v">
              <xsl:for-each select="ev:evaluators/ev:evaluator">
                <xsl:if test="position() > 1">、</xsl:if>
                <xsl:value-of select="normalize-space(.)"/>
                <xsl:if test="@lead = 'true' or @lead = '1'">(主任)</xsl:if>
              </xsl:for-each>
            </xsl:with-param>
          </xsl:call-template>
        </xsl:if>
      </xsl:if>
    </xsl:for-each>

    <!-- 【運営推進会議を活用した評価の概要】: categories, never names -->
    <xsl:if test="ev:route = 'promotionMeeting'">
      <xsl:call-template name="heading">
        <xsl:with-param name="t" select="'【運営推進会議を活用した評価の概要】'"/>
      </xsl:call-template>
      <xsl:value-of select="concat('  (外部評価の欄には運営推進会議での意見を記載)', $NL)"/>
      <xsl:variable name="m"
                    select="ev:promotionMeetings/ev:meeting[@evaluationMeeting = 'true' or @evaluationMeeting = '1']"/>
      <xsl:if test="not($m)">
        <xsl:value-of select="concat('  評価を行った会議の記録がありません。', $NL)"/>
      </xsl:if>
      <xsl:for-each select="$m">
        <xsl:call-template name="kv">
          <xsl:with-param name="k" select="'評価を行った会議'"/>
          <xsl:with-param name="v">
            <xsl:if test="@sequence">
              <xsl:value-of select="concat('第', @sequence, '回 ')"/>
            </xsl:if>
            <xsl:call-template name="date">
              <xsl:with-param name="d" select="ev:date"/>
            </xsl:call-template>
            <xsl:if test="@inWriting = 'true' or @inWriting = '1'">(書面開催)</xsl:if>
            <xsl:if test="ev:place">
              <xsl:value-of select="concat(' ', normalize-space(ev:place))"/>
            </xsl:if>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="kv">
          <xsl:with-param name="k" select="'出席者'"/>
          <xsl:with-param name="v">
            <xsl:call-template name="attendees"/>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:for-each>
    </xsl:if>

    <xsl:if test="ev:bodyFindings">
      <xsl:call-template name="heading">
        <xsl:with-param name="t" select="'【外部評価で確認した事業所の優れている点、工夫点】'"/>
      </xsl:call-template>
      <xsl:call-template name="para">
        <xsl:with-param name="s" select="ev:bodyFindings"/>
        <xsl:with-param name="indent" select="'  '"/>
      </xsl:call-template>
    </xsl:if>

    <xsl:call-template name="items">
      <xsl:with-param name="rec" select="$rec"/>
      <xsl:with-param name="tbl" select="$tbl"/>
    </xsl:call-template>

    <xsl:call-template name="outcomes">
      <xsl:with-param name="rec" select="$rec"/>
      <xsl:with-param name="tbl" select="$tbl"/>
    </xsl:call-template>

    <xsl:apply-templates select="ev:goalAchievementPlan"/>

    <xsl:if test="$internal">
      <xsl:apply-templates select="ev:implementationReview">
        <xsl:with-param name="tbl" select="$tbl"/>
      </xsl:apply-templates>
    </xsl:if>

    <xsl:value-of select="$NL"/><xsl:comment/>
  </xsl:template>

  <!-- ============================================================
       【自己評価及び外部評価結果】 Ⅰ〜Ⅳ
       ============================================================ -->

  <xsl:template name="items">
    <xsl:param name="rec"/>
    <xsl:param name="tbl"/>
    <xsl:variable name="selfNums"
                  select="$rec/ev:selfEvaluation/ev:unitEvaluation/ev:item[not(@number = ../preceding-sibling::ev:unitEvaluation/ev:item/@number)]"/>
    <xsl:call-template name="heading">
      <xsl:with-param name="t" select="'【自己評価及び外部評価結果】'"/>
    </xsl:call-template>
    <xsl:if test="not($rec/ev:externalEvaluation)">
      <xsl:value-of select="concat('  (外部評価の欄なし: 自己評価のみ)', $NL)"/>
    </xsl:if>

    <xsl:for-each select="$tbl/cl:sections/cl:section">
      <xsl:variable name="sid" select="@id"/>
      <xsl:variable name="inSec"
                    select="$selfNums[@number = $tbl/cl:items/cl:item[@section = $sid]/@selfNumber]"/>
      <xsl:if test="$inSec">
        <xsl:value-of select="concat($NL, '■ ', @numeral, ' ', cl:title, $NL)"/>
        <xsl:for-each select="$inSec">
          <xsl:sort select="@number" data-type="number"/>
          <xsl:call-template name="item">
            <xsl:with-param name="rec" select="$rec"/>
            <xsl:with-param name="tbl" select="$tbl"/>
            <xsl:with-param name="n" select="string(@number)"/>
          </xsl:call-template>
        </xsl:for-each>
      </xsl:if>
    </xsl:for-each>

    <xsl:variable name="unsectioned"
                  select="$selfNums[not(@number = $tbl/cl:items/cl:item/@selfNumber)]"/>
    <xsl:if test="$unsectioned">
      <xsl:choose>
        <xsl:when test="$tbl">
          <xsl:value-of select="concat($NL, '■ 評価項目表にない項目', $NL)"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="concat($NL, '■ 評価項目', $NL)"/>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:for-each select="$unsectioned">
        <xsl:sort select="@number" data-type="number"/>
        <xsl:call-template name="item">
          <xsl:with-param name="rec" select="$rec"/>
          <xsl:with-param name="tbl" select="$tbl"/>
          <xsl:with-param name="n" select="string(@number)"/>
        </xsl:call-template>
      </xsl:for-each>
    </xsl:if>

    <!-- external items that match no self item of the record -->
    <xsl:variable name="extOnly"
                  select="$rec/ev:externalEvaluation/ev:item[not(@selfNumber = $selfNums/@number) and not(not(@selfNumber) and @number = $tbl/cl:items/cl:item[@selfNumber = $selfNums/@number]/@externalNumber)]"/>
    <xsl:if test="$extOnly">
      <xsl:value-of select="concat($NL, '■ 外部評価のみの項目', $NL)"/>
      <xsl:for-each select="$extOnly">
        <xsl:sort select="@number" data-type="number"/>
        <xsl:variable name="n" select="string(@number)"/>
        <xsl:value-of select="$NL"/><xsl:comment/>
        <xsl:text>[外部評価 </xsl:text>
        <xsl:value-of select="$n"/>
        <xsl:text>] </xsl:text>
        <xsl:choose>
          <xsl:when test="ev:title"><xsl:value-of select="normalize-space(ev:title)"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$tbl/cl:items/cl:item[@externalNumber = $n]/cl:title"/></xsl:otherwise>
        </xsl:choose>
        <xsl:value-of select="$NL"/><xsl:comment/>
        <xsl:call-template name="external">
          <xsl:with-param name="ext" select="."/>
        </xsl:call-template>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- One item: numbers and title, each unit's self-evaluation, the
       external evaluation. -->
  <xsl:template name="item">
    <xsl:param name="rec"/>
    <xsl:param name="tbl"/>
    <xsl:param name="n"/>
    <xsl:variable name="code" select="$tbl/cl:items/cl:item[@selfNumber = $n]"/>
    <xsl:variable name="extItems" select="$rec/ev:externalEvaluation/ev:item"/>
    <xsl:variable name="ext"
                  select="($extItems[@selfNumber = $n] | $extItems[not(@selfNumber)][@number = $code/@externalNumber])[1]"/>
    <xsl:variable name="extNo">
      <xsl:choose>
        <xsl:when test="$ext"><xsl:value-of select="$ext/@number"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$code/@externalNumber"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="own"
                  select="($rec/ev:selfEvaluation/ev:unitEvaluation/ev:item[@number = $n]/ev:title | $ext/ev:title)[1]"/>

    <xsl:value-of select="$NL"/><xsl:comment/>
    <xsl:value-of select="concat('[自己評価 ', $n)"/>
    <xsl:if test="string($extNo) != ''">
      <xsl:value-of select="concat(' / 外部評価 ', $extNo)"/>
    </xsl:if>
    <xsl:text>] </xsl:text>
    <xsl:choose>
      <xsl:when test="$own"><xsl:value-of select="normalize-space($own)"/></xsl:when>
      <xsl:when test="$code/cl:title"><xsl:value-of select="$code/cl:title"/></xsl:when>
      <xsl:otherwise>(項目名なし)</xsl:otherwise>
    </xsl:choose>
    <xsl:value-of select="$NL"/><xsl:comment/>
    <xsl:if test="$code/cl:description">
      <xsl:value-of select="concat('  ', normalize-space($code/cl:description), $NL)"/>
    </xsl:if>

    <!-- each unit, in the order of the units -->
    <xsl:for-each select="$rec/ev:siteOverview/ev:units/ev:unit">
      <xsl:variable name="practice"
                    select="$rec/ev:selfEvaluation/ev:unitEvaluation[@unitRef = current()/@id]/ev:item[@number = $n]/ev:practice"/>
      <xsl:text>  自己評価 実践状況</xsl:text>
      <xsl:if test="count($rec/ev:siteOverview/ev:units/ev:unit) > 1">
        <xsl:value-of select="concat('(', normalize-space(ev:name), ')')"/>
      </xsl:if>
      <xsl:value-of select="concat(':', $NL)"/>
      <xsl:choose>
        <xsl:when test="$practice">
          <xsl:call-template name="para">
            <xsl:with-param name="s" select="$practice"/>
            <xsl:with-param name="indent" select="'    '"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="concat('    (記載なし)', $NL)"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>

    <xsl:choose>
      <xsl:when test="$ext">
        <xsl:call-template name="external">
          <xsl:with-param name="ext" select="$ext"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$code/@externalNumber">
        <xsl:value-of select="concat('  外部評価 実践状況:', $NL, '    (記載なし)', $NL)"/>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="external">
    <xsl:param name="ext"/>
    <xsl:value-of select="concat('  外部評価 実践状況:', $NL)"/>
    <xsl:call-template name="para">
      <xsl:with-param name="s" select="$ext/ev:practice"/>
      <xsl:with-param name="indent" select="'    '"/>
    </xsl:call-template>
    <xsl:if test="$internal and $ext/@appropriate">
      <xsl:text>    [実践状況の判断: </xsl:text>
      <xsl:choose>
        <xsl:when test="$ext/@appropriate = 'true' or $ext/@appropriate = '1'">適切</xsl:when>
        <xsl:otherwise>適切でない</xsl:otherwise>
      </xsl:choose>
      <xsl:value-of select="concat(']', $NL)"/>
    </xsl:if>
    <xsl:if test="$ext/ev:nextStep">
      <xsl:value-of select="concat('  次のステップに向けて期待したい内容:', $NL)"/>
      <xsl:call-template name="para">
        <xsl:with-param name="s" select="$ext/ev:nextStep"/>
        <xsl:with-param name="indent" select="'    '"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================
       Ⅴ アウトカム項目, unit by unit
       ============================================================ -->

  <xsl:template name="outcomes">
    <xsl:param name="rec"/>
    <xsl:param name="tbl"/>
    <xsl:if test="$rec/ev:selfEvaluation/ev:unitEvaluation/ev:outcome">
      <xsl:variable name="sec"
                    select="$tbl/cl:sections/cl:section[@id = $tbl/cl:outcomeItems/cl:outcome/@section][1]"/>
      <xsl:value-of select="$NL"/><xsl:comment/>
      <xsl:choose>
        <xsl:when test="$sec">
          <xsl:value-of select="concat('■ ', $sec/@numeral, ' ', $sec/cl:title)"/>
        </xsl:when>
        <xsl:otherwise>■ Ⅴ アウトカム項目</xsl:otherwise>
      </xsl:choose>
      <xsl:value-of select="concat('(取り組みの成果: ○印の選択肢)', $NL)"/>
      <xsl:for-each select="$rec/ev:siteOverview/ev:units/ev:unit">
        <xsl:variable name="ue" select="$rec/ev:selfEvaluation/ev:unitEvaluation[@unitRef = current()/@id]"/>
        <xsl:if test="$ue/ev:outcome">
          <xsl:value-of select="concat($NL, '  ユニット: ', normalize-space(ev:name), $NL)"/>
          <xsl:for-each select="$ue/ev:outcome">
            <xsl:sort select="@number" data-type="number"/>
            <xsl:variable name="oc" select="$tbl/cl:outcomeItems/cl:outcome[@number = current()/@number]"/>
            <xsl:variable name="chosen" select="normalize-space(ev:choice)"/>
            <xsl:value-of select="concat('  ', @number, ' ')"/>
            <xsl:choose>
              <xsl:when test="$oc/cl:title"><xsl:value-of select="$oc/cl:title"/></xsl:when>
              <xsl:otherwise>(項目名なし)</xsl:otherwise>
            </xsl:choose>
            <xsl:value-of select="concat($NL, '     ○ ', $chosen, ' ')"/>
            <xsl:choose>
              <xsl:when test="ev:choiceText"><xsl:value-of select="normalize-space(ev:choiceText)"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$oc/cl:choice[@code = $chosen]"/></xsl:otherwise>
            </xsl:choose>
            <xsl:value-of select="$NL"/><xsl:comment/>
          </xsl:for-each>
        </xsl:if>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================
       別紙4-2 目標達成計画
       ============================================================ -->

  <xsl:template match="ev:goalAchievementPlan">
    <xsl:call-template name="heading">
      <xsl:with-param name="t" select="'【目標達成計画】'"/>
    </xsl:call-template>
    <xsl:call-template name="kv-date">
      <xsl:with-param name="k" select="'作成日'"/>
      <xsl:with-param name="d" select="ev:createdDate"/>
    </xsl:call-template>
    <xsl:for-each select="ev:goal">
      <xsl:sort select="@priority" data-type="number"/>
      <xsl:value-of select="concat($NL, '  優先順位 ', @priority)"/>
      <xsl:if test="ev:itemNumber">
        <xsl:text>(項目番号 </xsl:text>
        <xsl:for-each select="ev:itemNumber">
          <xsl:if test="position() > 1">、</xsl:if>
          <xsl:value-of select="normalize-space(.)"/>
        </xsl:for-each>
        <xsl:text>)</xsl:text>
      </xsl:if>
      <xsl:value-of select="$NL"/><xsl:comment/>
      <xsl:value-of select="concat('    現状における問題点、課題:', $NL)"/>
      <xsl:call-template name="para">
        <xsl:with-param name="s" select="ev:problem"/>
        <xsl:with-param name="indent" select="'      '"/>
      </xsl:call-template>
      <xsl:value-of select="concat('    目標:', $NL)"/>
      <xsl:call-template name="para">
        <xsl:with-param name="s" select="ev:target"/>
        <xsl:with-param name="indent" select="'      '"/>
      </xsl:call-template>
      <xsl:value-of select="concat('    目標達成に向けた具体的な取り組み内容:', $NL)"/>
      <xsl:call-template name="para">
        <xsl:with-param name="s" select="ev:actions"/>
        <xsl:with-param name="indent" select="'      '"/>
      </xsl:call-template>
      <xsl:value-of select="concat('    目標達成に要する期間: ', normalize-space(ev:period), $NL)"/>
    </xsl:for-each>
    <xsl:value-of select="concat('  (項目番号は自己評価の項目番号)', $NL)"/>
  </xsl:template>

  <!-- ============================================================
       別紙4-3 サービス評価の実施と活用状況 (municipality only)
       ============================================================ -->

  <xsl:template match="ev:implementationReview">
    <xsl:param name="tbl"/>
    <xsl:call-template name="heading">
      <xsl:with-param name="t" select="'【サービス評価の実施と活用状況】'"/>
    </xsl:call-template>
    <xsl:call-template name="kv-date">
      <xsl:with-param name="k" select="'作成日'"/>
      <xsl:with-param name="d" select="ev:createdDate"/>
    </xsl:call-template>
    <xsl:for-each select="ev:step">
      <xsl:sort select="@number" data-type="number"/>
      <xsl:variable name="cs" select="$tbl/cl:reviewSteps/cl:step[@number = current()/@number]"/>
      <xsl:value-of select="concat($NL, '  ', @number, ' ')"/>
      <xsl:choose>
        <xsl:when test="ev:title"><xsl:value-of select="normalize-space(ev:title)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$cs/cl:title"/></xsl:otherwise>
      </xsl:choose>
      <xsl:value-of select="$NL"/><xsl:comment/>
      <xsl:for-each select="ev:check">
        <xsl:choose>
          <xsl:when test="@checked = 'true' or @checked = '1'">    [x] </xsl:when>
          <xsl:otherwise>    [ ] </xsl:otherwise>
        </xsl:choose>
        <xsl:choose>
          <xsl:when test="normalize-space(.) != ''"><xsl:value-of select="normalize-space(.)"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$cs/cl:check[@code = current()/@code]"/></xsl:otherwise>
        </xsl:choose>
        <xsl:value-of select="$NL"/><xsl:comment/>
      </xsl:for-each>
      <xsl:if test="ev:other">
        <xsl:value-of select="concat('    その他:', $NL)"/>
        <xsl:call-template name="para">
          <xsl:with-param name="s" select="ev:other"/>
          <xsl:with-param name="indent" select="'      '"/>
        </xsl:call-template>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- ============================================================
       Layout helpers
       ============================================================ -->

  <!-- a block heading preceded by a blank line -->
  <xsl:template name="heading">
    <xsl:param name="t"/>
    <xsl:value-of select="concat($NL, $t, $NL)"/>
  </xsl:template>

  <!-- "  label: value" (nothing when the value is empty) -->
  <xsl:template name="kv">
    <xsl:param name="k"/>
    <xsl:param name="v"/>
    <xsl:if test="normalize-space($v) != ''">
      <xsl:value-of select="concat('  ', $k, ': ', normalize-space($v), $NL)"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="kv-date">
    <xsl:param name="k"/>
    <xsl:param name="d"/>
    <xsl:if test="normalize-space($d) != ''">
      <xsl:call-template name="kv">
        <xsl:with-param name="k" select="$k"/>
        <xsl:with-param name="v">
          <xsl:call-template name="date">
            <xsl:with-param name="d" select="$d"/>
          </xsl:call-template>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- Free text, trimmed; every line (also after a line break inside) starts
       with indent; ends with a line break. -->
  <xsl:template name="para">
    <xsl:param name="s"/>
    <xsl:param name="indent"/>
    <xsl:variable name="str" select="string($s)"/>
    <xsl:variable name="first" select="substring(normalize-space($str), 1, 1)"/>
    <xsl:if test="$first != ''">
      <xsl:variable name="trimmed">
        <xsl:call-template name="trim-end">
          <xsl:with-param name="s" select="concat($first, substring-after($str, $first))"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:value-of select="$indent"/>
      <xsl:call-template name="indent-lines">
        <xsl:with-param name="s" select="string($trimmed)"/>
        <xsl:with-param name="indent" select="$indent"/>
      </xsl:call-template>
      <xsl:value-of select="$NL"/><xsl:comment/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="indent-lines">
    <xsl:param name="s"/>
    <xsl:param name="indent"/>
    <xsl:choose>
      <xsl:when test="contains($s, '&#10;')">
        <xsl:value-of select="concat(substring-before($s, '&#10;'), $NL, $indent)"/>
        <xsl:call-template name="indent-lines">
          <xsl:with-param name="s" select="substring-after($s, '&#10;')"/>
          <xsl:with-param name="indent" select="$indent"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
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

  <!-- Attendees of a meeting (context: ev:meeting): category, affiliation,
       count - never names. -->
  <xsl:template name="attendees">
    <xsl:for-each select="ev:attendee">
      <xsl:if test="position() > 1">、</xsl:if>
      <xsl:call-template name="attendee-category">
        <xsl:with-param name="code" select="@category"/>
      </xsl:call-template>
      <xsl:if test="ev:affiliation">
        <xsl:value-of select="concat('(', normalize-space(ev:affiliation), ')')"/>
      </xsl:if>
      <xsl:text> </xsl:text>
      <xsl:choose>
        <xsl:when test="@count"><xsl:value-of select="@count"/></xsl:when>
        <xsl:otherwise>1</xsl:otherwise>
      </xsl:choose>
      <xsl:text>人</xsl:text>
    </xsl:for-each>
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

  <xsl:template name="route-label">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'externalBody'">外部評価(評価機関による評価)</xsl:when>
      <xsl:when test="$code = 'promotionMeeting'">運営推進会議を活用した評価</xsl:when>
      <xsl:otherwise><xsl:value-of select="normalize-space($code)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="service-type">
    <xsl:param name="code"/>
    <xsl:param name="prevention"/>
    <xsl:variable name="name">
      <xsl:choose>
        <xsl:when test="$code = 'dementiaGroupHome'">認知症対応型共同生活介護</xsl:when>
        <xsl:when test="$code = 'smallMultifunctional'">小規模多機能型居宅介護</xsl:when>
        <xsl:otherwise><xsl:value-of select="normalize-space($code)"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:value-of select="$name"/>
    <xsl:if test="normalize-space($prevention) = 'true' or normalize-space($prevention) = '1'">
      <xsl:value-of select="concat('・介護予防', $name)"/>
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

  <!-- a fiscal year takes the era of its 1 April -->
  <xsl:template name="fiscal-year">
    <xsl:param name="y"/>
    <xsl:variable name="n" select="number(normalize-space($y))"/>
    <xsl:value-of select="concat(normalize-space($y), '年度')"/>
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
