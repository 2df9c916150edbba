<?xml version="1.0" encoding="UTF-8"?>
<!--
  schemas/publish/evaluationbody-html.xsl - EvaluationBody
  (urn:kaigo:evaluationbody:1) as the HTML register of evaluation bodies
  that a prefecture publishes (老計発第1017001号 別紙2の1 3(3): 名称, 連絡先,
  評価手数料, 評価調査員の数).

  Output kind "list" (docs/publish.md), in two passes:
    part='entry'  applied to one EvaluationBody record: writes one
                  <entry xmlns="urn:kaigo:publish:evaluationbody-entry:1">
                  holding the public facts of the body, already chosen and
                  labelled (mode "entry" below);
    part='list'   applied to
                    <list xmlns="urn:kaigo:publish:1" type="EvaluationBody"
                          count="N" audience="…" as-of="…"> entries </list>
                  writes the page: one table row per entry, in the given
                  order;
    part='all'    (default; xsltproc on an EvaluationBodies collection or on
                  one EvaluationBody) builds the same entries in a variable
                  and writes the page with the same templates, so that both
                  ways give the same bytes.
  The entry is the privacy boundary: only what it holds reaches the page.

  Public facts only (audience 'public', the only audience of this output):
  no person's name is printed.  Left out on purpose: the names of the
  evaluators (only their number, evaluatorCount), of the review committee
  members, of the contact person (contact/person) and of the WAMNET officer;
  the representative's name (only the title, when it is a corporate role).
  Also left out: the change notices and the abolition/revocation reasons
  (free text that may name people, e.g. an evaluator who left), the
  conflict-of-interest facts and the application date (internal to the
  selection).

  Parameters: part, audience, as-of (the status of each body is judged on
  this date; without it, no "ended" status is inferred), href (unused).
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:eb="urn:kaigo:evaluationbody:1"
                xmlns:pl="urn:kaigo:publish:1"
                xmlns:en="urn:kaigo:publish:evaluationbody-entry:1"
                xmlns:exsl="http://exslt.org/common"
                xmlns:str="http://exslt.org/strings"
                exclude-result-prefixes="eb pl en exsl str">

  <xsl:output method="html" encoding="UTF-8" indent="no"
              doctype-system="about:legacy-compat"/>

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
       Dispatch on part
       ================================================================ -->

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="$part = 'entry'">
        <xsl:apply-templates select="eb:EvaluationBody" mode="entry"/>
      </xsl:when>
      <xsl:when test="pl:list">
        <!-- second pass: the entries the first pass wrote -->
        <xsl:call-template name="page">
          <xsl:with-param name="entries" select="pl:list/en:entry"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <!-- 'all': make the entries here, then the same page -->
        <xsl:variable name="entries-rtf">
          <xsl:apply-templates select="eb:EvaluationBody | eb:EvaluationBodies/eb:EvaluationBody"
                               mode="entry"/>
        </xsl:variable>
        <xsl:call-template name="page">
          <xsl:with-param name="entries" select="exsl:node-set($entries-rtf)/en:entry"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================
       Pass 1: one entry per body (public facts only)
       ================================================================ -->

  <xsl:template match="eb:EvaluationBody" mode="entry">
    <entry xmlns="urn:kaigo:publish:evaluationbody-entry:1">
      <prefecture code="{normalize-space(eb:prefecture/@code)}">
        <xsl:value-of select="normalize-space(eb:prefecture)"/>
      </prefecture>
      <xsl:call-template name="entry-field">
        <xsl:with-param name="name" select="'registration'"/>
        <xsl:with-param name="value" select="eb:registrationNumber"/>
      </xsl:call-template>
      <xsl:call-template name="entry-field">
        <xsl:with-param name="name" select="'name'"/>
        <xsl:with-param name="value" select="eb:name"/>
      </xsl:call-template>
      <xsl:call-template name="entry-field">
        <xsl:with-param name="name" select="'kana'"/>
        <xsl:with-param name="value" select="eb:nameKana"/>
      </xsl:call-template>
      <corporation kind="{normalize-space(eb:corporation/eb:kind)}"
                   number="{normalize-space(eb:corporation/eb:corporateNumber)}">
        <xsl:value-of select="normalize-space(eb:corporation/eb:name)"/>
      </corporation>
      <xsl:call-template name="entry-field">
        <xsl:with-param name="name" select="'representative-title'"/>
        <xsl:with-param name="value">
          <xsl:call-template name="eb-representative-title">
            <xsl:with-param name="text" select="string(eb:corporation/eb:representative)"/>
          </xsl:call-template>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="entry-field">
        <xsl:with-param name="name" select="'postal-code'"/>
        <xsl:with-param name="value" select="eb:postalCode"/>
      </xsl:call-template>
      <xsl:call-template name="entry-field">
        <xsl:with-param name="name" select="'location'"/>
        <xsl:with-param name="value" select="eb:address"/>
      </xsl:call-template>
      <!-- the body's business contact; contact/person is a person: left out -->
      <xsl:call-template name="entry-field">
        <xsl:with-param name="name" select="'phone'"/>
        <xsl:with-param name="value" select="eb:contact/eb:phone"/>
      </xsl:call-template>
      <xsl:call-template name="entry-field">
        <xsl:with-param name="name" select="'fax'"/>
        <xsl:with-param name="value" select="eb:contact/eb:fax"/>
      </xsl:call-template>
      <xsl:call-template name="entry-field">
        <xsl:with-param name="name" select="'email'"/>
        <xsl:with-param name="value" select="eb:contact/eb:email"/>
      </xsl:call-template>
      <xsl:call-template name="entry-field">
        <xsl:with-param name="name" select="'website'"/>
        <xsl:with-param name="value" select="eb:contact/eb:website"/>
      </xsl:call-template>
      <xsl:call-template name="entry-field">
        <xsl:with-param name="name" select="'guidelines'"/>
        <xsl:with-param name="value" select="eb:regulations/eb:guidelinesUrl"/>
      </xsl:call-template>
      <xsl:call-template name="entry-field">
        <xsl:with-param name="name" select="'service-area'"/>
        <xsl:with-param name="value" select="eb:serviceArea"/>
      </xsl:call-template>
      <fee>
        <xsl:for-each select="eb:fee/eb:rate">
          <rate yen="{normalize-space(eb:amount)}"
                tax-included="{normalize-space(eb:amount/@taxIncluded)}">
            <xsl:attribute name="units">
              <xsl:call-template name="eb-units">
                <xsl:with-param name="min" select="normalize-space(eb:minUnits)"/>
                <xsl:with-param name="max" select="normalize-space(eb:maxUnits)"/>
              </xsl:call-template>
            </xsl:attribute>
            <xsl:value-of select="normalize-space(eb:covers)"/>
          </rate>
        </xsl:for-each>
        <xsl:call-template name="entry-field">
          <xsl:with-param name="name" select="'extra-charges'"/>
          <xsl:with-param name="value" select="eb:fee/eb:extraCharges"/>
        </xsl:call-template>
        <xsl:call-template name="entry-field">
          <xsl:with-param name="name" select="'basis'"/>
          <xsl:with-param name="value" select="eb:fee/eb:basis"/>
        </xsl:call-template>
        <xsl:for-each select="eb:fee/eb:instalments">
          <xsl:if test="eb:depositAmount">
            <deposit yen="{normalize-space(eb:depositAmount)}"
                     days="{normalize-space(eb:depositDueDays)}"
                     refundable="{normalize-space(eb:depositRefundable)}"/>
          </xsl:if>
          <balance days="{normalize-space(eb:balanceDueDays)}"/>
          <xsl:call-template name="entry-field">
            <xsl:with-param name="name" select="'payment'"/>
            <xsl:with-param name="value" select="eb:paymentMethod"/>
          </xsl:call-template>
        </xsl:for-each>
      </fee>
      <evaluators><xsl:value-of select="normalize-space(eb:evaluatorCount)"/></evaluators>
      <designation designated="{normalize-space(eb:designation/eb:designatedDate)}"
                   notice="{normalize-space(eb:designation/eb:noticeDate)}"
                   published="{normalize-space(eb:designation/eb:publishedDate)}"/>
      <status>
        <xsl:attribute name="code">
          <xsl:call-template name="eb-status">
            <xsl:with-param name="body" select="."/>
            <xsl:with-param name="what" select="'code'"/>
          </xsl:call-template>
        </xsl:attribute>
        <xsl:attribute name="date">
          <xsl:call-template name="eb-status">
            <xsl:with-param name="body" select="."/>
            <xsl:with-param name="what" select="'date'"/>
          </xsl:call-template>
        </xsl:attribute>
        <xsl:call-template name="eb-status">
          <xsl:with-param name="body" select="."/>
          <xsl:with-param name="what" select="'label'"/>
        </xsl:call-template>
      </status>
      <xsl:for-each select="eb:annualReport">
        <report fiscal-year="{normalize-space(@fiscalYear)}">
          <xsl:value-of select="normalize-space(eb:evaluationCount)"/>
        </report>
      </xsl:for-each>
    </entry>
  </xsl:template>

  <!--
    entry-field: <NAME>value</NAME> in the entry namespace, white space
    collapsed; nothing when the value is empty.
  -->
  <xsl:template name="entry-field">
    <xsl:param name="name"/>
    <xsl:param name="value"/>
    <xsl:if test="normalize-space($value) != ''">
      <xsl:element name="{$name}" namespace="urn:kaigo:publish:evaluationbody-entry:1">
        <xsl:value-of select="normalize-space($value)"/>
      </xsl:element>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================
       Pass 2 (and 'all'): the page from the entries
       ================================================================ -->

  <xsl:template name="page">
    <xsl:param name="entries"/>
    <!-- the prefecture, when every entry has the same one -->
    <xsl:variable name="pref-code" select="string($entries[1]/en:prefecture/@code)"/>
    <xsl:variable name="prefecture">
      <xsl:if test="not($entries/en:prefecture[@code != $pref-code])">
        <xsl:value-of select="$entries[1]/en:prefecture"/>
      </xsl:if>
    </xsl:variable>
    <xsl:variable name="title">
      <xsl:value-of select="$prefecture"/>
      <xsl:text>外部評価機関一覧</xsl:text>
    </xsl:variable>
    <html lang="ja">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/></title>
        <style>
          <xsl:call-template name="css"/>
        </style>
      </head>
      <body>
        <main>
        <h1><xsl:value-of select="$title"/></h1>
        <p class="lead">
          <xsl:text>認知症対応型共同生活介護事業所の外部評価(地域密着型サービス外部評価)を行う評価機関として</xsl:text>
          <xsl:choose>
            <xsl:when test="$prefecture != ''"><xsl:value-of select="$prefecture"/></xsl:when>
            <xsl:otherwise>都道府県</xsl:otherwise>
          </xsl:choose>
          <xsl:text>が選定した機関です。</xsl:text>
        </p>
        <p class="count">
          <xsl:text>掲載数: </xsl:text>
          <xsl:value-of select="count($entries)"/>
          <xsl:text>機関</xsl:text>
          <xsl:if test="$as-of != ''">
            <xsl:text>(</xsl:text>
            <xsl:value-of select="$as-of"/>
            <xsl:text>現在)</xsl:text>
          </xsl:if>
        </p>
        <div class="scroll" tabindex="0" role="region" aria-label="評価機関の一覧（横にスクロールできます）">
          <table class="register">
            <caption>評価機関の一覧</caption>
            <thead>
              <tr>
                <th scope="col">評価機関の名称</th>
                <th scope="col">選定番号</th>
                <th scope="col">所在地</th>
                <th scope="col">連絡先</th>
                <th scope="col">評価手数料</th>
                <th scope="col">評価調査員数</th>
                <th scope="col">対応地域</th>
                <th scope="col">選定日・状況</th>
                <th scope="col">評価実施件数</th>
              </tr>
            </thead>
            <tbody>
              <xsl:apply-templates select="$entries" mode="row"/>
              <xsl:if test="not($entries)">
                <tr><td colspan="9">掲載する評価機関はありません。</td></tr>
              </xsl:if>
            </tbody>
          </table>
        </div>
        <xsl:call-template name="notes"/>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="css">
    body { font-family: "Noto Sans CJK JP", "IPAexGothic", sans-serif;
           line-height: 1.5; margin: 1.5em; color: #000; background: #fff; }
    h1 { font-size: 1.5em; margin: 0 0 0.4em; }
    h2 { font-size: 1.1em; margin-top: 1.5em; }
    table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
    caption { text-align: left; font-weight: bold; padding: 0.2em 0; }
    th, td { border: 1px solid #555; padding: 0.3em 0.4em; vertical-align: top; text-align: left; }
    thead th { background: #eee; }
    a, .url { overflow-wrap: anywhere; }
    .scroll { overflow-x: auto; position: relative; }
    @media (max-width: 48em) { body { margin: .5em; } .scroll > table { min-width: 48em; } }
    tbody th { font-weight: bold; }
    td.num { text-align: right; white-space: nowrap; }
    ul { margin: 0; padding-left: 1.2em; }
    .kana, .sub { font-size: 0.85em; font-weight: normal; }
    .notes { font-size: 0.9em; }
    @page { size: A4 landscape; margin: 12mm; }
    @media print {
      body { margin: 0; font-size: 9pt; }
      table { font-size: 9pt; }
      .kana, .sub, .notes { font-size: max(8pt, .85em); }
      .scroll { overflow: visible; }
      caption, h2 { break-after: avoid; page-break-after: avoid; }
      thead { display: table-header-group; }
      tr { page-break-inside: avoid; }
      thead th { background: none; }
      a { color: #000; text-decoration: none; }
    }
  </xsl:template>

  <xsl:template name="notes">
    <div class="notes">
      <h2>注記</h2>
      <ul>
        <li>連絡先は評価機関の窓口です。代表者は役職のみを掲載しています。</li>
        <li>評価調査員数は、評価機関が届け出た評価調査員の人数です。評価調査員等の氏名は掲載していません。</li>
        <li>評価手数料の(税込)(税抜)は消費税の扱いです。支払期限の日数は、申込金は請求のあった日の翌日から、残金は訪問調査の実施決定の通知が届いた日の翌日から数えます。</li>
        <li>評価実施件数は、年度ごとの外部評価の実施件数(事業所数)です。</li>
        <xsl:if test="$as-of != ''">
          <li>
            <xsl:text>状況は</xsl:text>
            <xsl:value-of select="$as-of"/>
            <xsl:text>現在のものです。</xsl:text>
          </li>
        </xsl:if>
      </ul>
    </div>
  </xsl:template>

  <!-- one table row per entry -->
  <xsl:template match="en:entry" mode="row">
    <tr>
      <th scope="row">
        <xsl:value-of select="en:name"/>
        <xsl:if test="en:kana">
          <br/>
          <span class="kana"><xsl:value-of select="en:kana"/></span>
        </xsl:if>
        <span class="sub">
          <xsl:if test="en:corporation != '' and en:corporation != en:name">
            <br/>
            <xsl:text>法人: </xsl:text>
            <xsl:value-of select="en:corporation"/>
          </xsl:if>
          <xsl:if test="en:corporation/@number != ''">
            <br/>
            <xsl:text>法人番号: </xsl:text>
            <xsl:value-of select="en:corporation/@number"/>
          </xsl:if>
          <xsl:if test="en:representative-title">
            <br/>
            <xsl:text>代表者: </xsl:text>
            <xsl:value-of select="en:representative-title"/>
          </xsl:if>
        </span>
      </th>
      <td><xsl:value-of select="en:registration"/></td>
      <td>
        <xsl:if test="en:postal-code">
          <xsl:text>〒</xsl:text>
          <xsl:value-of select="en:postal-code"/>
          <br/>
        </xsl:if>
        <xsl:value-of select="en:location"/>
      </td>
      <td>
        <xsl:if test="en:phone">
          <xsl:text>電話 </xsl:text>
          <xsl:value-of select="en:phone"/>
        </xsl:if>
        <xsl:if test="en:fax">
          <br/>
          <xsl:text>FAX </xsl:text>
          <xsl:value-of select="en:fax"/>
        </xsl:if>
        <xsl:if test="en:email">
          <br/>
          <xsl:text>メール </xsl:text>
          <a href="mailto:{en:email}"><xsl:value-of select="en:email"/></a>
        </xsl:if>
        <xsl:if test="en:website">
          <br/>
          <xsl:text>ホームページ </xsl:text>
          <xsl:call-template name="link">
            <xsl:with-param name="url" select="string(en:website)"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:if test="en:guidelines">
          <br/>
          <xsl:text>外部評価実施要領 </xsl:text>
          <xsl:call-template name="link">
            <xsl:with-param name="url" select="string(en:guidelines)"/>
          </xsl:call-template>
        </xsl:if>
      </td>
      <td><xsl:apply-templates select="en:fee"/></td>
      <td class="num"><xsl:value-of select="en:evaluators"/>人</td>
      <td><xsl:value-of select="en:service-area"/></td>
      <td>
        <xsl:if test="en:designation/@designated != ''">
          <xsl:text>選定日 </xsl:text>
          <xsl:value-of select="en:designation/@designated"/>
          <br/>
        </xsl:if>
        <xsl:value-of select="en:status"/>
      </td>
      <td>
        <xsl:if test="en:report">
          <ul>
            <xsl:for-each select="en:report">
              <li>
                <xsl:value-of select="@fiscal-year"/>
                <xsl:text>年度 </xsl:text>
                <xsl:value-of select="."/>
                <xsl:text>件</xsl:text>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:if>
      </td>
    </tr>
  </xsl:template>

  <!-- the fee cell: one line per rate, then extra charges, payment, basis -->
  <xsl:template match="en:fee">
    <ul>
      <xsl:for-each select="en:rate">
        <li>
          <xsl:value-of select="."/>
          <!-- the unit range, unless the text already says it -->
          <xsl:if test="@units != '' and not(contains(., @units))">
            <xsl:text>[</xsl:text>
            <xsl:value-of select="@units"/>
            <xsl:text>]</xsl:text>
          </xsl:if>
          <xsl:text>: </xsl:text>
          <xsl:call-template name="yen">
            <xsl:with-param name="amount" select="@yen"/>
            <xsl:with-param name="tax-included" select="@tax-included"/>
          </xsl:call-template>
        </li>
      </xsl:for-each>
    </ul>
    <xsl:if test="en:extra-charges">
      <xsl:text>別途費用: </xsl:text>
      <xsl:value-of select="en:extra-charges"/>
      <br/>
    </xsl:if>
    <!-- payment terms (別紙3の2 第6条) -->
    <xsl:choose>
      <xsl:when test="en:deposit">
        <xsl:text>申込金 </xsl:text>
        <xsl:value-of select="format-number(en:deposit/@yen, '#,##0')"/>
        <xsl:text>円(</xsl:text>
        <xsl:if test="en:deposit/@days != ''">
          <xsl:text>請求の翌日から</xsl:text>
          <xsl:value-of select="en:deposit/@days"/>
          <xsl:text>日以内</xsl:text>
        </xsl:if>
        <xsl:choose>
          <xsl:when test="en:deposit/@refundable = 'false' or en:deposit/@refundable = '0'">。契約解除時は返還なし</xsl:when>
          <xsl:when test="en:deposit/@refundable = 'true' or en:deposit/@refundable = '1'">。契約解除時は返還あり</xsl:when>
        </xsl:choose>
        <xsl:text>)、残金は</xsl:text>
      </xsl:when>
      <xsl:otherwise>一括払いで</xsl:otherwise>
    </xsl:choose>
    <xsl:text>訪問調査の実施決定の通知の翌日から</xsl:text>
    <xsl:value-of select="en:balance/@days"/>
    <xsl:text>日以内</xsl:text>
    <xsl:if test="en:payment">
      <br/>
      <xsl:text>支払方法: </xsl:text>
      <xsl:value-of select="en:payment"/>
    </xsl:if>
    <xsl:if test="en:basis">
      <br/>
      <span class="sub">
        <xsl:text>算定根拠: </xsl:text>
        <xsl:value-of select="en:basis"/>
      </span>
    </xsl:if>
  </xsl:template>

  <!-- "66,000円(税込)" -->
  <xsl:template name="yen">
    <xsl:param name="amount"/>
    <xsl:param name="tax-included"/>
    <xsl:value-of select="format-number($amount, '#,##0')"/>
    <xsl:text>円</xsl:text>
    <xsl:choose>
      <xsl:when test="$tax-included = 'true' or $tax-included = '1'">(税込)</xsl:when>
      <xsl:when test="$tax-included = 'false' or $tax-included = '0'">(税抜)</xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- a link for http(s) addresses only; anything else is printed as text -->
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
