<?xml version="1.0" encoding="UTF-8"?>
<!--
  schemas/publish/careplan-filing-csv.xsl - the municipal filing list (届出)
  of 生活援助中心型 訪問介護 as CSV (kaigo-publish, document type CarePlan,
  format csv, kind "stream", audience municipality).

  One row per plan (CarePlan with header) that must be filed with the
  municipality because a service month's 第6表 (予定) places 生活援助中心型
  visits at or above the count the 告示 sets for the care level
  (指定居宅介護支援等の事業の人員及び運営に関する基準 第13条第18号の2,
  平成30年厚生労働省告示第218号).  A plan that needs no filing gives no row.

  The decision is the one of the Schematron rules cp.living-assistance-* in
  schemas/rules/careplan.sch, expression for expression:
    applies  the plan date (header/planDate) is on or after
             $living-assistance-from;
    over     the service months whose planned lines with a service code
             starting with $living-assistance-code-prefix add up (count) to
             at least the threshold of the month's 要介護状態区分 (the
             month's userSupplement/careLevel, else header/careLevel) in
             $living-assistance-table;
    minor    a 軽微な変更: an inquiry with reason minorChange and no meeting
             (no filing needed);
    base     planConsent/deliveredOn, else planConsent/consentedOn, else
             header/planDate (the day the deadline counts from);
    due      the month index year*12+month of base plus
             $filing-deadline-months; the deadline is the last day of it.
  A row is written when applies and over and not minor.

  The values (dates, prefix, thresholds, deadline months) are read from the
  sch:let elements of schemas/rules/common.sch, so they live in one place;
  like the rules, each can be overridden with a parameter of the same name
  (kaigo-publish option "param", e.g. living-assistance-threshold-21=27).

  状態: 届出済 when a municipalFiling with reason livingAssistanceCount
  exists; otherwise 期限超過 when $as-of is given and its month is after the
  deadline month (as cp.living-assistance-filing-overdue judges); otherwise
  未届出.  A filing later than the deadline stays 届出済 and says so in 備考.

  Output (docs/publish.md, stream): part head = the header row, record =
  the rows of one record, tail = nothing, all = all of them for a CarePlans
  file or a single CarePlan.  Every field in double quotes with " doubled,
  CRLF line ends, UTF-8 without BOM.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:cp="urn:kaigo:careplan:1"
                xmlns:sch="http://purl.oclc.org/dsdl/schematron"
                xmlns:exsl="http://exslt.org/common"
                exclude-result-prefixes="cp sch exsl">

  <xsl:output method="text" encoding="UTF-8"/>
  <!-- <xsl:comment/> after each row writes nothing (the text output method
       ignores comments), but it stops the row's text from being merged into
       one ever-growing text node: xsltproc on a whole 100 MiB collection
       would otherwise spend hours in strlen (quadratic in the output). -->

  <!-- ================================================================== -->
  <!-- Parameters (contract)                                               -->
  <!-- ================================================================== -->

  <xsl:param name="part" select="'all'"/>
  <xsl:param name="audience" select="'municipality'"/>
  <xsl:param name="as-of" select="''"/>
  <xsl:param name="href" select="''"/>

  <!-- ================================================================== -->
  <!-- Values shared with the business rules (schemas/rules/common.sch)    -->
  <!-- ================================================================== -->

  <xsl:variable name="rules" select="document('../rules/common.sch')"/>

  <!-- The value of a schema-level sch:let (a child of sch:schema), with the quotes of an XPath
       string literal ('112') taken off.  Numbers (27) come as they are. -->
  <xsl:template name="rule-value">
    <xsl:param name="name"/>
    <xsl:variable name="v" select="normalize-space($rules/sch:schema/sch:let[@name = $name]/@value)"/>
    <xsl:if test="$v = ''">
      <xsl:message terminate="yes">careplan-filing-csv.xsl: sch:let '<xsl:value-of select="$name"/>' not found in ../rules/common.sch</xsl:message>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="starts-with($v, &quot;'&quot;) and substring($v, string-length($v)) = &quot;'&quot;">
        <xsl:value-of select="substring($v, 2, string-length($v) - 2)"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$v"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:param name="living-assistance-from">
    <xsl:call-template name="rule-value">
      <xsl:with-param name="name" select="'living-assistance-from'"/>
    </xsl:call-template>
  </xsl:param>
  <xsl:param name="living-assistance-code-prefix">
    <xsl:call-template name="rule-value">
      <xsl:with-param name="name" select="'living-assistance-code-prefix'"/>
    </xsl:call-template>
  </xsl:param>
  <xsl:param name="living-assistance-threshold-21">
    <xsl:call-template name="rule-value">
      <xsl:with-param name="name" select="'living-assistance-threshold-21'"/>
    </xsl:call-template>
  </xsl:param>
  <xsl:param name="living-assistance-threshold-22">
    <xsl:call-template name="rule-value">
      <xsl:with-param name="name" select="'living-assistance-threshold-22'"/>
    </xsl:call-template>
  </xsl:param>
  <xsl:param name="living-assistance-threshold-23">
    <xsl:call-template name="rule-value">
      <xsl:with-param name="name" select="'living-assistance-threshold-23'"/>
    </xsl:call-template>
  </xsl:param>
  <xsl:param name="living-assistance-threshold-24">
    <xsl:call-template name="rule-value">
      <xsl:with-param name="name" select="'living-assistance-threshold-24'"/>
    </xsl:call-template>
  </xsl:param>
  <xsl:param name="living-assistance-threshold-25">
    <xsl:call-template name="rule-value">
      <xsl:with-param name="name" select="'living-assistance-threshold-25'"/>
    </xsl:call-template>
  </xsl:param>
  <xsl:param name="filing-deadline-months">
    <xsl:call-template name="rule-value">
      <xsl:with-param name="name" select="'filing-deadline-months'"/>
    </xsl:call-template>
  </xsl:param>

  <!-- ' 21:27 22:34 23:43 24:38 25:31 ', derived exactly as in common.sch -->
  <xsl:variable name="living-assistance-table"
                select="concat(' 21:', $living-assistance-threshold-21, ' 22:', $living-assistance-threshold-22,
                               ' 23:', $living-assistance-threshold-23, ' 24:', $living-assistance-threshold-24,
                               ' 25:', $living-assistance-threshold-25, ' ')"/>

  <!-- as-of as a month index (year*12+month), for 期限超過 -->
  <xsl:variable name="now" select="number(substring($as-of, 1, 4)) * 12 + number(substring($as-of, 6, 2))"/>

  <!-- ================================================================== -->
  <!-- Parts                                                               -->
  <!-- ================================================================== -->

  <xsl:template match="/">
    <xsl:if test="$audience != 'municipality'">
      <xsl:message terminate="yes">careplan-filing-csv.xsl: audience must be 'municipality', not '<xsl:value-of select="$audience"/>'</xsl:message>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="$part = 'head'">
        <xsl:call-template name="header-row"/>
      </xsl:when>
      <xsl:when test="$part = 'record'">
        <xsl:apply-templates select="cp:CarePlan" mode="row"/>
      </xsl:when>
      <xsl:when test="$part = 'tail'"/>
      <xsl:when test="$part = 'all'">
        <xsl:call-template name="header-row"/>
        <xsl:apply-templates select="cp:CarePlan | cp:CarePlans/cp:CarePlan" mode="row"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:message terminate="yes">careplan-filing-csv.xsl: part must be all, head, record or tail, not '<xsl:value-of select="$part"/>'</xsl:message>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="header-row">
    <xsl:call-template name="row">
      <xsl:with-param name="fields">
        <f>保険者番号</f>
        <f>被保険者番号</f>
        <f>利用者名</f>
        <f>要介護状態区分</f>
        <f>対象月</f>
        <f>生活援助中心型の回数</f>
        <f>基準回数</f>
        <f>基準回数以上の月</f>
        <f>計画作成日</f>
        <f>交付日</f>
        <f>期限の起算日</f>
        <f>届出期限</f>
        <f>届出日</f>
        <f>状態</f>
        <f>居宅介護支援事業所番号</f>
        <f>居宅介護支援事業所名</f>
        <f>計画作成者</f>
        <f>備考</f>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- Records without header (第6表/第7表 send units) and Deletion records
       are not plans: no row. -->
  <xsl:template match="cp:CarePlan" mode="row"/>

  <xsl:template match="cp:CarePlan[cp:header]" mode="row">
    <!-- the rule's lets (careplan.sch, pattern cp-living-assistance) -->
    <xsl:variable name="applies" select="number(translate(cp:header/cp:planDate, '-', '')) &gt;= number(translate($living-assistance-from, '-', ''))"/>
    <xsl:variable name="over" select="cp:serviceMonth[sum(cp:planned/cp:line[starts-with(cp:serviceCode, $living-assistance-code-prefix)]/cp:count)
          &gt;= number(substring-before(substring-after($living-assistance-table,
               concat(' ', concat(cp:userSupplement/cp:careLevel, substring(../cp:header/cp:careLevel, 1, 2 * not(cp:userSupplement/cp:careLevel))), ':')), ' '))]"/>
    <xsl:variable name="minor" select="cp:meetings/cp:inquiry[cp:reason = 'minorChange'] and not(cp:meetings/cp:meeting)"/>

    <xsl:if test="$applies and $over and not($minor)">
      <xsl:variable name="base" select="concat(cp:planConsent/cp:deliveredOn,
            substring(cp:planConsent/cp:consentedOn, 1, 10 * not(cp:planConsent/cp:deliveredOn)),
            substring(cp:header/cp:planDate, 1, 10 * not(cp:planConsent)))"/>
      <xsl:variable name="due" select="number(substring($base, 1, 4)) * 12 + number(substring($base, 6, 2)) + number($filing-deadline-months)"/>
      <xsl:variable name="filings" select="cp:municipalFiling[cp:reason = 'livingAssistanceCount']"/>
      <xsl:variable name="in-time" select="$filings[number(substring(cp:filedOn, 1, 4)) * 12 + number(substring(cp:filedOn, 6, 2)) &lt;= $due]"/>

      <!-- the first month over the threshold, as the rules' messages -->
      <xsl:variable name="month" select="$over[1]"/>
      <xsl:variable name="level" select="concat($month/cp:userSupplement/cp:careLevel, substring(cp:header/cp:careLevel, 1, 2 * not($month/cp:userSupplement/cp:careLevel)))"/>
      <xsl:variable name="threshold" select="substring-before(substring-after($living-assistance-table, concat(' ', $level, ':')), ' ')"/>

      <xsl:call-template name="row">
        <xsl:with-param name="fields">
          <f><xsl:value-of select="cp:header/cp:insurerNumber"/></f>
          <f><xsl:value-of select="cp:header/cp:insuredNumber"/></f>
          <f><xsl:value-of select="normalize-space((cp:userSupplement/cp:name | cp:serviceMonth/cp:userSupplement/cp:name)[1])"/></f>
          <f><xsl:value-of select="concat('要介護', translate(substring($level, 2, 1), '12345', '１２３４５'))"/></f>
          <f><xsl:value-of select="$month/cp:targetMonth"/></f>
          <f><xsl:value-of select="sum($month/cp:planned/cp:line[starts-with(cp:serviceCode, $living-assistance-code-prefix)]/cp:count)"/></f>
          <f><xsl:value-of select="$threshold"/></f>
          <f>
            <!-- every month over the threshold: 2025-05:27 2025-06:28 -->
            <xsl:for-each select="$over">
              <xsl:if test="position() &gt; 1"><xsl:text> </xsl:text></xsl:if>
              <xsl:value-of select="concat(cp:targetMonth, ':', sum(cp:planned/cp:line[starts-with(cp:serviceCode, $living-assistance-code-prefix)]/cp:count))"/>
            </xsl:for-each>
          </f>
          <f><xsl:value-of select="cp:header/cp:planDate"/></f>
          <f><xsl:value-of select="cp:planConsent/cp:deliveredOn"/></f>
          <f><xsl:value-of select="$base"/></f>
          <f>
            <xsl:call-template name="month-end">
              <xsl:with-param name="index" select="$due"/>
            </xsl:call-template>
          </f>
          <f>
            <!-- the first filing in time, else the first filing -->
            <xsl:choose>
              <xsl:when test="$in-time"><xsl:value-of select="$in-time[1]/cp:filedOn"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$filings[1]/cp:filedOn"/></xsl:otherwise>
            </xsl:choose>
          </f>
          <f>
            <xsl:choose>
              <xsl:when test="$filings">届出済</xsl:when>
              <xsl:when test="$as-of != '' and $now &gt; $due">期限超過</xsl:when>
              <xsl:otherwise>未届出</xsl:otherwise>
            </xsl:choose>
          </f>
          <f><xsl:value-of select="cp:header/cp:supportOffice/cp:officeNumber"/></f>
          <f><xsl:value-of select="normalize-space(cp:header/cp:supportOffice/cp:name)"/></f>
          <f><xsl:value-of select="normalize-space(cp:header/cp:planAuthorName)"/></f>
          <f>
            <xsl:if test="$filings and not($in-time)">届出日が期限を過ぎている</xsl:if>
            <xsl:if test="count($filings) &gt; 1">
              <xsl:if test="not($in-time)">。</xsl:if>
              <xsl:value-of select="concat('届出 ', count($filings), ' 件')"/>
            </xsl:if>
          </f>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Helpers                                                             -->
  <!-- ================================================================== -->

  <!-- One CSV row from the f elements of $fields: "a","b""c",...CRLF -->
  <xsl:template name="row">
    <xsl:param name="fields"/>
    <xsl:for-each select="exsl:node-set($fields)/f">
      <xsl:if test="position() &gt; 1">,</xsl:if>
      <xsl:text>"</xsl:text>
      <xsl:call-template name="escape">
        <xsl:with-param name="s" select="string(.)"/>
      </xsl:call-template>
      <xsl:text>"</xsl:text>
    </xsl:for-each>
    <xsl:text>&#13;&#10;</xsl:text>
    <xsl:comment/> <!-- see the note on xsl:comment at the top -->
  </xsl:template>

  <!-- " doubled -->
  <xsl:template name="escape">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, '&quot;')">
        <xsl:value-of select="concat(substring-before($s, '&quot;'), '&quot;&quot;')"/>
        <xsl:call-template name="escape">
          <xsl:with-param name="s" select="substring-after($s, '&quot;')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- YYYY-MM-DD of the last day of the month with index year*12+month
       (the rules' floor((i - 1) div 12) 年 (i - 1) mod 12 + 1 月); nothing
       when the index is not a number (no date to count from). -->
  <xsl:template name="month-end">
    <xsl:param name="index"/>
    <xsl:if test="string(number($index)) != 'NaN'">
      <xsl:variable name="y" select="floor(($index - 1) div 12)"/>
      <xsl:variable name="m" select="($index - 1) mod 12 + 1"/>
      <xsl:variable name="last">
        <xsl:choose>
          <xsl:when test="$m = 2 and (($y mod 4 = 0 and $y mod 100 != 0) or $y mod 400 = 0)">29</xsl:when>
          <xsl:when test="$m = 2">28</xsl:when>
          <xsl:when test="$m = 4 or $m = 6 or $m = 9 or $m = 11">30</xsl:when>
          <xsl:otherwise>31</xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:value-of select="concat(format-number($y, '0000'), '-', format-number($m, '00'), '-', $last)"/>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
