<?xml version="1.0" encoding="UTF-8"?>
<!--
  schemas/publish/evaluationbody-csv.xsl - EvaluationBody
  (urn:kaigo:evaluationbody:1) as open data: the register of evaluation
  bodies a prefecture publishes, one row per body, with the public columns
  of the page (evaluationbody-html.xsl).

  Output kind "stream" (docs/publish.md):
    part='head'    the header row (applied to an empty EvaluationBodies)
    part='record'  the row of one EvaluationBody (the document element)
    part='tail'    nothing
    part='all'     (default; xsltproc on an EvaluationBodies collection or
                   on one EvaluationBody) head, every record, tail: the same
                   bytes as kaigo-publish.

  Columns (empty when the source has no value):
    都道府県コード, 都道府県      prefecture/@code, prefecture
    選定番号                      registrationNumber
    評価機関名, フリガナ          name, nameKana
    法人名, 法人の種類, 法人番号  corporation/name, kind, corporateNumber
    代表者役職                    the title in corporation/representative,
                                  when it is a corporate role (never the name)
    郵便番号, 所在地              postalCode, address
    電話番号, FAX番号, 電子メール, ホームページ
                                  contact/phone, fax, email, website (the
                                  body's business contact; contact/person
                                  is left out)
    外部評価実施要領              regulations/guidelinesUrl
    対応地域                      serviceArea
    評価手数料                    every fee/rate as
                                  "covers[units]: 66000円(税込)", joined
                                  with " / " (units only when covers does
                                  not already say them)
    別途費用, 算定根拠            fee/extraCharges, fee/basis
    申込金, 申込金の支払期限日数, 申込金の返還
                                  instalments/depositAmount (円),
                                  depositDueDays, depositRefundable
                                  ("あり"/"なし")
    残金の支払期限日数, 支払方法  instalments/balanceDueDays, paymentMethod
    評価調査員数                  evaluatorCount (no names)
    選定日, 事業所への通知日, 公表日
                                  designation/designatedDate, noticeDate,
                                  publishedDate
    状況, 状況コード, 状況の日付  the status on as-of (shared block):
                                  label, code, and the end / revocation /
                                  designation date it refers to
    評価実施件数                  every annualReport as "2024年度 40件",
                                  joined with " / "
    最新年度, 最新年度の評価実施件数
                                  the annualReport of the latest year

  Left out, as on the page: persons' names (evaluators, review committee,
  contact person, WAMNET officer, the representative's name), change
  notices and abolition/revocation reasons (free text), conflict-of-interest
  facts, the application date.

  CSV conventions: UTF-8, every field in double quotes with " doubled, CRLF
  line ends, a header row.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:eb="urn:kaigo:evaluationbody:1"
                xmlns:exsl="http://exslt.org/common"
                xmlns:str="http://exslt.org/strings"
                exclude-result-prefixes="eb exsl str">

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
       BEGIN shared block: representative's title and status.
       Identical in evaluationbody-html.xsl and evaluationbody-csv.xsl, so
       that the page and the CSV say the same.  Change both together.
       ================================================================ -->

  <!--
    Corporate roles that may be printed for the representative, longest
    first where one is the start of another.  corporation/representative
    holds title and name together ("理事長 塩原 達也"); only a title from
    this list is printed, never the rest.
  -->
  <xsl:variable name="eb-corporate-titles"
                select="'代表取締役社長 代表取締役会長 代表取締役 代表執行役 代表理事 理事長 代表社員 代表役員 会長 社長 学長 所長 センター長 事務局長'"/>

  <!--
    eb-representative-title: the first word of text (split at ASCII or
    full-width spaces) that starts with a title of the list, as that
    title; empty when there is none.
  -->
  <xsl:template name="eb-representative-title">
    <xsl:param name="text"/>
    <xsl:variable name="titles" select="str:tokenize($eb-corporate-titles, ' ')"/>
    <xsl:variable name="hits-rtf">
      <xsl:for-each select="str:tokenize(translate($text, '　', ' '), ' ')">
        <xsl:variable name="word" select="string(.)"/>
        <xsl:for-each select="$titles">
          <xsl:if test="starts-with($word, .)">
            <t><xsl:value-of select="."/></t>
          </xsl:if>
        </xsl:for-each>
      </xsl:for-each>
    </xsl:variable>
    <xsl:value-of select="exsl:node-set($hits-rtf)/t[1]"/>
  </xsl:template>

  <!--
    eb-status: the body's status on $as-of, as a code, date or label
    (what = 'code' | 'date' | 'label'):
      revoked / revoking           選定撤回 (3(5)), on or before / after as-of
      abolished / abolishing       廃止 (3(4)): the business ended before
                                   as-of / has not ended yet
      abolition-notified           廃止 notified, no as-of to judge by
      designation-pending          as-of is before the designation date
      active                       選定中
  -->
  <xsl:template name="eb-status">
    <xsl:param name="body"/>
    <xsl:param name="what"/>
    <xsl:variable name="today" select="number(translate($as-of, '-', ''))"/>
    <xsl:variable name="known" select="$as-of != '' and $today = $today"/>
    <xsl:variable name="revoked" select="string($body/eb:revocation/eb:revokedDate)"/>
    <xsl:variable name="notified" select="string($body/eb:abolition/eb:notifiedDate)"/>
    <xsl:variable name="end" select="string($body/eb:abolition/eb:endDate)"/>
    <xsl:variable name="designated" select="string($body/eb:designation/eb:designatedDate)"/>
    <xsl:variable name="code">
      <xsl:choose>
        <xsl:when test="$revoked != '' and $known and $today &lt; number(translate($revoked, '-', ''))">revoking</xsl:when>
        <xsl:when test="$revoked != ''">revoked</xsl:when>
        <xsl:when test="$end != '' and not($known)">abolition-notified</xsl:when>
        <xsl:when test="$end != '' and $today &gt; number(translate($end, '-', ''))">abolished</xsl:when>
        <xsl:when test="$end != '' and $today &gt;= number(translate($notified, '-', ''))">abolishing</xsl:when>
        <xsl:when test="$known and $today &lt; number(translate($designated, '-', ''))">designation-pending</xsl:when>
        <xsl:otherwise>active</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="date">
      <xsl:choose>
        <xsl:when test="starts-with($code, 'revok')"><xsl:value-of select="$revoked"/></xsl:when>
        <xsl:when test="starts-with($code, 'aboli')"><xsl:value-of select="$end"/></xsl:when>
        <xsl:when test="$code = 'designation-pending'"><xsl:value-of select="$designated"/></xsl:when>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$what = 'code'"><xsl:value-of select="$code"/></xsl:when>
      <xsl:when test="$what = 'date'"><xsl:value-of select="$date"/></xsl:when>
      <xsl:when test="$code = 'revoking'">選定撤回予定(撤回日 <xsl:value-of select="$date"/>)</xsl:when>
      <xsl:when test="$code = 'revoked'">選定撤回(撤回日 <xsl:value-of select="$date"/>)</xsl:when>
      <xsl:when test="$code = 'abolition-notified'">廃止届出済み(事業終了日 <xsl:value-of select="$date"/>)</xsl:when>
      <xsl:when test="$code = 'abolished'">廃止(事業終了日 <xsl:value-of select="$date"/>)</xsl:when>
      <xsl:when test="$code = 'abolishing'">廃止予定(事業終了日 <xsl:value-of select="$date"/>)</xsl:when>
      <xsl:when test="$code = 'designation-pending'">選定前</xsl:when>
      <xsl:otherwise>選定中</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    eb-units: the unit range of a fee rate: "1ユニット", "1〜2ユニット",
    "2ユニット以上", "3ユニット以下"; empty without minUnits and maxUnits.
  -->
  <xsl:template name="eb-units">
    <xsl:param name="min"/>
    <xsl:param name="max"/>
    <xsl:choose>
      <xsl:when test="$min != '' and $max != '' and number($min) = number($max)">
        <xsl:value-of select="number($min)"/>ユニット</xsl:when>
      <xsl:when test="$min != '' and $max != ''">
        <xsl:value-of select="number($min)"/>〜<xsl:value-of select="number($max)"/>ユニット</xsl:when>
      <xsl:when test="$min != ''">
        <xsl:value-of select="number($min)"/>ユニット以上</xsl:when>
      <xsl:when test="$max != ''">
        <xsl:value-of select="number($max)"/>ユニット以下</xsl:when>
    </xsl:choose>
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
        <xsl:apply-templates select="eb:EvaluationBody | eb:EvaluationBodies/eb:EvaluationBody"/>
      </xsl:when>
      <xsl:when test="$part = 'tail'"/>
      <xsl:otherwise>
        <!-- 'all': head, every record, tail (empty) -->
        <xsl:call-template name="head"/>
        <xsl:apply-templates select="eb:EvaluationBody | eb:EvaluationBodies/eb:EvaluationBody"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- the column names, in order; see the head comment -->
  <xsl:variable name="columns"
                select="'都道府県コード|都道府県|選定番号|評価機関名|フリガナ|法人名|法人の種類|法人番号|代表者役職|郵便番号|所在地|電話番号|FAX番号|電子メール|ホームページ|外部評価実施要領|対応地域|評価手数料|別途費用|算定根拠|申込金|申込金の支払期限日数|申込金の返還|残金の支払期限日数|支払方法|評価調査員数|選定日|事業所への通知日|公表日|状況|状況コード|状況の日付|評価実施件数|最新年度|最新年度の評価実施件数'"/>

  <xsl:template name="head">
    <xsl:variable name="names" select="str:tokenize($columns, '|')"/>
    <xsl:for-each select="$names">
      <xsl:call-template name="field">
        <xsl:with-param name="value" select="string(.)"/>
        <xsl:with-param name="last" select="position() = last()"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <!-- ================================================================
       One record: one row
       ================================================================ -->

  <xsl:template match="eb:EvaluationBody">
    <xsl:variable name="inst" select="eb:fee/eb:instalments"/>
    <xsl:variable name="latest-rtf">
      <xsl:for-each select="eb:annualReport">
        <xsl:sort select="@fiscalYear" data-type="number" order="descending"/>
        <xsl:if test="position() = 1">
          <r fy="{normalize-space(@fiscalYear)}" n="{normalize-space(eb:evaluationCount)}"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="latest" select="exsl:node-set($latest-rtf)/r"/>

    <xsl:call-template name="field">
      <xsl:with-param name="value" select="eb:prefecture/@code"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="eb:prefecture"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="eb:registrationNumber"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="eb:name"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="eb:nameKana"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="eb:corporation/eb:name"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="eb:corporation/eb:kind"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="eb:corporation/eb:corporateNumber"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value">
        <xsl:call-template name="eb-representative-title">
          <xsl:with-param name="text" select="string(eb:corporation/eb:representative)"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="eb:postalCode"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="eb:address"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="eb:contact/eb:phone"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="eb:contact/eb:fax"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="eb:contact/eb:email"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="eb:contact/eb:website"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="eb:regulations/eb:guidelinesUrl"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="eb:serviceArea"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value">
        <xsl:for-each select="eb:fee/eb:rate">
          <xsl:if test="position() &gt; 1"> / </xsl:if>
          <xsl:variable name="covers" select="normalize-space(eb:covers)"/>
          <xsl:variable name="units">
            <xsl:call-template name="eb-units">
              <xsl:with-param name="min" select="normalize-space(eb:minUnits)"/>
              <xsl:with-param name="max" select="normalize-space(eb:maxUnits)"/>
            </xsl:call-template>
          </xsl:variable>
          <xsl:value-of select="$covers"/>
          <xsl:if test="$units != '' and not(contains($covers, $units))">
            <xsl:text>[</xsl:text>
            <xsl:value-of select="$units"/>
            <xsl:text>]</xsl:text>
          </xsl:if>
          <xsl:text>: </xsl:text>
          <xsl:value-of select="normalize-space(eb:amount)"/>
          <xsl:text>円</xsl:text>
          <xsl:choose>
            <xsl:when test="eb:amount/@taxIncluded = 'true' or eb:amount/@taxIncluded = '1'">(税込)</xsl:when>
            <xsl:otherwise>(税抜)</xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="eb:fee/eb:extraCharges"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="eb:fee/eb:basis"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="$inst/eb:depositAmount"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="$inst/eb:depositDueDays"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value">
        <!-- only meaningful when there is a deposit -->
        <xsl:choose>
          <xsl:when test="not($inst/eb:depositAmount)"/>
          <xsl:when test="$inst/eb:depositRefundable = 'true' or $inst/eb:depositRefundable = '1'">あり</xsl:when>
          <xsl:when test="$inst/eb:depositRefundable = 'false' or $inst/eb:depositRefundable = '0'">なし</xsl:when>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="$inst/eb:balanceDueDays"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="$inst/eb:paymentMethod"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="eb:evaluatorCount"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="eb:designation/eb:designatedDate"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="eb:designation/eb:noticeDate"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="eb:designation/eb:publishedDate"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value">
        <xsl:call-template name="eb-status">
          <xsl:with-param name="body" select="."/>
          <xsl:with-param name="what" select="'label'"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value">
        <xsl:call-template name="eb-status">
          <xsl:with-param name="body" select="."/>
          <xsl:with-param name="what" select="'code'"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value">
        <xsl:call-template name="eb-status">
          <xsl:with-param name="body" select="."/>
          <xsl:with-param name="what" select="'date'"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value">
        <xsl:for-each select="eb:annualReport">
          <xsl:if test="position() &gt; 1"> / </xsl:if>
          <xsl:value-of select="normalize-space(@fiscalYear)"/>
          <xsl:text>年度 </xsl:text>
          <xsl:value-of select="normalize-space(eb:evaluationCount)"/>
          <xsl:text>件</xsl:text>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="$latest/@fy"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="value" select="$latest/@n"/>
      <xsl:with-param name="last" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ================================================================
       CSV fields
       ================================================================ -->

  <!--
    one field: white space collapsed (fields are one line), quoted, "
    doubled; then "," or, for the last, CRLF
  -->
  <xsl:template name="field">
    <xsl:param name="value"/>
    <xsl:param name="last" select="false()"/>
    <xsl:text>"</xsl:text>
    <xsl:call-template name="double-quotes">
      <xsl:with-param name="text" select="normalize-space($value)"/>
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
