<?xml version="1.0" encoding="UTF-8"?>
<!--
  schemas/publish/careplan-html.xsl - CarePlan as printable HTML
  (kaigo-publish, document type CarePlan, format html, kind "page").

  One CarePlan record in, one HTML page out: 居宅サービス計画書 第1表-第7表 of
  老企第29号 as far as the record holds them, each 表 on its own A4 landscape
  page in print, then the records the operating standard keeps around the plan
  (説明・同意, 主治の医師等の意見, モニタリング, 届出) on portrait pages.
  A section the record does not hold is left out (no empty tables).

  Parameters (docs/publish.md):
    part      'all' (default).  A page stylesheet ignores it; run by xsltproc
              on a whole CarePlans file it writes every record into one page.
    audience  'user' (default): 利用者交付用, everything the record holds.
              'physician': 主治の医師等交付用 (基準第13条第19号の2): the same, plus
              a first sheet with the physician's opinions, the 医療サービス placed
              in the plan and the information passed to medical recipients, and
              医療サービス marked in 第2表 and 第6表.
    as-of     printed as 出力日 when given.
    href      unused (no index for this output).

  The 医療サービス kind lists come from schemas/rules/common.sch (the same
  sch:let values the rule cp.medical-instruction uses), so they live in one
  place.  Code labels below are display text only and mirror the
  enumerations of schemas/careplan.xsd.

  XSLT 1.0 + EXSLT (exsl:node-set, date:day-in-week).  Only HTML 4 element
  names are used (div + ARIA roles instead of section/main), so libxml2's HTML
  parser reads the result without complaint.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:cp="urn:kaigo:careplan:1"
                xmlns:sch="http://purl.oclc.org/dsdl/schematron"
                xmlns:exsl="http://exslt.org/common"
                xmlns:date="http://exslt.org/dates-and-times"
                exclude-result-prefixes="cp sch exsl date">

  <xsl:output method="html" encoding="UTF-8" indent="no"
              doctype-system="about:legacy-compat"/>

  <!-- ================================================================== -->
  <!-- Parameters (contract)                                               -->
  <!-- ================================================================== -->

  <xsl:param name="part" select="'all'"/>
  <xsl:param name="audience" select="'user'"/>
  <xsl:param name="as-of" select="''"/>
  <xsl:param name="href" select="''"/>

  <xsl:variable name="physician" select="$audience = 'physician'"/>
  <xsl:variable name="audience-label">
    <xsl:choose>
      <xsl:when test="$physician">主治の医師等交付用</xsl:when>
      <xsl:otherwise>利用者交付用</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- ================================================================== -->
  <!-- Values shared with the business rules (schemas/rules/common.sch)    -->
  <!-- ================================================================== -->

  <xsl:variable name="rules" select="document('../rules/common.sch')"/>

  <!-- The value of a schema-level sch:let (a child of sch:schema), with the quotes of an XPath
       string literal ('112') taken off. -->
  <xsl:template name="rule-value">
    <xsl:param name="name"/>
    <xsl:variable name="v" select="normalize-space($rules/sch:schema/sch:let[@name = $name]/@value)"/>
    <xsl:if test="$v = ''">
      <xsl:message terminate="yes">careplan-html.xsl: sch:let '<xsl:value-of select="$name"/>' not found in ../rules/common.sch</xsl:message>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="starts-with($v, &quot;'&quot;) and substring($v, string-length($v)) = &quot;'&quot;">
        <xsl:value-of select="substring($v, 2, string-length($v) - 2)"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$v"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ' 13 14 16 ... ': kinds that always need the 主治の医師等's instruction -->
  <xsl:param name="medical-service-kinds">
    <xsl:call-template name="rule-value">
      <xsl:with-param name="name" select="'medical-service-kinds'"/>
    </xsl:call-template>
  </xsl:param>
  <!-- ' 76 77 79 ': kinds that are 医療サービス only with 訪問看護 -->
  <xsl:param name="medical-if-nursing-kinds">
    <xsl:call-template name="rule-value">
      <xsl:with-param name="name" select="'medical-if-nursing-kinds'"/>
    </xsl:call-template>
  </xsl:param>

  <!-- ================================================================== -->
  <!-- Display tables (node-sets built once per transformation)           -->
  <!-- ================================================================== -->

  <!-- Code labels, by list.  They mirror the xs:enumeration documentation
       of schemas/careplan.xsd (shortened where the form prints less). -->
  <xsl:variable name="labels-rtf">
    <c l="careLevel" v="01">非該当</c>
    <c l="careLevel" v="06">事業対象者</c>
    <c l="careLevel" v="12">要支援１</c>
    <c l="careLevel" v="13">要支援２</c>
    <c l="careLevel" v="21">要介護１</c>
    <c l="careLevel" v="22">要介護２</c>
    <c l="careLevel" v="23">要介護３</c>
    <c l="careLevel" v="24">要介護４</c>
    <c l="careLevel" v="25">要介護５</c>
    <c l="planCategory" v="11">初回</c>
    <c l="planCategory" v="12">紹介</c>
    <c l="planCategory" v="21">継続</c>
    <c l="planCategory" v="51">初回・紹介</c>
    <c l="planCategory" v="52">初回・継続</c>
    <c l="planCategory" v="53">紹介・継続</c>
    <c l="planCategory" v="54">初回・紹介・継続</c>
    <c l="certificationStatus" v="1">申請中</c>
    <c l="certificationStatus" v="2">認定済</c>
    <c l="livingAssistanceReason" v="1">一人暮らし</c>
    <c l="livingAssistanceReason" v="2">家族等が障害、疾病等</c>
    <c l="livingAssistanceReason" v="3">その他</c>
    <c l="sex" v="1">男性</c>
    <c l="sex" v="2">女性</c>
    <c l="personRole" v="user">本人</c>
    <c l="personRole" v="family">家族</c>
    <c l="personRole" v="userAndFamily">本人及び家族</c>
    <c l="personRole" v="proxy">代理人</c>
    <c l="explainedItem" v="importantMatters">重要事項（運営規程の概要、介護支援専門員の勤務の体制、秘密の保持、事故発生時の対応、苦情処理の体制等）</c>
    <c l="explainedItem" v="multipleProviders">複数の指定居宅サービス事業者等の紹介を求めることができること</c>
    <c l="explainedItem" v="selectionReasons">居宅サービス計画原案に位置付けた事業者等の選定理由の説明を求めることができること</c>
    <c l="explainedItem" v="hospitalContact">入院時に担当介護支援専門員の氏名・連絡先を病院等に伝えるよう協力を求めること</c>
    <c l="explainedItem" v="personalInformation">個人情報の利用（サービス担当者会議等での使用）</c>
    <c l="explainedItem" v="other">その他</c>
    <c l="attendeeRole" v="user">本人</c>
    <c l="attendeeRole" v="family">家族</c>
    <c l="attendeeRole" v="careManager">介護支援専門員</c>
    <c l="attendeeRole" v="serviceProvider">サービス担当者</c>
    <c l="attendeeRole" v="physician">主治の医師等</c>
    <c l="attendeeRole" v="other">その他</c>
    <c l="inquiryReason" v="providerCouldNotAttend">開催の日程調整を行ったが、サービス担当者の事由により会議への参加が得られなかった</c>
    <c l="inquiryReason" v="minorChange">利用者の状態に大きな変化が見られない等における軽微な変更</c>
    <c l="inquiryReason" v="terminalCancer">末期の悪性腫瘍の利用者で、主治の医師等の助言を得て照会等により意見を求めることが必要と判断した</c>
    <c l="observationCategory" v="excessOrBunchedMedication">薬が大量に余っている又は複数回分の薬を一度に服用している</c>
    <c l="observationCategory" v="medicationRefusal">薬の服用を拒絶している</c>
    <c l="observationCategory" v="newPrescriptionBeforeUsedUp">使いきらないうちに新たに薬が処方されている</c>
    <c l="observationCategory" v="oral">口臭や口腔内出血がある</c>
    <c l="observationCategory" v="weightChange">体重の増減が推測される見た目の変化がある</c>
    <c l="observationCategory" v="foodIntakeChange">食事量や食事回数に変化がある</c>
    <c l="observationCategory" v="diarrhoeaOrConstipation">下痢や便秘が続いている</c>
    <c l="observationCategory" v="drySkinOrEczema">皮膚が乾燥していたり湿疹等がある</c>
    <c l="observationCategory" v="rehabilitationNotProvided">リハビリテーションの提供が必要と思われる状態にあるにも関わらず提供されていない</c>
    <c l="observationCategory" v="other">その他の心身又は生活の状況</c>
    <c l="medicalRecipient" v="physician">主治の医師</c>
    <c l="medicalRecipient" v="dentist">歯科医師</c>
    <c l="medicalRecipient" v="pharmacist">薬剤師</c>
    <c l="physicianKind" v="physician">医師</c>
    <c l="physicianKind" v="dentist">歯科医師</c>
    <c l="deliveryMethod" v="inPerson">対面</c>
    <c l="deliveryMethod" v="post">郵送</c>
    <c l="deliveryMethod" v="email">メール</c>
    <c l="deliveryMethod" v="fax">FAX</c>
    <c l="deliveryMethod" v="phone">電話</c>
    <c l="deliveryMethod" v="other">その他</c>
    <c l="filingReason" v="livingAssistanceCount">生活援助中心型の訪問介護の回数（基準第13条第18号の2）</c>
    <c l="filingReason" v="highLimitUsage">区分支給限度基準額の利用割合等（基準第13条第18号の3）</c>
    <c l="filingReason" v="other">その他</c>
    <c l="housingWish" v="sameSite">同一敷地内等の事業者の利用を希望</c>
    <c l="housingWish" v="otherProviders">同一敷地内等以外の事業者の利用を希望</c>
    <c l="housingWish" v="noPreference">特に希望なし</c>
    <c l="deletionKind" v="plan">居宅サービス計画（第1表〜第3表）の削除</c>
    <c l="deletionKind" v="usage">第6表 サービス利用票（予定）・第7表の削除</c>
    <c l="deletionKind" v="actual">第6表 実績の削除</c>
    <!-- サービス種類コード (domain notes 3.4); display only -->
    <c l="kind" v="11">訪問介護</c>
    <c l="kind" v="12">訪問入浴介護</c>
    <c l="kind" v="13">訪問看護</c>
    <c l="kind" v="14">訪問リハビリテーション</c>
    <c l="kind" v="15">通所介護</c>
    <c l="kind" v="16">通所リハビリテーション</c>
    <c l="kind" v="17">福祉用具貸与</c>
    <c l="kind" v="21">短期入所生活介護</c>
    <c l="kind" v="22">短期入所療養介護（介護老人保健施設）</c>
    <c l="kind" v="23">短期入所療養介護（介護療養型医療施設等）</c>
    <c l="kind" v="2A">短期入所療養介護（介護医療院）</c>
    <c l="kind" v="27">特定施設入居者生活介護（短期利用）</c>
    <c l="kind" v="28">地域密着型特定施設入居者生活介護（短期利用）</c>
    <c l="kind" v="31">居宅療養管理指導</c>
    <c l="kind" v="32">認知症対応型共同生活介護</c>
    <c l="kind" v="33">特定施設入居者生活介護</c>
    <c l="kind" v="36">地域密着型特定施設入居者生活介護</c>
    <c l="kind" v="38">認知症対応型共同生活介護（短期利用）</c>
    <c l="kind" v="68">小規模多機能型居宅介護（短期利用）</c>
    <c l="kind" v="71">夜間対応型訪問介護</c>
    <c l="kind" v="72">認知症対応型通所介護</c>
    <c l="kind" v="73">小規模多機能型居宅介護</c>
    <c l="kind" v="76">定期巡回・随時対応型訪問介護看護</c>
    <c l="kind" v="77">看護小規模多機能型居宅介護</c>
    <c l="kind" v="78">地域密着型通所介護</c>
    <c l="kind" v="79">看護小規模多機能型居宅介護（短期利用）</c>
    <c l="kind" v="24">介護予防短期入所生活介護</c>
    <c l="kind" v="25">介護予防短期入所療養介護（老健）</c>
    <c l="kind" v="26">介護予防短期入所療養介護（療養型医療施設等）</c>
    <c l="kind" v="2B">介護予防短期入所療養介護（介護医療院）</c>
    <c l="kind" v="34">介護予防居宅療養管理指導</c>
    <c l="kind" v="62">介護予防訪問入浴介護</c>
    <c l="kind" v="63">介護予防訪問看護</c>
    <c l="kind" v="64">介護予防訪問リハビリテーション</c>
    <c l="kind" v="66">介護予防通所リハビリテーション</c>
    <c l="kind" v="67">介護予防福祉用具貸与</c>
    <c l="kind" v="69">介護予防小規模多機能型居宅介護（短期利用）</c>
    <c l="kind" v="74">介護予防認知症対応型通所介護</c>
    <c l="kind" v="75">介護予防小規模多機能型居宅介護</c>
    <c l="kind" v="A1">訪問型サービス（みなし）</c>
    <c l="kind" v="A2">訪問型サービス（独自）</c>
    <c l="kind" v="A3">訪問型サービス（独自／定率）</c>
    <c l="kind" v="A4">訪問型サービス（独自／定額）</c>
    <c l="kind" v="A5">通所型サービス（みなし）</c>
    <c l="kind" v="A6">通所型サービス（独自）</c>
    <c l="kind" v="A7">通所型サービス（独自／定率）</c>
    <c l="kind" v="A8">通所型サービス（独自／定額）</c>
  </xsl:variable>
  <xsl:variable name="labels" select="exsl:node-set($labels-rtf)"/>

  <!-- 第3表: the days of the week (DayOfWeekCode) and the time bands of the
       form, in rows of two hours. -->
  <xsl:variable name="weekdays-rtf">
    <d n="1">月</d><d n="2">火</d><d n="3">水</d><d n="4">木</d>
    <d n="5">金</d><d n="6">土</d><d n="7">日</d>
  </xsl:variable>
  <xsl:variable name="weekdays" select="exsl:node-set($weekdays-rtf)/d"/>
  <xsl:variable name="bands-rtf">
    <band name="深夜"><s h="0"/><s h="2"/><s h="4"/></band>
    <band name="早朝"><s h="6"/></band>
    <band name="午前"><s h="8"/><s h="10"/></band>
    <band name="午後"><s h="12"/><s h="14"/><s h="16"/></band>
    <band name="夜間"><s h="18"/><s h="20"/></band>
    <band name="深夜"><s h="22"/></band>
  </xsl:variable>
  <xsl:variable name="bands" select="exsl:node-set($bands-rtf)/band"/>

  <!-- 第6表: days 01-31 -->
  <xsl:variable name="days-rtf">
    <d>01</d><d>02</d><d>03</d><d>04</d><d>05</d><d>06</d><d>07</d><d>08</d>
    <d>09</d><d>10</d><d>11</d><d>12</d><d>13</d><d>14</d><d>15</d><d>16</d>
    <d>17</d><d>18</d><d>19</d><d>20</d><d>21</d><d>22</d><d>23</d><d>24</d>
    <d>25</d><d>26</d><d>27</d><d>28</d><d>29</d><d>30</d><d>31</d>
  </xsl:variable>
  <xsl:variable name="days" select="exsl:node-set($days-rtf)/d"/>

  <!-- 第6表 rows: the lines of one service month with the same service,
       provider and time (one row of the paper form). -->
  <xsl:key name="plan-line" match="cp:planned/cp:line"
           use="concat(generate-id(../..), '|', cp:serviceCode, '|', cp:providerNumber, '|', cp:satelliteBranch, '|', cp:detailCode, '|', cp:startTime, '|', cp:endTime)"/>
  <xsl:key name="actual-line" match="cp:actual/cp:line"
           use="concat(generate-id(../..), '|', cp:serviceCode, '|', cp:providerNumber, '|', cp:satelliteBranch, '|', cp:detailCode, '|', cp:startTime, '|', cp:endTime)"/>

  <!-- ================================================================== -->
  <!-- The page                                                           -->
  <!-- ================================================================== -->

  <xsl:template match="/">
    <xsl:if test="$audience != 'user' and $audience != 'physician'">
      <xsl:message terminate="yes">careplan-html.xsl: audience must be 'user' or 'physician', not '<xsl:value-of select="$audience"/>'</xsl:message>
    </xsl:if>
    <xsl:variable name="records" select="cp:CarePlan | cp:Deletion | cp:CarePlans/cp:CarePlan | cp:CarePlans/cp:Deletion"/>
    <html lang="ja">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>
          <xsl:choose>
            <xsl:when test="count($records) = 1">
              <xsl:apply-templates select="$records" mode="title"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:value-of select="concat('居宅サービス計画書（', $audience-label, '）', count($records), '件')"/>
            </xsl:otherwise>
          </xsl:choose>
        </title>
        <xsl:call-template name="style"/>
      </head>
      <body>
        <main class="doc">
          <xsl:apply-templates select="$records" mode="record"/>
          <xsl:if test="not($records)">
            <p>計画の記録がありません。</p>
          </xsl:if>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="style">
    <style>
/* Screen and print.  Every 表 is a .sheet; in print each one starts a new
   A4 page.  The forms of 老企第29号 are landscape (A4横): those sheets use
   the named page "form" (Chromium 85+ supports page:); other browsers print
   them on the default A4 page. */
body { font-family: "Noto Sans CJK JP", "IPAexGothic", sans-serif; line-height: 1.5; color: #000; background: #fff; margin: 1.5em; }
h1 { font-size: 1.5rem; margin: 0 0 .3em; }
h2 { font-size: 1.25rem; margin: 0; }
h3 { font-size: 1.05rem; margin: 1em 0 .3em; }
a, .url { overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: .3em 0 .8em; }
caption { text-align: left; font-weight: bold; padding: .2em 0; }
caption h3 { margin: .6em 0 0; }
th, td { border: 1px solid #555; padding: .2em .35em; vertical-align: top; text-align: left; }
th { background: #eee; font-weight: bold; }
th.need, th.plain { background: #fff; font-weight: normal; }
.kv th { width: 15em; }
.kv4 th { width: 11em; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.c { text-align: center; }
.small, .wareki, .sub { font-size: .85em; }
.wareki, .sub { color: #333; }
.note { font-size: .9em; margin: .2em 0; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.scroll { overflow-x: auto; position: relative; }
.scroll > table { margin-bottom: .3em; }
.record-head { border-bottom: 2px solid #000; margin-bottom: 1em; padding-bottom: .3em; }
.audience { display: inline-block; border: 2px solid #000; padding: 0 .5em; font-size: 1.05rem; font-weight: bold; margin-left: .5em; vertical-align: middle; }
.sheet { margin: 0 0 2.5em; }
.sheet-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: .3em 1.2em; border-bottom: 1px solid #000; margin-bottom: .4em; }
.sheet-head .form-no { font-weight: bold; border: 1px solid #000; padding: 0 .4em; }
.sheet-head .meta { margin-left: auto; font-size: .9rem; }
.sheet-head .meta span + span { margin-left: 1em; }
.toc ul { margin: .2em 0; padding-left: 1.5em; columns: 2 16em; }
.weekly td { height: 2.2em; font-size: .9em; }
.weekly .band { width: 2.5em; }
.weekly .slot { width: 5.5em; }
.weekly .activity { width: 14em; }
.weekly .cont { color: #555; }
.usage { font-size: .85rem; }
.usage th, .usage td { padding: .1em .15em; }
.usage td.day { text-align: center; min-width: 1.4em; }
.usage th.what { white-space: nowrap; }
.usage .sat { background: #eef3ff; }
.usage .sun { background: #ffeef0; }
.summary { font-size: .85rem; }
.summary th, .summary td { padding: .1em .2em; }
tr.subtotal td, tr.subtotal th { background: #f5f5f5; }
tr.total td, tr.total th { background: #e8e8e8; font-weight: bold; }
.medical, th.medical { background: #fff3cc; }
.med-mark { display: inline-block; border: 1px solid #000; padding: 0 .25em; font-size: 85%; font-weight: bold; margin-right: .3em; }
.attention { border: 2px solid #000; padding: .4em .6em; margin: .4em 0 .8em; }
ul.plain { margin: 0; padding-left: 1.2em; }
@media (max-width: 48em) {
  body { margin: .5em; }
  /* the wide forms keep readable columns and scroll in their region */
  .scroll > table { min-width: 44em; }
  .scroll > table.usage { min-width: 60em; }
  .kv th, .kv4 th { width: 7em; }
  .sheet-head .meta { margin-left: 0; }
}

/* Print: sizes in pt, 10 pt body, nothing under 8 pt. */
@page { size: A4; margin: 12mm; }
@page form { size: A4 landscape; margin: 10mm; }
@media print {
  body { margin: 0; font-size: 10pt; }
  h1 { font-size: 16pt; }
  h2 { font-size: 13pt; }
  h3 { font-size: 11pt; }
  .audience { font-size: 11pt; }
  .sheet-head .meta { font-size: 9.5pt; }
  .note { font-size: 9pt; }
  .small, .wareki, .sub, .med-mark { font-size: max(8pt, .85em); }
  .weekly td { font-size: 9pt; }
  .usage { font-size: 9pt; }
  .summary { font-size: 9pt; }
  .scroll { overflow: visible; }
  .toc { display: none; }
  .record-head, .landscape { page: form; }
  .record + .record { break-before: page; page-break-before: always; }
  .sheet + .sheet { break-before: page; page-break-before: always; }
  .sheet { margin: 0; }
  thead { display: table-header-group; }
  caption, h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, .keep { break-inside: avoid; page-break-inside: avoid; }
  .usage .sat, .usage .sun, .medical, th, tr.total td, tr.subtotal td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- One record                                                          -->
  <!-- ================================================================== -->

  <xsl:template match="cp:CarePlan" mode="title">
    <xsl:variable name="name" select="(cp:userSupplement/cp:name | cp:serviceMonth/cp:userSupplement/cp:name)[1]"/>
    <xsl:choose>
      <xsl:when test="cp:header">居宅サービス計画書</xsl:when>
      <xsl:otherwise>サービス利用票・別表</xsl:otherwise>
    </xsl:choose>
    <xsl:value-of select="concat('（', $audience-label, '）')"/>
    <xsl:if test="normalize-space($name) != ''">
      <xsl:value-of select="concat(' ', normalize-space($name), ' 様')"/>
    </xsl:if>
    <xsl:if test="cp:header/cp:planDate">
      <xsl:value-of select="concat(' ', cp:header/cp:planDate)"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="cp:Deletion" mode="title">
    <xsl:value-of select="concat('削除の指示（', $audience-label, '）', cp:insuredNumber)"/>
  </xsl:template>

  <xsl:template match="cp:CarePlan" mode="record">
    <xsl:variable name="id" select="generate-id()"/>
    <xsl:variable name="name" select="(cp:userSupplement/cp:name | cp:serviceMonth/cp:userSupplement/cp:name)[1]"/>
    <div class="record" role="document">
      <div class="record-head">
        <h1>
          <xsl:choose>
            <xsl:when test="cp:header">居宅サービス計画書</xsl:when>
            <xsl:otherwise>サービス利用票・サービス利用票別表</xsl:otherwise>
          </xsl:choose>
          <span class="audience"><xsl:value-of select="$audience-label"/></span>
        </h1>
        <p class="sub">
          <xsl:if test="normalize-space($name) != ''">
            <xsl:value-of select="concat('利用者 ', normalize-space($name), ' 様')"/>
            <xsl:text>　</xsl:text>
          </xsl:if>
          <xsl:if test="cp:header/cp:planDate">
            <xsl:text>居宅サービス計画作成（変更）日 </xsl:text>
            <xsl:call-template name="date">
              <xsl:with-param name="d" select="cp:header/cp:planDate"/>
            </xsl:call-template>
            <xsl:text>　</xsl:text>
          </xsl:if>
          <xsl:if test="$as-of != ''">
            <xsl:text>出力日 </xsl:text>
            <xsl:call-template name="date">
              <xsl:with-param name="d" select="$as-of"/>
            </xsl:call-template>
          </xsl:if>
        </p>
        <xsl:call-template name="toc">
          <xsl:with-param name="id" select="$id"/>
        </xsl:call-template>
      </div>

      <xsl:if test="$physician and cp:header">
        <xsl:call-template name="physician-sheet">
          <xsl:with-param name="id" select="$id"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:apply-templates select="cp:header" mode="t1">
        <xsl:with-param name="id" select="$id"/>
      </xsl:apply-templates>
      <xsl:apply-templates select="cp:needs[cp:need]" mode="t2">
        <xsl:with-param name="id" select="$id"/>
      </xsl:apply-templates>
      <xsl:apply-templates select="cp:weeklySchedule[cp:entry]" mode="t3">
        <xsl:with-param name="id" select="$id"/>
      </xsl:apply-templates>
      <xsl:apply-templates select="cp:meetings/cp:meeting | cp:meetings/cp:inquiry" mode="t4">
        <xsl:with-param name="id" select="$id"/>
      </xsl:apply-templates>
      <xsl:apply-templates select="cp:progressLog[cp:entry]" mode="t5">
        <xsl:with-param name="id" select="$id"/>
      </xsl:apply-templates>
      <xsl:apply-templates select="cp:serviceMonth[cp:planned/cp:line or cp:actual/cp:line]" mode="t6">
        <xsl:with-param name="id" select="$id"/>
      </xsl:apply-templates>
      <xsl:apply-templates select="cp:serviceMonth[cp:limitManagement/cp:row or cp:userSupplement/cp:kindLimit]" mode="t7">
        <xsl:with-param name="id" select="$id"/>
      </xsl:apply-templates>
      <xsl:call-template name="records-sheet">
        <xsl:with-param name="id" select="$id"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <!-- Table of contents (screen only). -->
  <xsl:template name="toc">
    <xsl:param name="id"/>
    <div class="toc" role="navigation" aria-label="目次">
      <ul>
        <xsl:if test="$physician and cp:header">
          <li><a href="#{$id}-md">主治の医師等への交付にあたって</a></li>
        </xsl:if>
        <xsl:if test="cp:header">
          <li><a href="#{$id}-t1">第1表 居宅サービス計画書（1）</a></li>
        </xsl:if>
        <xsl:if test="cp:needs[cp:need]">
          <li><a href="#{$id}-t2">第2表 居宅サービス計画書（2）</a></li>
        </xsl:if>
        <xsl:if test="cp:weeklySchedule[cp:entry]">
          <li><a href="#{$id}-t3">第3表 週間サービス計画表</a></li>
        </xsl:if>
        <xsl:for-each select="cp:meetings/cp:meeting | cp:meetings/cp:inquiry">
          <li>
            <a href="#{$id}-t4-{position()}">
              <xsl:text>第4表 サービス担当者会議の要点</xsl:text>
              <xsl:value-of select="concat('（', cp:heldOn, cp:inquiredOn, substring('の照会', 1, 3 * boolean(self::cp:inquiry)), '）')"/>
            </a>
          </li>
        </xsl:for-each>
        <xsl:if test="cp:progressLog[cp:entry]">
          <li><a href="#{$id}-t5">第5表 居宅介護支援経過</a></li>
        </xsl:if>
        <xsl:for-each select="cp:serviceMonth[cp:planned/cp:line or cp:actual/cp:line]">
          <li><a href="#{$id}-t6-{cp:targetMonth}">第6表 サービス利用票（<xsl:value-of select="cp:targetMonth"/>）</a></li>
        </xsl:for-each>
        <xsl:for-each select="cp:serviceMonth[cp:limitManagement/cp:row or cp:userSupplement/cp:kindLimit]">
          <li><a href="#{$id}-t7-{cp:targetMonth}">第7表 サービス利用票別表（<xsl:value-of select="cp:targetMonth"/>）</a></li>
        </xsl:for-each>
        <xsl:if test="cp:contractConsent or cp:hospitalContactRequest or cp:providerChoice or cp:needs//cp:serviceLine[normalize-space(cp:selectionReason) != ''] or (cp:physicianOpinion and not($physician)) or cp:monitoring/* or cp:municipalFiling">
          <li><a href="#{$id}-rec">計画に関する記録</a></li>
        </xsl:if>
      </ul>
    </div>
  </xsl:template>

  <!-- The top of every sheet: form number, title, the fields the form
       prints on its first line, and the audience. -->
  <xsl:template name="sheet-head">
    <xsl:param name="form"/>
    <xsl:param name="title"/>
    <xsl:param name="heading-id"/>
    <xsl:param name="created"/>
    <div class="sheet-head">
      <xsl:if test="$form != ''">
        <span class="form-no"><xsl:value-of select="$form"/></span>
      </xsl:if>
      <h2 id="{$heading-id}"><xsl:value-of select="$title"/></h2>
      <span class="meta">
        <xsl:if test="normalize-space($created) != ''">
          <span>
            <xsl:text>作成年月日 </xsl:text>
            <xsl:call-template name="date">
              <xsl:with-param name="d" select="$created"/>
            </xsl:call-template>
          </span>
        </xsl:if>
        <span class="audience"><xsl:value-of select="$audience-label"/></span>
      </span>
    </div>
  </xsl:template>

  <!-- 利用者名 and 計画作成者 lines that 第2表-第5表 repeat. -->
  <xsl:template name="user-line">
    <xsl:variable name="plan" select="ancestor-or-self::cp:CarePlan"/>
    <xsl:variable name="name" select="($plan/cp:userSupplement/cp:name | $plan/cp:serviceMonth/cp:userSupplement/cp:name)[1]"/>
    <p class="note">
      <xsl:if test="normalize-space($name) != ''">
        <xsl:value-of select="concat('利用者名 ', normalize-space($name), ' 殿')"/>
        <xsl:text>　</xsl:text>
      </xsl:if>
      <xsl:if test="normalize-space($plan/cp:header/cp:planAuthorName) != ''">
        <xsl:value-of select="concat('居宅サービス計画作成者（担当者）氏名 ', normalize-space($plan/cp:header/cp:planAuthorName))"/>
      </xsl:if>
    </p>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- 主治の医師等への交付 (physician audience only)                       -->
  <!-- ================================================================== -->

  <xsl:template name="physician-sheet">
    <xsl:param name="id"/>
    <xsl:variable name="medical-lines"
                  select="cp:needs/cp:need/cp:goal/cp:serviceLine[normalize-space(cp:serviceKind) != ''
                          and (contains($medical-service-kinds, concat(' ', normalize-space(cp:serviceKind), ' '))
                               or (contains($medical-if-nursing-kinds, concat(' ', normalize-space(cp:serviceKind), ' '))
                                   and (contains(cp:content, '訪問看護') or contains(cp:serviceType, '訪問看護'))))]"/>
    <xsl:variable name="medical-observations" select="cp:monitoring/cp:observation[cp:passedTo or cp:adviceNeeded = 'true' or cp:adviceNeeded = '1']"/>
    <div class="sheet landscape" role="region" aria-labelledby="{$id}-md">
      <xsl:call-template name="sheet-head">
        <xsl:with-param name="title" select="'主治の医師等への交付にあたって'"/>
        <xsl:with-param name="heading-id" select="concat($id, '-md')"/>
      </xsl:call-template>
      <xsl:call-template name="user-line"/>
      <p class="attention">
        <xsl:text>この居宅サービス計画は、意見を求めた主治の医師等に交付するものです（指定居宅介護支援等の事業の人員及び運営に関する基準 第13条第19号の2）。</xsl:text>
        <xsl:text>計画に位置付けた医療サービスを「医療」の印で示しています。医学的観点からの留意事項への対応とあわせてご確認ください。</xsl:text>
      </p>

      <xsl:choose>
        <xsl:when test="cp:physicianOpinion">
          <xsl:for-each select="cp:physicianOpinion">
            <xsl:call-template name="physician-opinion"/>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <p class="note">主治の医師等の意見・指示の記録はありません。</p>
        </xsl:otherwise>
      </xsl:choose>

      <xsl:choose>
        <xsl:when test="$medical-lines">
          <table>
            <caption>計画に位置付けた医療サービス（第2表より）</caption>
            <thead>
              <tr>
                <th scope="col">生活全般の解決すべき課題（ニーズ）</th>
                <th scope="col">サービス内容</th>
                <th scope="col">サービス種別</th>
                <th scope="col">事業所</th>
                <th scope="col">頻度</th>
                <th scope="col">期間</th>
                <th scope="col">主治の医師等の指示</th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="$medical-lines">
                <xsl:variable name="kind" select="normalize-space(cp:serviceKind)"/>
                <xsl:variable name="opinions" select="ancestor::cp:CarePlan/cp:physicianOpinion[not(cp:serviceKind) or cp:serviceKind = $kind]"/>
                <tr>
                  <td class="text"><xsl:call-template name="text"><xsl:with-param name="s" select="ancestor::cp:need/cp:issue"/></xsl:call-template></td>
                  <td class="text"><xsl:call-template name="text"><xsl:with-param name="s" select="cp:content"/></xsl:call-template></td>
                  <td>
                    <xsl:value-of select="cp:serviceType"/>
                    <span class="sub">
                      <xsl:text>（</xsl:text>
                      <xsl:call-template name="kind">
                        <xsl:with-param name="code" select="$kind"/>
                      </xsl:call-template>
                      <xsl:text>）</xsl:text>
                    </span>
                  </td>
                  <td><xsl:value-of select="cp:providerName"/></td>
                  <td class="text"><xsl:value-of select="cp:frequency"/></td>
                  <td class="text"><xsl:value-of select="cp:period"/></td>
                  <td>
                    <xsl:choose>
                      <xsl:when test="$opinions">
                        <xsl:for-each select="$opinions">
                          <xsl:value-of select="concat(cp:physicianName, ' ')"/>
                          <xsl:call-template name="date">
                            <xsl:with-param name="d" select="cp:obtainedOn"/>
                          </xsl:call-template>
                          <xsl:if test="position() != last()"><br/></xsl:if>
                        </xsl:for-each>
                      </xsl:when>
                      <xsl:otherwise>記録なし</xsl:otherwise>
                    </xsl:choose>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:when>
        <xsl:when test="cp:needs">
          <p class="note">第2表に医療サービスの位置付けはありません。</p>
        </xsl:when>
      </xsl:choose>

      <xsl:if test="$medical-observations">
        <h3>モニタリング等で把握した状況と情報提供</h3>
        <xsl:for-each select="$medical-observations">
          <xsl:call-template name="observation"/>
        </xsl:for-each>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- 第1表 居宅サービス計画書（1）                                         -->
  <!-- ================================================================== -->

  <xsl:template match="cp:header" mode="t1">
    <xsl:param name="id"/>
    <xsl:variable name="plan" select=".."/>
    <!-- the plan's 利用者補足情報, else the first month's -->
    <xsl:variable name="us" select="(../cp:userSupplement | ../cp:serviceMonth/cp:userSupplement)[1]"/>
    <xsl:variable name="ov" select="../cp:overview"/>
    <div class="sheet landscape" role="region" aria-labelledby="{$id}-t1">
      <xsl:call-template name="sheet-head">
        <xsl:with-param name="form" select="'第1表'"/>
        <xsl:with-param name="title" select="'居宅サービス計画書（1）'"/>
        <xsl:with-param name="heading-id" select="concat($id, '-t1')"/>
        <xsl:with-param name="created" select="cp:createdOn"/>
      </xsl:call-template>

      <table class="kv4">
        <caption>利用者と計画の見出し</caption>
        <tbody>
          <tr>
            <th scope="row">計画書区分</th>
            <td>
              <xsl:call-template name="label">
                <xsl:with-param name="list" select="'planCategory'"/>
                <xsl:with-param name="code" select="cp:planCategory"/>
              </xsl:call-template>
            </td>
            <th scope="row">認定状況</th>
            <td>
              <xsl:call-template name="label">
                <xsl:with-param name="list" select="'certificationStatus'"/>
                <xsl:with-param name="code" select="cp:certificationStatus"/>
              </xsl:call-template>
            </td>
          </tr>
          <tr>
            <th scope="row">利用者名</th>
            <td>
              <xsl:if test="normalize-space($us/cp:name) != ''">
                <xsl:value-of select="concat(normalize-space($us/cp:name), ' 殿')"/>
              </xsl:if>
              <xsl:if test="normalize-space($us/cp:furigana) != ''">
                <span class="sub"><xsl:value-of select="concat('（', normalize-space($us/cp:furigana), '）')"/></span>
              </xsl:if>
            </td>
            <th scope="row">生年月日</th>
            <td>
              <xsl:call-template name="date">
                <xsl:with-param name="d" select="$us/cp:birthDate"/>
              </xsl:call-template>
            </td>
          </tr>
          <tr>
            <th scope="row">住所</th>
            <td colspan="3">
              <xsl:call-template name="address">
                <xsl:with-param name="a" select="(cp:userAddress | $us[not(current()/cp:userAddress)])[1]"/>
              </xsl:call-template>
            </td>
          </tr>
          <tr>
            <th scope="row">居宅サービス計画作成者氏名</th>
            <td colspan="3"><xsl:value-of select="cp:planAuthorName"/></td>
          </tr>
          <tr>
            <th scope="row">居宅介護支援事業者・事業所名及び所在地</th>
            <td colspan="3">
              <xsl:value-of select="cp:supportOffice/cp:name"/>
              <xsl:if test="cp:supportOffice/cp:officeNumber">
                <span class="sub"><xsl:value-of select="concat('（事業所番号 ', cp:supportOffice/cp:officeNumber, '）')"/></span>
              </xsl:if>
              <xsl:if test="cp:supportOffice/cp:address1 or cp:supportOffice/cp:postalCode">
                <br/>
                <xsl:call-template name="address">
                  <xsl:with-param name="a" select="cp:supportOffice"/>
                </xsl:call-template>
              </xsl:if>
            </td>
          </tr>
          <tr>
            <th scope="row">居宅サービス計画作成（変更）日</th>
            <td>
              <xsl:call-template name="date">
                <xsl:with-param name="d" select="cp:planDate"/>
              </xsl:call-template>
            </td>
            <th scope="row">初回居宅サービス計画作成日</th>
            <td>
              <xsl:call-template name="date">
                <xsl:with-param name="d" select="cp:firstPlanDate"/>
              </xsl:call-template>
            </td>
          </tr>
          <tr>
            <th scope="row">認定日</th>
            <td>
              <xsl:call-template name="date">
                <xsl:with-param name="d" select="cp:certificationDate"/>
              </xsl:call-template>
            </td>
            <th scope="row">認定の有効期間</th>
            <td>
              <xsl:call-template name="period">
                <xsl:with-param name="from" select="cp:certificationValidFrom"/>
                <xsl:with-param name="to" select="cp:certificationValidTo"/>
              </xsl:call-template>
            </td>
          </tr>
          <tr>
            <th scope="row">要介護状態区分</th>
            <td colspan="3">
              <xsl:call-template name="label">
                <xsl:with-param name="list" select="'careLevel'"/>
                <xsl:with-param name="code" select="cp:careLevel"/>
              </xsl:call-template>
            </td>
          </tr>
        </tbody>
      </table>

      <xsl:if test="$ov/*[self::cp:assessmentResult or self::cp:reviewBoardOpinion or self::cp:overallPolicy or self::cp:livingAssistanceReason][normalize-space() != '']">
        <table class="kv">
          <caption>意向・意見・方針</caption>
          <tbody>
            <xsl:call-template name="row-text">
              <xsl:with-param name="label" select="'利用者及び家族の生活に対する意向を踏まえた課題分析の結果'"/>
              <xsl:with-param name="value" select="$ov/cp:assessmentResult"/>
            </xsl:call-template>
            <xsl:call-template name="row-text">
              <xsl:with-param name="label" select="'介護認定審査会の意見及びサービスの種類の指定'"/>
              <xsl:with-param name="value" select="$ov/cp:reviewBoardOpinion"/>
            </xsl:call-template>
            <xsl:call-template name="row-text">
              <xsl:with-param name="label" select="'総合的な援助の方針'"/>
              <xsl:with-param name="value" select="$ov/cp:overallPolicy"/>
            </xsl:call-template>
            <xsl:if test="normalize-space($ov/cp:livingAssistanceReason) != ''">
              <tr>
                <th scope="row">生活援助中心型の算定理由</th>
                <td>
                  <xsl:value-of select="concat(normalize-space($ov/cp:livingAssistanceReason), '. ')"/>
                  <xsl:call-template name="label">
                    <xsl:with-param name="list" select="'livingAssistanceReason'"/>
                    <xsl:with-param name="code" select="$ov/cp:livingAssistanceReason"/>
                  </xsl:call-template>
                  <xsl:if test="normalize-space($ov/cp:livingAssistanceOtherReason) != ''">
                    <xsl:text>（</xsl:text>
                    <span class="text"><xsl:value-of select="$ov/cp:livingAssistanceOtherReason"/></span>
                    <xsl:text>）</xsl:text>
                  </xsl:if>
                </td>
              </tr>
            </xsl:if>
          </tbody>
        </table>
      </xsl:if>

      <xsl:for-each select="$plan/cp:planConsent">
        <table class="kv4">
          <caption>居宅サービス計画の説明・同意・交付</caption>
          <tbody>
            <tr>
              <th scope="row">説明日</th>
              <td>
                <xsl:call-template name="date">
                  <xsl:with-param name="d" select="cp:explainedOn"/>
                </xsl:call-template>
              </td>
              <th scope="row">同意日</th>
              <td>
                <xsl:call-template name="date">
                  <xsl:with-param name="d" select="cp:consentedOn"/>
                </xsl:call-template>
              </td>
            </tr>
            <tr>
              <th scope="row">利用者同意欄（署名）</th>
              <td colspan="3">
                <xsl:apply-templates select="cp:signature"/>
              </td>
            </tr>
            <tr>
              <th scope="row">利用者への交付日</th>
              <td>
                <xsl:call-template name="date">
                  <xsl:with-param name="d" select="cp:deliveredOn"/>
                </xsl:call-template>
              </td>
              <th scope="row">サービス事業者への交付日</th>
              <td>
                <xsl:call-template name="date">
                  <xsl:with-param name="d" select="cp:deliveredToProvidersOn"/>
                </xsl:call-template>
              </td>
            </tr>
          </tbody>
        </table>
      </xsl:for-each>
    </div>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- 第2表 居宅サービス計画書（2）                                         -->
  <!-- ================================================================== -->

  <xsl:template match="cp:needs" mode="t2">
    <xsl:param name="id"/>
    <div class="sheet landscape" role="region" aria-labelledby="{$id}-t2">
      <xsl:call-template name="sheet-head">
        <xsl:with-param name="form" select="'第2表'"/>
        <xsl:with-param name="title" select="'居宅サービス計画書（2）'"/>
        <xsl:with-param name="heading-id" select="concat($id, '-t2')"/>
        <xsl:with-param name="created" select="cp:createdOn"/>
      </xsl:call-template>
      <xsl:call-template name="user-line"/>
      <div class="scroll" tabindex="0" role="region" aria-label="第2表 課題・目標・援助内容（横にスクロールできます）">
        <table class="needs">
          <caption>生活全般の解決すべき課題（ニーズ）・目標・援助内容</caption>
          <colgroup span="1"/>
          <colgroup span="4"/>
          <colgroup span="6"/>
          <thead>
            <tr>
              <th scope="col" rowspan="2">生活全般の解決すべき課題（ニーズ）</th>
              <th scope="colgroup" colspan="4">目標</th>
              <th scope="colgroup" colspan="6">援助内容</th>
            </tr>
            <tr>
              <th scope="col">長期目標</th>
              <th scope="col">（期間）</th>
              <th scope="col">短期目標</th>
              <th scope="col">（期間）</th>
              <th scope="col">サービス内容</th>
              <th scope="col">※1<span class="vh">（保険給付の対象となるかどうかの区分）</span></th>
              <th scope="col">サービス種別</th>
              <th scope="col">※2<span class="vh">（当該サービス提供を行う事業所）</span></th>
              <th scope="col">頻度</th>
              <th scope="col">期間</th>
            </tr>
          </thead>
          <xsl:for-each select="cp:need">
            <xsl:sort select="@no" data-type="number"/>
            <xsl:variable name="need" select="."/>
            <xsl:variable name="need-rows" select="count(cp:goal[not(cp:serviceLine)]) + count(cp:goal/cp:serviceLine)"/>
            <tbody>
              <xsl:for-each select="cp:goal">
                <xsl:sort select="@no" data-type="number"/>
                <xsl:variable name="first-goal" select="position() = 1"/>
                <xsl:variable name="goal" select="."/>
                <xsl:choose>
                  <xsl:when test="cp:serviceLine">
                    <xsl:for-each select="cp:serviceLine">
                      <xsl:sort select="@no" data-type="number"/>
                      <tr>
                        <xsl:if test="$first-goal and position() = 1">
                          <xsl:apply-templates select="$need" mode="t2-need">
                            <xsl:with-param name="rows" select="$need-rows"/>
                          </xsl:apply-templates>
                        </xsl:if>
                        <xsl:if test="position() = 1">
                          <xsl:apply-templates select="$goal" mode="t2-goal"/>
                        </xsl:if>
                        <xsl:apply-templates select="." mode="t2-line"/>
                      </tr>
                    </xsl:for-each>
                  </xsl:when>
                  <xsl:otherwise>
                    <tr>
                      <xsl:if test="$first-goal">
                        <xsl:apply-templates select="$need" mode="t2-need">
                          <xsl:with-param name="rows" select="$need-rows"/>
                        </xsl:apply-templates>
                      </xsl:if>
                      <xsl:apply-templates select="." mode="t2-goal"/>
                      <td colspan="6"></td>
                    </tr>
                  </xsl:otherwise>
                </xsl:choose>
              </xsl:for-each>
            </tbody>
          </xsl:for-each>
        </table>
      </div>
      <p class="note">※1 「保険給付の対象となるかどうかの区分」について、保険給付の対象となるサービスには「○ 対象」と記載しています。</p>
      <p class="note">※2 「当該サービス提供を行う事業所」について記載しています。</p>
    </div>
  </xsl:template>

  <xsl:template match="cp:need" mode="t2-need">
    <xsl:param name="rows"/>
    <th scope="rowgroup" rowspan="{$rows}" class="need text">
      <xsl:call-template name="text">
        <xsl:with-param name="s" select="cp:issue"/>
      </xsl:call-template>
    </th>
  </xsl:template>

  <xsl:template match="cp:goal" mode="t2-goal">
    <xsl:variable name="rows">
      <xsl:choose>
        <xsl:when test="cp:serviceLine"><xsl:value-of select="count(cp:serviceLine)"/></xsl:when>
        <xsl:otherwise>1</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <td rowspan="{$rows}" class="text"><xsl:call-template name="text"><xsl:with-param name="s" select="cp:longTermGoal"/></xsl:call-template></td>
    <td rowspan="{$rows}" class="text small"><xsl:call-template name="text"><xsl:with-param name="s" select="cp:longTermPeriod"/></xsl:call-template></td>
    <td rowspan="{$rows}" class="text"><xsl:call-template name="text"><xsl:with-param name="s" select="cp:shortTermGoal"/></xsl:call-template></td>
    <td rowspan="{$rows}" class="text small"><xsl:call-template name="text"><xsl:with-param name="s" select="cp:shortTermPeriod"/></xsl:call-template></td>
  </xsl:template>

  <xsl:template match="cp:serviceLine" mode="t2-line">
    <xsl:variable name="kind" select="normalize-space(cp:serviceKind)"/>
    <xsl:variable name="medical" select="$physician and $kind != ''
          and (contains($medical-service-kinds, concat(' ', $kind, ' '))
               or (contains($medical-if-nursing-kinds, concat(' ', $kind, ' '))
                   and (contains(cp:content, '訪問看護') or contains(cp:serviceType, '訪問看護'))))"/>
    <td class="text">
      <xsl:if test="$medical"><xsl:attribute name="class">text medical</xsl:attribute></xsl:if>
      <xsl:call-template name="text"><xsl:with-param name="s" select="cp:content"/></xsl:call-template>
    </td>
    <td class="c">
      <xsl:choose>
        <xsl:when test="cp:insuranceCovered = 'Y'">○ 対象</xsl:when>
        <xsl:when test="cp:insuranceCovered = 'N'">対象外</xsl:when>
      </xsl:choose>
    </td>
    <td>
      <xsl:if test="$medical">
        <xsl:attribute name="class">medical</xsl:attribute>
        <span class="med-mark">医療</span>
      </xsl:if>
      <xsl:value-of select="cp:serviceType"/>
    </td>
    <td>
      <xsl:value-of select="cp:providerName"/>
      <xsl:if test="cp:providerNumber">
        <br/><span class="sub"><xsl:value-of select="cp:providerNumber"/></span>
      </xsl:if>
    </td>
    <td class="text"><xsl:call-template name="text"><xsl:with-param name="s" select="cp:frequency"/></xsl:call-template></td>
    <td class="text small"><xsl:call-template name="text"><xsl:with-param name="s" select="cp:period"/></xsl:call-template></td>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- 第3表 週間サービス計画表                                             -->
  <!-- ================================================================== -->

  <xsl:template match="cp:weeklySchedule" mode="t3">
    <xsl:param name="id"/>
    <xsl:variable name="entries" select="cp:entry"/>
    <div class="sheet landscape" role="region" aria-labelledby="{$id}-t3">
      <xsl:call-template name="sheet-head">
        <xsl:with-param name="form" select="'第3表'"/>
        <xsl:with-param name="title" select="'週間サービス計画表'"/>
        <xsl:with-param name="heading-id" select="concat($id, '-t3')"/>
        <xsl:with-param name="created" select="cp:createdOn"/>
      </xsl:call-template>
      <xsl:call-template name="user-line"/>
      <div class="scroll" tabindex="0" role="region" aria-label="第3表 週間サービス計画表（横にスクロールできます）">
        <table class="weekly">
          <caption>週間サービス計画表（2時間ごと。開始時刻の枠に記載し、次の枠に続くものは「（続き）」と記載）</caption>
          <thead>
            <tr>
              <th scope="col" class="band">時間帯</th>
              <th scope="col" class="slot">時刻</th>
              <xsl:for-each select="$weekdays">
                <th scope="col" class="c"><xsl:value-of select="."/></th>
              </xsl:for-each>
              <th scope="col" class="activity">主な日常生活上の活動</th>
            </tr>
          </thead>
          <xsl:for-each select="$bands">
            <tbody>
              <xsl:for-each select="s">
                <xsl:variable name="from" select="@h * 60"/>
                <xsl:variable name="to" select="@h * 60 + 120"/>
                <tr>
                  <xsl:if test="position() = 1">
                    <th scope="rowgroup" rowspan="{count(../s)}"><xsl:value-of select="../@name"/></th>
                  </xsl:if>
                  <th scope="row" class="plain small">
                    <xsl:value-of select="concat(@h, ':00〜', @h + 2, ':00')"/>
                  </th>
                  <xsl:for-each select="$weekdays">
                    <xsl:variable name="dow" select="@n"/>
                    <td>
                      <xsl:for-each select="$entries[cp:dayOfWeek = $dow and string-length(cp:startTime) = 4]">
                        <xsl:sort select="cp:startTime"/>
                        <xsl:variable name="s" select="number(substring(cp:startTime, 1, 2)) * 60 + number(substring(cp:startTime, 3, 2))"/>
                        <xsl:variable name="e">
                          <xsl:choose>
                            <xsl:when test="string-length(cp:endTime) = 4">
                              <xsl:value-of select="number(substring(cp:endTime, 1, 2)) * 60 + number(substring(cp:endTime, 3, 2))"/>
                            </xsl:when>
                            <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
                          </xsl:choose>
                        </xsl:variable>
                        <xsl:choose>
                          <xsl:when test="$s &gt;= $from and $s &lt; $to">
                            <div>
                              <span class="small">
                                <xsl:call-template name="time-range">
                                  <xsl:with-param name="from" select="cp:startTime"/>
                                  <xsl:with-param name="to" select="cp:endTime"/>
                                </xsl:call-template>
                              </span>
                              <xsl:text> </xsl:text>
                              <xsl:value-of select="cp:serviceContent"/>
                            </div>
                          </xsl:when>
                          <xsl:when test="$s &lt; $from and number($e) &gt; $from">
                            <div class="cont"><xsl:value-of select="concat('（続き）', cp:serviceContent)"/></div>
                          </xsl:when>
                        </xsl:choose>
                      </xsl:for-each>
                    </td>
                  </xsl:for-each>
                  <td>
                    <xsl:for-each select="$entries[normalize-space(cp:activity) != '' and string-length(cp:activityStartTime) = 4]">
                      <xsl:sort select="cp:activityStartTime"/>
                      <xsl:variable name="s" select="number(substring(cp:activityStartTime, 1, 2)) * 60 + number(substring(cp:activityStartTime, 3, 2))"/>
                      <xsl:if test="$s &gt;= $from and $s &lt; $to">
                        <div>
                          <span class="small">
                            <xsl:call-template name="time-range">
                              <xsl:with-param name="from" select="cp:activityStartTime"/>
                              <xsl:with-param name="to" select="cp:activityEndTime"/>
                            </xsl:call-template>
                          </span>
                          <xsl:text> </xsl:text>
                          <xsl:value-of select="cp:activity"/>
                        </div>
                      </xsl:if>
                    </xsl:for-each>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </xsl:for-each>
          <tbody>
            <!-- entries with a day but no time, activities with no time -->
            <xsl:if test="$entries[cp:dayOfWeek and not(cp:startTime) and normalize-space(cp:serviceContent) != '']
                          or $entries[normalize-space(cp:activity) != '' and not(cp:activityStartTime)]">
              <tr>
                <th scope="row" colspan="2">時間の指定なし</th>
                <xsl:for-each select="$weekdays">
                  <xsl:variable name="dow" select="@n"/>
                  <td>
                    <xsl:for-each select="$entries[cp:dayOfWeek = $dow and not(cp:startTime) and normalize-space(cp:serviceContent) != '']">
                      <div><xsl:value-of select="cp:serviceContent"/></div>
                    </xsl:for-each>
                  </td>
                </xsl:for-each>
                <td>
                  <xsl:for-each select="$entries[normalize-space(cp:activity) != '' and not(cp:activityStartTime)]">
                    <div><xsl:value-of select="cp:activity"/></div>
                  </xsl:for-each>
                </td>
              </tr>
            </xsl:if>
            <xsl:if test="$entries[not(cp:dayOfWeek) and normalize-space(cp:serviceContent) != '']">
              <tr>
                <th scope="row" colspan="2">曜日の指定なし</th>
                <td colspan="8">
                  <xsl:for-each select="$entries[not(cp:dayOfWeek) and normalize-space(cp:serviceContent) != '']">
                    <div>
                      <xsl:if test="cp:startTime">
                        <span class="small">
                          <xsl:call-template name="time-range">
                            <xsl:with-param name="from" select="cp:startTime"/>
                            <xsl:with-param name="to" select="cp:endTime"/>
                          </xsl:call-template>
                        </span>
                        <xsl:text> </xsl:text>
                      </xsl:if>
                      <xsl:value-of select="cp:serviceContent"/>
                    </div>
                  </xsl:for-each>
                </td>
              </tr>
            </xsl:if>
            <xsl:if test="$entries[normalize-space(cp:nonWeeklyService) != '']">
              <tr>
                <th scope="row" colspan="2">週単位以外のサービス</th>
                <td colspan="8">
                  <xsl:for-each select="$entries[normalize-space(cp:nonWeeklyService) != '']">
                    <div class="text"><xsl:value-of select="cp:nonWeeklyService"/></div>
                  </xsl:for-each>
                </td>
              </tr>
            </xsl:if>
          </tbody>
        </table>
      </div>
    </div>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- 第4表 サービス担当者会議の要点 (one sheet per meeting or inquiry)     -->
  <!-- ================================================================== -->

  <xsl:template match="cp:meeting" mode="t4">
    <xsl:param name="id"/>
    <xsl:variable name="hid" select="concat($id, '-t4-', position())"/>
    <div class="sheet landscape" role="region" aria-labelledby="{$hid}">
      <xsl:call-template name="sheet-head">
        <xsl:with-param name="form" select="'第4表'"/>
        <xsl:with-param name="title" select="'サービス担当者会議の要点'"/>
        <xsl:with-param name="heading-id" select="$hid"/>
        <xsl:with-param name="created" select="cp:createdOn"/>
      </xsl:call-template>
      <xsl:call-template name="user-line"/>
      <table class="kv4">
        <caption>開催</caption>
        <tbody>
          <tr>
            <th scope="row">開催日</th>
            <td>
              <xsl:call-template name="date">
                <xsl:with-param name="d" select="cp:heldOn"/>
              </xsl:call-template>
            </td>
            <th scope="row">開催場所</th>
            <td><xsl:value-of select="cp:place"/></td>
          </tr>
          <tr>
            <th scope="row">開催時間</th>
            <td>
              <xsl:call-template name="time-range">
                <xsl:with-param name="from" select="cp:startTime"/>
                <xsl:with-param name="to" select="cp:endTime"/>
              </xsl:call-template>
            </td>
            <th scope="row">開催回数</th>
            <td>
              <xsl:if test="cp:count"><xsl:value-of select="concat(cp:count, '回目')"/></xsl:if>
            </td>
          </tr>
          <xsl:if test="cp:userAttended or cp:familyAttended">
            <tr>
              <th scope="row">本人の出席</th>
              <td>
                <xsl:call-template name="bool">
                  <xsl:with-param name="v" select="cp:userAttended"/>
                  <xsl:with-param name="yes" select="'出席'"/>
                  <xsl:with-param name="no" select="'欠席'"/>
                </xsl:call-template>
              </td>
              <th scope="row">家族の出席</th>
              <td>
                <xsl:call-template name="bool">
                  <xsl:with-param name="v" select="cp:familyAttended"/>
                  <xsl:with-param name="yes" select="'出席'"/>
                  <xsl:with-param name="no" select="'欠席'"/>
                </xsl:call-template>
              </td>
            </tr>
          </xsl:if>
        </tbody>
      </table>
      <table>
        <caption>会議出席者</caption>
        <thead>
          <tr>
            <th scope="col">立場</th>
            <th scope="col">所属（職種）</th>
            <th scope="col">氏名</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="cp:attendee">
            <tr>
              <td>
                <xsl:call-template name="label">
                  <xsl:with-param name="list" select="'attendeeRole'"/>
                  <xsl:with-param name="code" select="cp:role"/>
                </xsl:call-template>
              </td>
              <td><xsl:value-of select="cp:affiliation"/></td>
              <td><xsl:value-of select="cp:name"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      <table class="kv">
        <caption>要点</caption>
        <tbody>
          <xsl:call-template name="row-text">
            <xsl:with-param name="label" select="'検討した項目'"/>
            <xsl:with-param name="value" select="cp:itemsDiscussed"/>
          </xsl:call-template>
          <xsl:call-template name="row-text">
            <xsl:with-param name="label" select="'検討内容'"/>
            <xsl:with-param name="value" select="cp:discussion"/>
          </xsl:call-template>
          <xsl:call-template name="row-text">
            <xsl:with-param name="label" select="'結論'"/>
            <xsl:with-param name="value" select="cp:conclusion"/>
          </xsl:call-template>
          <xsl:call-template name="row-text">
            <xsl:with-param name="label" select="'残された課題'"/>
            <xsl:with-param name="value" select="cp:remainingIssues"/>
          </xsl:call-template>
          <xsl:call-template name="row-text">
            <xsl:with-param name="label" select="'（次回の開催時期）'"/>
            <xsl:with-param name="value" select="cp:nextMeeting"/>
          </xsl:call-template>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <xsl:template match="cp:inquiry" mode="t4">
    <xsl:param name="id"/>
    <xsl:variable name="hid" select="concat($id, '-t4-', position())"/>
    <div class="sheet landscape" role="region" aria-labelledby="{$hid}">
      <xsl:call-template name="sheet-head">
        <xsl:with-param name="form" select="'第4表'"/>
        <xsl:with-param name="title" select="'サービス担当者会議の要点（担当者への照会）'"/>
        <xsl:with-param name="heading-id" select="$hid"/>
        <xsl:with-param name="created" select="cp:createdOn"/>
      </xsl:call-template>
      <xsl:call-template name="user-line"/>
      <table class="kv">
        <caption>照会</caption>
        <tbody>
          <tr>
            <th scope="row">照会日</th>
            <td>
              <xsl:call-template name="date">
                <xsl:with-param name="d" select="cp:inquiredOn"/>
              </xsl:call-template>
            </td>
          </tr>
          <tr>
            <th scope="row">会議に代えて照会によった理由</th>
            <td>
              <xsl:call-template name="label">
                <xsl:with-param name="list" select="'inquiryReason'"/>
                <xsl:with-param name="code" select="cp:reason"/>
              </xsl:call-template>
            </td>
          </tr>
          <xsl:call-template name="row-text">
            <xsl:with-param name="label" select="'理由の詳細'"/>
            <xsl:with-param name="value" select="cp:reasonDetail"/>
          </xsl:call-template>
          <xsl:for-each select="cp:physicianAdvice">
            <tr>
              <th scope="row">主治の医師等の判断・助言</th>
              <td>
                <xsl:call-template name="date">
                  <xsl:with-param name="d" select="cp:judgedOn"/>
                </xsl:call-template>
                <xsl:value-of select="concat('　', cp:physicianName)"/>
                <xsl:if test="cp:institution"><xsl:value-of select="concat('（', cp:institution, '）')"/></xsl:if>
                <xsl:if test="normalize-space(cp:content) != ''">
                  <br/>
                  <span class="text"><xsl:call-template name="text"><xsl:with-param name="s" select="cp:content"/></xsl:call-template></span>
                </xsl:if>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      <table>
        <caption>照会先と回答</caption>
        <thead>
          <tr>
            <th scope="col">所属（職種）</th>
            <th scope="col">氏名</th>
            <th scope="col">照会の方法</th>
            <th scope="col">回答日</th>
            <th scope="col">回答内容</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="cp:recipient">
            <tr>
              <td><xsl:value-of select="cp:affiliation"/></td>
              <td><xsl:value-of select="cp:name"/></td>
              <td>
                <xsl:call-template name="label">
                  <xsl:with-param name="list" select="'deliveryMethod'"/>
                  <xsl:with-param name="code" select="cp:method"/>
                </xsl:call-template>
              </td>
              <td>
                <xsl:call-template name="date">
                  <xsl:with-param name="d" select="cp:answeredOn"/>
                </xsl:call-template>
              </td>
              <td class="text"><xsl:call-template name="text"><xsl:with-param name="s" select="cp:answer"/></xsl:call-template></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      <xsl:if test="normalize-space(concat(cp:content, cp:conclusion, cp:remainingIssues)) != ''">
        <table class="kv">
          <caption>要点</caption>
          <tbody>
            <xsl:call-template name="row-text">
              <xsl:with-param name="label" select="'照会内容'"/>
              <xsl:with-param name="value" select="cp:content"/>
            </xsl:call-template>
            <xsl:call-template name="row-text">
              <xsl:with-param name="label" select="'結論'"/>
              <xsl:with-param name="value" select="cp:conclusion"/>
            </xsl:call-template>
            <xsl:call-template name="row-text">
              <xsl:with-param name="label" select="'残された課題'"/>
              <xsl:with-param name="value" select="cp:remainingIssues"/>
            </xsl:call-template>
          </tbody>
        </table>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- 第5表 居宅介護支援経過                                               -->
  <!-- ================================================================== -->

  <xsl:template match="cp:progressLog" mode="t5">
    <xsl:param name="id"/>
    <xsl:variable name="by" select="cp:entry[normalize-space(cp:recordedBy) != '']"/>
    <div class="sheet landscape" role="region" aria-labelledby="{$id}-t5">
      <xsl:call-template name="sheet-head">
        <xsl:with-param name="form" select="'第5表'"/>
        <xsl:with-param name="title" select="'居宅介護支援経過'"/>
        <xsl:with-param name="heading-id" select="concat($id, '-t5')"/>
      </xsl:call-template>
      <xsl:call-template name="user-line"/>
      <table>
        <caption>居宅介護支援経過</caption>
        <thead>
          <tr>
            <th scope="col" style="width: 14em">年月日</th>
            <th scope="col" style="width: 9em">項目</th>
            <th scope="col">内容</th>
            <xsl:if test="$by"><th scope="col" style="width: 8em">記録者</th></xsl:if>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="cp:entry">
            <tr>
              <th scope="row" class="plain">
                <xsl:call-template name="date">
                  <xsl:with-param name="d" select="cp:date"/>
                </xsl:call-template>
              </th>
              <td><xsl:value-of select="cp:item"/></td>
              <td class="text"><xsl:call-template name="text"><xsl:with-param name="s" select="cp:content"/></xsl:call-template></td>
              <xsl:if test="$by"><td><xsl:value-of select="cp:recordedBy"/></td></xsl:if>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- 第6表 サービス利用票 (one sheet per service month)                   -->
  <!-- ================================================================== -->

  <xsl:template match="cp:serviceMonth" mode="t6">
    <xsl:param name="id"/>
    <xsl:variable name="sm" select="."/>
    <xsl:variable name="smid" select="generate-id()"/>
    <xsl:variable name="plan" select=".."/>
    <xsl:variable name="ym" select="normalize-space(cp:targetMonth)"/>
    <!-- the month's 利用者補足情報, else the plan's -->
    <xsl:variable name="us" select="(cp:userSupplement | ../cp:userSupplement[not(current()/cp:userSupplement)])[1]"/>
    <xsl:variable name="dim">
      <xsl:call-template name="days-in-month">
        <xsl:with-param name="y" select="number(substring($ym, 1, 4))"/>
        <xsl:with-param name="m" select="number(substring($ym, 6, 2))"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="month-days" select="$days[position() &lt;= number($dim)]"/>
    <xsl:variable name="has-actual" select="boolean(cp:actual)"/>
    <xsl:variable name="hid" select="concat($id, '-t6-', $ym)"/>
    <!-- the first line of each row of the form -->
    <xsl:variable name="plan-rows"
                  select="cp:planned/cp:line[generate-id() = generate-id(key('plan-line', concat($smid, '|', cp:serviceCode, '|', cp:providerNumber, '|', cp:satelliteBranch, '|', cp:detailCode, '|', cp:startTime, '|', cp:endTime))[1])]"/>
    <xsl:variable name="actual-only-rows"
                  select="cp:actual/cp:line[generate-id() = generate-id(key('actual-line', concat($smid, '|', cp:serviceCode, '|', cp:providerNumber, '|', cp:satelliteBranch, '|', cp:detailCode, '|', cp:startTime, '|', cp:endTime))[1])]
                                           [not(key('plan-line', concat($smid, '|', cp:serviceCode, '|', cp:providerNumber, '|', cp:satelliteBranch, '|', cp:detailCode, '|', cp:startTime, '|', cp:endTime)))]"/>
    <div class="sheet landscape" role="region" aria-labelledby="{$hid}">
      <xsl:call-template name="sheet-head">
        <xsl:with-param name="form" select="'第6表'"/>
        <xsl:with-param name="title">
          <xsl:text>サービス利用票（兼居宅サービス計画）</xsl:text>
          <xsl:value-of select="concat(' ', $ym)"/>
          <xsl:call-template name="wareki-month">
            <xsl:with-param name="ym" select="$ym"/>
          </xsl:call-template>
        </xsl:with-param>
        <xsl:with-param name="heading-id" select="$hid"/>
        <xsl:with-param name="created" select="(cp:planned/cp:createdOn | cp:actual/cp:createdOn)[1]"/>
      </xsl:call-template>

      <table class="kv4">
        <caption>被保険者と認定</caption>
        <tbody>
          <tr>
            <th scope="row">保険者番号</th>
            <td><xsl:value-of select="($plan/cp:header/cp:insurerNumber | $plan/cp:subject/cp:insurerNumber)[1]"/></td>
            <th scope="row">被保険者番号</th>
            <td><xsl:value-of select="($plan/cp:header/cp:insuredNumber | $plan/cp:subject/cp:insuredNumber)[1]"/></td>
          </tr>
          <tr>
            <th scope="row">フリガナ／被保険者氏名</th>
            <td>
              <xsl:if test="normalize-space($us/cp:furigana) != ''">
                <span class="sub"><xsl:value-of select="$us/cp:furigana"/></span><br/>
              </xsl:if>
              <xsl:value-of select="$us/cp:name"/>
            </td>
            <th scope="row">生年月日・性別</th>
            <td>
              <xsl:call-template name="date">
                <xsl:with-param name="d" select="$us/cp:birthDate"/>
              </xsl:call-template>
              <xsl:if test="$us/cp:sex">
                <xsl:text>　</xsl:text>
                <xsl:call-template name="label">
                  <xsl:with-param name="list" select="'sex'"/>
                  <xsl:with-param name="code" select="$us/cp:sex"/>
                </xsl:call-template>
              </xsl:if>
            </td>
          </tr>
          <tr>
            <th scope="row">認定済・申請中</th>
            <td>
              <xsl:call-template name="label">
                <xsl:with-param name="list" select="'certificationStatus'"/>
                <xsl:with-param name="code" select="($us/cp:certificationStatus | $plan/cp:header/cp:certificationStatus)[1]"/>
              </xsl:call-template>
            </td>
            <th scope="row">要介護状態区分</th>
            <td>
              <xsl:call-template name="label">
                <xsl:with-param name="list" select="'careLevel'"/>
                <xsl:with-param name="code" select="($us/cp:careLevel | $plan/cp:header/cp:careLevel)[1]"/>
              </xsl:call-template>
              <xsl:if test="$us/cp:careLevelChangeDate">
                <span class="sub">
                  <xsl:text>（変更日 </xsl:text>
                  <xsl:call-template name="date">
                    <xsl:with-param name="d" select="$us/cp:careLevelChangeDate"/>
                  </xsl:call-template>
                  <xsl:if test="$us/cp:previousCareLevel">
                    <xsl:text>、変更前 </xsl:text>
                    <xsl:call-template name="label">
                      <xsl:with-param name="list" select="'careLevel'"/>
                      <xsl:with-param name="code" select="$us/cp:previousCareLevel"/>
                    </xsl:call-template>
                  </xsl:if>
                  <xsl:text>）</xsl:text>
                </span>
              </xsl:if>
            </td>
          </tr>
          <tr>
            <th scope="row">区分支給限度基準額</th>
            <td>
              <xsl:if test="$us/cp:categoryLimitUnits">
                <xsl:call-template name="num">
                  <xsl:with-param name="v" select="$us/cp:categoryLimitUnits"/>
                </xsl:call-template>
                <xsl:text> 単位／月</xsl:text>
              </xsl:if>
            </td>
            <th scope="row">限度額適用期間</th>
            <td>
              <xsl:call-template name="period">
                <xsl:with-param name="from" select="$us/cp:limitPeriodFrom"/>
                <xsl:with-param name="to" select="$us/cp:limitPeriodTo"/>
              </xsl:call-template>
            </td>
          </tr>
          <tr>
            <th scope="row">居宅介護支援事業者事業所名</th>
            <td>
              <xsl:value-of select="$plan/cp:header/cp:supportOffice/cp:name"/>
              <xsl:if test="cp:planned/cp:planOfficeNumber">
                <span class="sub"><xsl:value-of select="concat('（', cp:planned/cp:planOfficeNumber, '）')"/></span>
              </xsl:if>
            </td>
            <th scope="row">担当者名</th>
            <td><xsl:value-of select="(cp:planned/cp:planManagerName | cp:actual/cp:planManagerName | $plan/cp:header/cp:planAuthorName)[1]"/></td>
          </tr>
          <xsl:variable name="short-before" select="(cp:planned/cp:line/cp:shortStayDaysBeforeMonth | $us/cp:daysBeforeAdmissionMonth[. != '0'])[1]"/>
          <xsl:if test="$short-before">
            <tr>
              <th scope="row">前月までの短期入所利用日数</th>
              <td colspan="3"><xsl:value-of select="concat($short-before, '日')"/></td>
            </tr>
          </xsl:if>
        </tbody>
      </table>

      <div class="scroll" tabindex="0" role="region" aria-label="第6表 サービス利用票（横にスクロールできます）">
        <table class="usage">
          <caption>
            <xsl:text>月間サービス計画及び実績の記録</xsl:text>
            <xsl:if test="not($has-actual)">（実績の記録なし）</xsl:if>
          </caption>
          <thead>
            <tr>
              <th scope="col" rowspan="2">提供時間帯</th>
              <th scope="col" rowspan="2">サービス内容</th>
              <th scope="col" rowspan="2">サービス事業者事業所名</th>
              <th scope="col" rowspan="2">区分</th>
              <th scope="colgroup" colspan="{$dim}">月間サービス計画及び実績の記録（日）</th>
              <th scope="col" rowspan="2">合計回数</th>
              <th scope="col" rowspan="2">単位数</th>
            </tr>
            <tr>
              <xsl:for-each select="$month-days">
                <xsl:variable name="wd" select="date:day-in-week(concat($ym, '-', .))"/>
                <th scope="col" class="c">
                  <xsl:if test="$wd = 1"><xsl:attribute name="class">c sun</xsl:attribute></xsl:if>
                  <xsl:if test="$wd = 7"><xsl:attribute name="class">c sat</xsl:attribute></xsl:if>
                  <xsl:value-of select="number(.)"/>
                  <br/>
                  <xsl:value-of select="substring('日月火水木金土', $wd, 1)"/>
                </th>
              </xsl:for-each>
            </tr>
          </thead>
          <xsl:for-each select="$plan-rows">
            <xsl:sort select="cp:startTime"/>
            <xsl:sort select="cp:serviceCode"/>
            <xsl:variable name="k" select="concat($smid, '|', cp:serviceCode, '|', cp:providerNumber, '|', cp:satelliteBranch, '|', cp:detailCode, '|', cp:startTime, '|', cp:endTime)"/>
            <xsl:call-template name="t6-row">
              <xsl:with-param name="planned" select="key('plan-line', $k)"/>
              <xsl:with-param name="actual" select="key('actual-line', $k)"/>
              <xsl:with-param name="has-actual" select="$has-actual"/>
              <xsl:with-param name="ym" select="$ym"/>
              <xsl:with-param name="month-days" select="$month-days"/>
            </xsl:call-template>
          </xsl:for-each>
          <xsl:for-each select="$actual-only-rows">
            <xsl:sort select="cp:startTime"/>
            <xsl:sort select="cp:serviceCode"/>
            <xsl:variable name="k" select="concat($smid, '|', cp:serviceCode, '|', cp:providerNumber, '|', cp:satelliteBranch, '|', cp:detailCode, '|', cp:startTime, '|', cp:endTime)"/>
            <xsl:call-template name="t6-row">
              <xsl:with-param name="planned" select="/.."/>
              <xsl:with-param name="actual" select="key('actual-line', $k)"/>
              <xsl:with-param name="has-actual" select="$has-actual"/>
              <xsl:with-param name="ym" select="$ym"/>
              <xsl:with-param name="month-days" select="$month-days"/>
            </xsl:call-template>
          </xsl:for-each>
        </table>
      </div>
      <xsl:if test="cp:actual">
        <p class="note">
          <xsl:text>実績の送信元: </xsl:text>
          <xsl:for-each select="cp:actual">
            <xsl:value-of select="(cp:line/cp:providerName)[1]"/>
            <xsl:value-of select="concat('（', (cp:updatedBy | cp:line/cp:providerNumber)[1], '、作成 ', cp:createdOn, '）')"/>
            <xsl:if test="position() != last()">、</xsl:if>
          </xsl:for-each>
        </p>
      </xsl:if>
      <xsl:if test="$physician">
        <p class="note"><span class="med-mark">医療</span>は医療サービス（サービス種類コードによる）を示します。</p>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- One row of 第6表: 予定 and (when the month has 実績) 実績. -->
  <xsl:template name="t6-row">
    <xsl:param name="planned"/>
    <xsl:param name="actual"/>
    <xsl:param name="has-actual"/>
    <xsl:param name="ym"/>
    <xsl:param name="month-days"/>
    <xsl:variable name="first" select="($planned | $actual)[1]"/>
    <xsl:variable name="kind" select="substring($first/cp:serviceCode, 1, 2)"/>
    <xsl:variable name="medical" select="$physician and contains($medical-service-kinds, concat(' ', $kind, ' '))"/>
    <xsl:variable name="span" select="1 + number($has-actual)"/>
    <tbody>
      <tr>
        <th scope="rowgroup" rowspan="{$span}" class="plain">
          <xsl:call-template name="time-range">
            <xsl:with-param name="from" select="$first/cp:startTime"/>
            <xsl:with-param name="to" select="$first/cp:endTime"/>
          </xsl:call-template>
        </th>
        <th scope="rowgroup" rowspan="{$span}" class="plain">
          <xsl:if test="$medical">
            <xsl:attribute name="class">plain medical</xsl:attribute>
            <span class="med-mark">医療</span>
          </xsl:if>
          <xsl:call-template name="kind">
            <xsl:with-param name="code" select="$kind"/>
          </xsl:call-template>
          <br/>
          <span class="sub"><xsl:value-of select="$first/cp:serviceCode"/></span>
          <xsl:if test="normalize-space($first/cp:equipmentName) != ''">
            <br/><xsl:value-of select="$first/cp:equipmentName"/>
          </xsl:if>
          <xsl:if test="$first/cp:taisCode or $first/cp:equipmentNotificationCode">
            <br/><span class="sub"><xsl:value-of select="concat('TAIS ', $first/cp:taisCode, $first/cp:equipmentNotificationCode)"/></span>
          </xsl:if>
          <xsl:if test="$first/cp:detailCode">
            <span class="sub"><xsl:value-of select="concat('（明細 ', $first/cp:detailCode, '）')"/></span>
          </xsl:if>
          <xsl:if test="($planned | $actual)[cp:over30Days = '1']">
            <br/><span class="sub">30日超</span>
          </xsl:if>
        </th>
        <td rowspan="{$span}">
          <xsl:value-of select="$first/cp:providerName"/>
          <br/>
          <span class="sub">
            <xsl:value-of select="$first/cp:providerNumber"/>
            <xsl:if test="$first/cp:satelliteBranch">
              <xsl:value-of select="concat('（枝番 ', $first/cp:satelliteBranch, '）')"/>
            </xsl:if>
          </span>
        </td>
        <xsl:call-template name="t6-cells">
          <xsl:with-param name="what" select="'予定'"/>
          <xsl:with-param name="lines" select="$planned"/>
          <xsl:with-param name="ym" select="$ym"/>
          <xsl:with-param name="month-days" select="$month-days"/>
        </xsl:call-template>
      </tr>
      <xsl:if test="$has-actual">
        <tr>
          <xsl:call-template name="t6-cells">
            <xsl:with-param name="what" select="'実績'"/>
            <xsl:with-param name="lines" select="$actual"/>
            <xsl:with-param name="ym" select="$ym"/>
            <xsl:with-param name="month-days" select="$month-days"/>
          </xsl:call-template>
        </tr>
      </xsl:if>
    </tbody>
  </xsl:template>

  <xsl:template name="t6-cells">
    <xsl:param name="what"/>
    <xsl:param name="lines"/>
    <xsl:param name="ym"/>
    <xsl:param name="month-days"/>
    <th scope="row" class="plain what"><xsl:value-of select="$what"/></th>
    <xsl:for-each select="$month-days">
      <xsl:variable name="dd" select="string(.)"/>
      <xsl:variable name="on-day" select="$lines[substring(cp:serviceDate, 9, 2) = $dd]"/>
      <xsl:variable name="wd" select="date:day-in-week(concat($ym, '-', $dd))"/>
      <td class="day">
        <xsl:if test="$wd = 1"><xsl:attribute name="class">day sun</xsl:attribute></xsl:if>
        <xsl:if test="$wd = 7"><xsl:attribute name="class">day sat</xsl:attribute></xsl:if>
        <xsl:if test="$on-day"><xsl:value-of select="sum($on-day/cp:count)"/></xsl:if>
      </td>
    </xsl:for-each>
    <td class="num">
      <xsl:if test="$lines"><xsl:value-of select="sum($lines/cp:count)"/></xsl:if>
    </td>
    <td class="num">
      <!-- units of one line; 「等」 when the lines of the row differ
           (a 減算 on the first day, for example) -->
      <xsl:if test="$lines/cp:units">
        <xsl:variable name="u" select="($lines/cp:units)[1]"/>
        <xsl:call-template name="num">
          <xsl:with-param name="v" select="$u"/>
        </xsl:call-template>
        <xsl:if test="$lines/cp:units[. != $u]">等</xsl:if>
      </xsl:if>
    </td>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- 第7表 サービス利用票別表                                             -->
  <!-- ================================================================== -->

  <xsl:template match="cp:serviceMonth" mode="t7">
    <xsl:param name="id"/>
    <xsl:variable name="ym" select="normalize-space(cp:targetMonth)"/>
    <xsl:variable name="lm" select="cp:limitManagement"/>
    <xsl:variable name="us" select="(cp:userSupplement | ../cp:userSupplement[not(current()/cp:userSupplement)])[1]"/>
    <xsl:variable name="hid" select="concat($id, '-t7-', $ym)"/>
    <div class="sheet landscape" role="region" aria-labelledby="{$hid}">
      <xsl:call-template name="sheet-head">
        <xsl:with-param name="form" select="'第7表'"/>
        <xsl:with-param name="title">
          <xsl:text>サービス利用票別表</xsl:text>
          <xsl:value-of select="concat(' ', $ym)"/>
          <xsl:call-template name="wareki-month">
            <xsl:with-param name="ym" select="$ym"/>
          </xsl:call-template>
        </xsl:with-param>
        <xsl:with-param name="heading-id" select="$hid"/>
        <xsl:with-param name="created" select="$lm/cp:createdOn"/>
      </xsl:call-template>
      <p class="note">
        <xsl:text>被保険者番号 </xsl:text>
        <xsl:value-of select="(../cp:header/cp:insuredNumber | ../cp:subject/cp:insuredNumber)[1]"/>
        <xsl:if test="normalize-space($us/cp:name) != ''">
          <xsl:value-of select="concat('　被保険者氏名 ', normalize-space($us/cp:name))"/>
        </xsl:if>
        <xsl:if test="$us/cp:categoryLimitUnits">
          <xsl:text>　区分支給限度基準額 </xsl:text>
          <xsl:call-template name="num">
            <xsl:with-param name="v" select="$us/cp:categoryLimitUnits"/>
          </xsl:call-template>
          <xsl:text> 単位</xsl:text>
        </xsl:if>
      </p>

      <xsl:if test="$lm/cp:row">
        <div class="scroll" tabindex="0" role="region" aria-label="第7表 区分支給限度管理・利用者負担計算（横にスクロールできます）">
          <table class="summary">
            <caption>区分支給限度管理・利用者負担計算</caption>
            <thead>
              <tr>
                <th scope="col" rowspan="2">事業所名</th>
                <th scope="col" rowspan="2">事業所番号</th>
                <th scope="col" rowspan="2">サービス内容／種類</th>
                <th scope="col" rowspan="2">サービスコード</th>
                <th scope="col" rowspan="2">単位数</th>
                <th scope="colgroup" colspan="2">割引後</th>
                <th scope="col" rowspan="2">回数</th>
                <th scope="col" rowspan="2">サービス単位／金額</th>
                <th scope="col" rowspan="2">給付管理単位数</th>
                <th scope="col" rowspan="2">種類支給限度基準を超える単位数</th>
                <th scope="col" rowspan="2">種類支給限度基準内単位数</th>
                <th scope="col" rowspan="2">区分支給限度基準を超える単位数</th>
                <th scope="col" rowspan="2">区分支給限度基準内単位数</th>
                <th scope="col" rowspan="2">単位数単価</th>
                <th scope="col" rowspan="2">費用総額（保険／事業対象分）</th>
                <th scope="col" rowspan="2">給付率（%）</th>
                <th scope="col" rowspan="2">保険／事業費請求額</th>
                <th scope="col" rowspan="2">定額利用者負担単価金額</th>
                <th scope="col" rowspan="2">利用者負担（保険／事業対象分）</th>
                <th scope="col" rowspan="2">利用者負担（全額負担分）</th>
              </tr>
              <tr>
                <th scope="col">率%</th>
                <th scope="col">単位数</th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="$lm/cp:row">
                <xsl:variable name="code" select="normalize-space(cp:serviceCode)"/>
                <xsl:variable name="sum-label">
                  <xsl:choose>
                    <xsl:when test="$code = '999999'">合計</xsl:when>
                    <xsl:when test="substring($code, 3) = 'AAAA'">小計（区分支給限度対象）</xsl:when>
                    <xsl:when test="substring($code, 3) = 'EEEE'">小計（区分支給限度対象外）</xsl:when>
                    <xsl:when test="substring($code, 3) = 'ZZZZ'">小計（30日超過分）</xsl:when>
                  </xsl:choose>
                </xsl:variable>
                <tr>
                  <xsl:choose>
                    <xsl:when test="$code = '999999'"><xsl:attribute name="class">total</xsl:attribute></xsl:when>
                    <xsl:when test="string($sum-label) != ''"><xsl:attribute name="class">subtotal</xsl:attribute></xsl:when>
                  </xsl:choose>
                  <xsl:choose>
                    <xsl:when test="$code = '999999'">
                      <th scope="row" colspan="4">合計</th>
                    </xsl:when>
                    <xsl:otherwise>
                      <td><xsl:value-of select="cp:officeName"/></td>
                      <td>
                        <xsl:value-of select="cp:officeNumber"/>
                        <xsl:if test="cp:satelliteBranch">
                          <xsl:value-of select="concat('（枝番 ', cp:satelliteBranch, '）')"/>
                        </xsl:if>
                      </td>
                      <th scope="row" class="plain">
                        <xsl:call-template name="kind">
                          <xsl:with-param name="code" select="substring($code, 1, 2)"/>
                        </xsl:call-template>
                        <xsl:if test="string($sum-label) != ''">
                          <xsl:value-of select="concat(' ', $sum-label)"/>
                        </xsl:if>
                        <xsl:if test="normalize-space(cp:equipmentName) != ''">
                          <br/><xsl:value-of select="cp:equipmentName"/>
                        </xsl:if>
                        <xsl:if test="cp:taisCode or cp:equipmentNotificationCode">
                          <br/><span class="sub"><xsl:value-of select="concat('TAIS ', cp:taisCode, cp:equipmentNotificationCode)"/></span>
                        </xsl:if>
                      </th>
                      <td><xsl:value-of select="$code"/></td>
                    </xsl:otherwise>
                  </xsl:choose>
                  <td class="num"><xsl:if test="string($sum-label) = ''"><xsl:call-template name="num"><xsl:with-param name="v" select="cp:units"/></xsl:call-template></xsl:if></td>
                  <td class="num"><xsl:value-of select="cp:discountRate"/></td>
                  <td class="num"><xsl:call-template name="num"><xsl:with-param name="v" select="cp:discountedUnits"/></xsl:call-template></td>
                  <td class="num"><xsl:if test="string($sum-label) = ''"><xsl:value-of select="cp:count"/></xsl:if></td>
                  <td class="num"><xsl:call-template name="num"><xsl:with-param name="v" select="cp:serviceUnits"/></xsl:call-template></td>
                  <td class="num"><xsl:call-template name="num"><xsl:with-param name="v" select="cp:benefitManagedUnits"/></xsl:call-template></td>
                  <td class="num"><xsl:call-template name="num"><xsl:with-param name="v" select="cp:kindLimitExcessUnits"/></xsl:call-template></td>
                  <td class="num"><xsl:call-template name="num"><xsl:with-param name="v" select="cp:kindLimitWithinUnits"/></xsl:call-template></td>
                  <td class="num"><xsl:call-template name="num"><xsl:with-param name="v" select="cp:categoryLimitExcessUnits"/></xsl:call-template></td>
                  <td class="num"><xsl:call-template name="num"><xsl:with-param name="v" select="cp:categoryLimitWithinUnits"/></xsl:call-template></td>
                  <td class="num"><xsl:value-of select="cp:unitPrice"/></td>
                  <td class="num"><xsl:call-template name="num"><xsl:with-param name="v" select="cp:totalCost"/></xsl:call-template></td>
                  <td class="num"><xsl:value-of select="cp:benefitRate"/></td>
                  <td class="num"><xsl:call-template name="num"><xsl:with-param name="v" select="cp:insuranceClaim"/></xsl:call-template></td>
                  <td class="num"><xsl:call-template name="num"><xsl:with-param name="v" select="cp:fixedCopayUnitPrice"/></xsl:call-template></td>
                  <td class="num"><xsl:call-template name="num"><xsl:with-param name="v" select="cp:userCopay"/></xsl:call-template></td>
                  <td class="num"><xsl:call-template name="num"><xsl:with-param name="v" select="cp:userCopayFull"/></xsl:call-template></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
        <p class="note">金額の単位は円。単位数単価は円／単位。</p>
      </xsl:if>

      <xsl:if test="$us/cp:kindLimit">
        <div class="scroll" tabindex="0" role="region" aria-label="第7表 種類別支給限度管理（横にスクロールできます）">
          <table class="summary">
            <caption>種類別支給限度管理</caption>
            <thead>
              <tr>
                <th scope="col">サービス種類</th>
                <th scope="col">種類支給限度基準額（単位）</th>
                <th scope="col">合計単位数</th>
                <th scope="col">種類支給限度基準を超える単位数</th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="$us/cp:kindLimit">
                <xsl:sort select="@slot" data-type="number"/>
                <tr>
                  <th scope="row" class="plain">
                    <xsl:call-template name="kind">
                      <xsl:with-param name="code" select="cp:serviceKind"/>
                    </xsl:call-template>
                  </th>
                  <td class="num"><xsl:call-template name="num"><xsl:with-param name="v" select="cp:limitUnits"/></xsl:call-template></td>
                  <td class="num"><xsl:call-template name="num"><xsl:with-param name="v" select="cp:totalUnits"/></xsl:call-template></td>
                  <td class="num"><xsl:call-template name="num"><xsl:with-param name="v" select="cp:excessUnits"/></xsl:call-template></td>
                </tr>
              </xsl:for-each>
              <xsl:if test="$us/cp:totalExcessUnits">
                <tr class="total">
                  <th scope="row" colspan="3">合計</th>
                  <td class="num"><xsl:call-template name="num"><xsl:with-param name="v" select="$us/cp:totalExcessUnits"/></xsl:call-template></td>
                </tr>
              </xsl:if>
            </tbody>
          </table>
        </div>
      </xsl:if>

      <xsl:variable name="short" select="$lm/cp:row[cp:shortStayDaysBeforeMonth or cp:shortStayDaysPlanned or cp:shortStayDaysCumulative]"/>
      <xsl:if test="$short">
        <div class="scroll" tabindex="0" role="region" aria-label="第7表 要介護認定期間中の短期入所利用日数（横にスクロールできます）">
          <table class="summary">
            <caption>要介護認定期間中の短期入所利用日数</caption>
            <thead>
              <tr>
                <th scope="col">事業所／サービス</th>
                <th scope="col">前月までの利用日数</th>
                <th scope="col">当月の計画利用日数</th>
                <th scope="col">累積利用日数</th>
                <th scope="col">30日超</th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="$short">
                <tr>
                  <th scope="row" class="plain"><xsl:value-of select="concat(cp:officeName, ' ', cp:serviceCode)"/></th>
                  <td class="num"><xsl:value-of select="cp:shortStayDaysBeforeMonth"/></td>
                  <td class="num"><xsl:value-of select="cp:shortStayDaysPlanned"/></td>
                  <td class="num"><xsl:value-of select="cp:shortStayDaysCumulative"/></td>
                  <td class="c"><xsl:if test="cp:over30Days = '1'">該当</xsl:if></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- 計画に関する記録 (operating standard), one portrait sheet           -->
  <!-- ================================================================== -->

  <xsl:template name="records-sheet">
    <xsl:param name="id"/>
    <xsl:variable name="reasons" select="cp:needs/cp:need/cp:goal/cp:serviceLine[normalize-space(cp:selectionReason) != '' or cp:onResidenceSite]"/>
    <xsl:variable name="opinions" select="cp:physicianOpinion[not($physician)]"/>
    <xsl:if test="cp:contractConsent or cp:hospitalContactRequest or cp:providerChoice or $reasons or $opinions or cp:monitoring/* or cp:municipalFiling">
      <div class="sheet portrait" role="region" aria-labelledby="{$id}-rec">
        <xsl:call-template name="sheet-head">
          <xsl:with-param name="title" select="'計画に関する記録'"/>
          <xsl:with-param name="heading-id" select="concat($id, '-rec')"/>
        </xsl:call-template>
        <xsl:call-template name="user-line"/>

        <xsl:for-each select="cp:contractConsent">
          <table class="kv">
            <caption><h3>契約時の説明と同意</h3></caption>
            <tbody>
              <tr>
                <th scope="row">説明日</th>
                <td><xsl:call-template name="date"><xsl:with-param name="d" select="cp:explainedOn"/></xsl:call-template></td>
              </tr>
              <xsl:if test="cp:explainedTo">
                <tr>
                  <th scope="row">説明の相手</th>
                  <td>
                    <xsl:call-template name="label">
                      <xsl:with-param name="list" select="'personRole'"/>
                      <xsl:with-param name="code" select="cp:explainedTo"/>
                    </xsl:call-template>
                  </td>
                </tr>
              </xsl:if>
              <xsl:if test="cp:documentGiven">
                <tr>
                  <th scope="row">文書の交付</th>
                  <td>
                    <xsl:call-template name="bool">
                      <xsl:with-param name="v" select="cp:documentGiven"/>
                      <xsl:with-param name="yes" select="'重要事項説明書等の文書を交付して説明'"/>
                      <xsl:with-param name="no" select="'文書の交付なし'"/>
                    </xsl:call-template>
                  </td>
                </tr>
              </xsl:if>
              <xsl:if test="cp:explainedItem">
                <tr>
                  <th scope="row">説明した事項</th>
                  <td>
                    <ul class="plain">
                      <xsl:for-each select="cp:explainedItem">
                        <li>
                          <xsl:call-template name="label">
                            <xsl:with-param name="list" select="'explainedItem'"/>
                            <xsl:with-param name="code" select="."/>
                          </xsl:call-template>
                        </li>
                      </xsl:for-each>
                    </ul>
                  </td>
                </tr>
              </xsl:if>
              <xsl:call-template name="row-text">
                <xsl:with-param name="label" select="'説明の補足'"/>
                <xsl:with-param name="value" select="cp:note"/>
              </xsl:call-template>
              <tr>
                <th scope="row">署名</th>
                <td><xsl:apply-templates select="cp:signature"/></td>
              </tr>
              <xsl:if test="cp:consentedOn">
                <tr>
                  <th scope="row">同意日（契約日）</th>
                  <td><xsl:call-template name="date"><xsl:with-param name="d" select="cp:consentedOn"/></xsl:call-template></td>
                </tr>
              </xsl:if>
            </tbody>
          </table>
        </xsl:for-each>

        <xsl:for-each select="cp:hospitalContactRequest">
          <table class="kv">
            <caption><h3>入院時の情報提供への協力の依頼</h3></caption>
            <tbody>
              <tr>
                <th scope="row">依頼した日</th>
                <td><xsl:call-template name="date"><xsl:with-param name="d" select="cp:requestedOn"/></xsl:call-template></td>
              </tr>
              <xsl:if test="cp:requestedOf">
                <tr>
                  <th scope="row">依頼した相手</th>
                  <td>
                    <xsl:call-template name="label">
                      <xsl:with-param name="list" select="'personRole'"/>
                      <xsl:with-param name="code" select="cp:requestedOf"/>
                    </xsl:call-template>
                  </td>
                </tr>
              </xsl:if>
              <tr>
                <th scope="row">依頼の実施</th>
                <td>
                  <xsl:call-template name="bool">
                    <xsl:with-param name="v" select="cp:done"/>
                    <xsl:with-param name="yes" select="'依頼した'"/>
                    <xsl:with-param name="no" select="'依頼していない'"/>
                  </xsl:call-template>
                </td>
              </tr>
              <xsl:call-template name="row-text">
                <xsl:with-param name="label" select="'依頼の方法'"/>
                <xsl:with-param name="value" select="cp:method"/>
              </xsl:call-template>
              <xsl:call-template name="row-text">
                <xsl:with-param name="label" select="'備考'"/>
                <xsl:with-param name="value" select="cp:note"/>
              </xsl:call-template>
            </tbody>
          </table>
        </xsl:for-each>

        <xsl:if test="cp:providerChoice or $reasons">
          <h3>サービス事業者の選択</h3>
          <xsl:for-each select="cp:providerChoice">
            <xsl:if test="cp:multipleProvidersRequested">
              <p class="note">
                <xsl:text>複数の事業者の紹介の求め: </xsl:text>
                <xsl:call-template name="bool">
                  <xsl:with-param name="v" select="cp:multipleProvidersRequested"/>
                  <xsl:with-param name="yes" select="'あり'"/>
                  <xsl:with-param name="no" select="'なし'"/>
                </xsl:call-template>
              </p>
            </xsl:if>
            <xsl:if test="cp:alternative">
              <table>
                <caption>計画原案の提示の際に情報提供した他の事業者</caption>
                <thead>
                  <tr>
                    <th scope="col">情報提供日</th>
                    <th scope="col">サービス種類</th>
                    <th scope="col">事業所</th>
                    <th scope="col">結果</th>
                  </tr>
                </thead>
                <tbody>
                  <xsl:for-each select="cp:alternative">
                    <tr>
                      <td><xsl:call-template name="date"><xsl:with-param name="d" select="cp:offeredOn"/></xsl:call-template></td>
                      <td><xsl:call-template name="kind"><xsl:with-param name="code" select="cp:serviceKind"/></xsl:call-template></td>
                      <td>
                        <xsl:value-of select="cp:providerName"/>
                        <xsl:if test="cp:providerNumber"><span class="sub"><xsl:value-of select="concat('（', cp:providerNumber, '）')"/></span></xsl:if>
                      </td>
                      <td class="text"><xsl:call-template name="text"><xsl:with-param name="s" select="cp:outcome"/></xsl:call-template></td>
                    </tr>
                  </xsl:for-each>
                </tbody>
              </table>
            </xsl:if>
            <xsl:for-each select="cp:collectiveHousing">
              <table class="kv">
                <caption>集合住宅にお住まいの場合</caption>
                <tbody>
                  <xsl:call-template name="row-text">
                    <xsl:with-param name="label" select="'集合住宅の名称'"/>
                    <xsl:with-param name="value" select="cp:residenceName"/>
                  </xsl:call-template>
                  <xsl:if test="cp:sameSiteProviders">
                    <tr>
                      <th scope="row">同一敷地内等の事業者</th>
                      <td>
                        <xsl:call-template name="bool">
                          <xsl:with-param name="v" select="cp:sameSiteProviders"/>
                          <xsl:with-param name="yes" select="'あり'"/>
                          <xsl:with-param name="no" select="'なし'"/>
                        </xsl:call-template>
                      </td>
                    </tr>
                  </xsl:if>
                  <xsl:if test="cp:userWish">
                    <tr>
                      <th scope="row">利用者の意向</th>
                      <td>
                        <xsl:call-template name="label">
                          <xsl:with-param name="list" select="'housingWish'"/>
                          <xsl:with-param name="code" select="cp:userWish"/>
                        </xsl:call-template>
                      </td>
                    </tr>
                  </xsl:if>
                  <xsl:call-template name="row-text">
                    <xsl:with-param name="label" select="'意向の内容'"/>
                    <xsl:with-param name="value" select="cp:userWishNote"/>
                  </xsl:call-template>
                  <xsl:if test="cp:confirmedOn">
                    <tr>
                      <th scope="row">意向を確認した日</th>
                      <td><xsl:call-template name="date"><xsl:with-param name="d" select="cp:confirmedOn"/></xsl:call-template></td>
                    </tr>
                  </xsl:if>
                </tbody>
              </table>
            </xsl:for-each>
          </xsl:for-each>
          <xsl:if test="$reasons">
            <table>
              <caption>計画に位置付けた事業者の選定理由</caption>
              <thead>
                <tr>
                  <th scope="col">サービス種別</th>
                  <th scope="col">事業所</th>
                  <th scope="col">選定理由</th>
                  <th scope="col">集合住宅と同一敷地内等</th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="$reasons">
                  <tr>
                    <th scope="row" class="plain"><xsl:value-of select="cp:serviceType"/></th>
                    <td><xsl:value-of select="cp:providerName"/></td>
                    <td class="text"><xsl:call-template name="text"><xsl:with-param name="s" select="cp:selectionReason"/></xsl:call-template></td>
                    <td class="c">
                      <xsl:call-template name="bool">
                        <xsl:with-param name="v" select="cp:onResidenceSite"/>
                        <xsl:with-param name="yes" select="'該当'"/>
                        <xsl:with-param name="no" select="'非該当'"/>
                      </xsl:call-template>
                    </td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </xsl:if>
        </xsl:if>

        <xsl:if test="$opinions">
          <h3>主治の医師等の意見</h3>
          <xsl:for-each select="$opinions">
            <xsl:call-template name="physician-opinion"/>
          </xsl:for-each>
        </xsl:if>

        <xsl:for-each select="cp:monitoring[*]">
          <h3>モニタリング</h3>
          <xsl:if test="cp:visit">
            <table>
              <caption>訪問・面接の記録</caption>
              <thead>
                <tr>
                  <th scope="col">訪問日</th>
                  <th scope="col">居宅への訪問</th>
                  <th scope="col">面接</th>
                  <th scope="col">結果</th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="cp:visit">
                  <tr>
                    <th scope="row" class="plain"><xsl:call-template name="date"><xsl:with-param name="d" select="cp:visitedOn"/></xsl:call-template></th>
                    <td>
                      <xsl:call-template name="bool">
                        <xsl:with-param name="v" select="cp:atHome"/>
                        <xsl:with-param name="yes" select="'居宅'"/>
                        <xsl:with-param name="no" select="'居宅以外'"/>
                      </xsl:call-template>
                    </td>
                    <td>
                      <xsl:call-template name="bool">
                        <xsl:with-param name="v" select="cp:metUser"/>
                        <xsl:with-param name="yes" select="'面接した'"/>
                        <xsl:with-param name="no" select="'面接していない'"/>
                      </xsl:call-template>
                    </td>
                    <td class="text"><xsl:call-template name="text"><xsl:with-param name="s" select="cp:summary"/></xsl:call-template></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </xsl:if>
          <xsl:for-each select="cp:observation">
            <xsl:call-template name="observation"/>
          </xsl:for-each>
        </xsl:for-each>

        <xsl:if test="cp:municipalFiling">
          <table>
            <caption><h3>市町村への届出</h3></caption>
            <thead>
              <tr>
                <th scope="col">届出日</th>
                <th scope="col">理由</th>
                <th scope="col">計画を作成・変更した月</th>
                <th scope="col">生活援助中心型の回数</th>
                <th scope="col">届出先</th>
                <th scope="col">備考</th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="cp:municipalFiling">
                <tr>
                  <th scope="row" class="plain"><xsl:call-template name="date"><xsl:with-param name="d" select="cp:filedOn"/></xsl:call-template></th>
                  <td>
                    <xsl:call-template name="label">
                      <xsl:with-param name="list" select="'filingReason'"/>
                      <xsl:with-param name="code" select="cp:reason"/>
                    </xsl:call-template>
                  </td>
                  <td><xsl:value-of select="cp:planMonth"/></td>
                  <td class="num"><xsl:if test="cp:livingAssistanceCount"><xsl:value-of select="concat(cp:livingAssistanceCount, '回')"/></xsl:if></td>
                  <td>
                    <xsl:value-of select="cp:municipalityName"/>
                    <xsl:if test="cp:municipalityInsurerNumber"><span class="sub"><xsl:value-of select="concat('（', cp:municipalityInsurerNumber, '）')"/></span></xsl:if>
                  </td>
                  <td class="text"><xsl:call-template name="text"><xsl:with-param name="s" select="cp:note"/></xsl:call-template></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:if>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- One 主治の医師等の意見 (context: cp:physicianOpinion). -->
  <xsl:template name="physician-opinion">
    <table class="kv keep">
      <caption>
        <xsl:text>主治の医師等の意見・指示</xsl:text>
        <xsl:value-of select="concat('（', cp:physicianName)"/>
        <xsl:if test="cp:institution"><xsl:value-of select="concat('、', cp:institution)"/></xsl:if>
        <xsl:text>）</xsl:text>
      </caption>
      <tbody>
        <tr>
          <th scope="row">主治の医師等</th>
          <td>
            <xsl:if test="cp:physicianKind">
              <xsl:call-template name="label">
                <xsl:with-param name="list" select="'physicianKind'"/>
                <xsl:with-param name="code" select="cp:physicianKind"/>
              </xsl:call-template>
              <xsl:text> </xsl:text>
            </xsl:if>
            <xsl:value-of select="cp:physicianName"/>
            <xsl:if test="cp:institution"><xsl:value-of select="concat('（', cp:institution, '）')"/></xsl:if>
          </td>
        </tr>
        <xsl:if test="cp:consentOn">
          <tr>
            <th scope="row">意見を求めることへの利用者の同意日</th>
            <td><xsl:call-template name="date"><xsl:with-param name="d" select="cp:consentOn"/></xsl:call-template></td>
          </tr>
        </xsl:if>
        <xsl:if test="cp:requestedOn">
          <tr>
            <th scope="row">意見を求めた日</th>
            <td><xsl:call-template name="date"><xsl:with-param name="d" select="cp:requestedOn"/></xsl:call-template></td>
          </tr>
        </xsl:if>
        <tr>
          <th scope="row">意見・指示を得た日</th>
          <td><xsl:call-template name="date"><xsl:with-param name="d" select="cp:obtainedOn"/></xsl:call-template></td>
        </tr>
        <xsl:if test="cp:serviceKind">
          <tr>
            <th scope="row">対象のサービス</th>
            <td>
              <xsl:for-each select="cp:serviceKind">
                <xsl:call-template name="kind"><xsl:with-param name="code" select="."/></xsl:call-template>
                <xsl:if test="position() != last()">、</xsl:if>
              </xsl:for-each>
            </td>
          </tr>
        </xsl:if>
        <xsl:call-template name="row-text">
          <xsl:with-param name="label" select="'意見・指示の内容'"/>
          <xsl:with-param name="value" select="cp:instruction"/>
        </xsl:call-template>
        <xsl:call-template name="row-text">
          <xsl:with-param name="label" select="'医学的観点からの留意事項'"/>
          <xsl:with-param name="value" select="cp:medicalCautions"/>
        </xsl:call-template>
        <xsl:if test="cp:planDelivery">
          <tr>
            <th scope="row">計画の交付</th>
            <td>
              <xsl:for-each select="cp:planDelivery">
                <div>
                  <xsl:call-template name="date"><xsl:with-param name="d" select="cp:deliveredOn"/></xsl:call-template>
                  <xsl:text> </xsl:text>
                  <xsl:call-template name="label">
                    <xsl:with-param name="list" select="'deliveryMethod'"/>
                    <xsl:with-param name="code" select="cp:method"/>
                  </xsl:call-template>
                  <xsl:if test="normalize-space(cp:note) != ''">
                    <xsl:value-of select="concat('（', normalize-space(cp:note), '）')"/>
                  </xsl:if>
                </div>
              </xsl:for-each>
            </td>
          </tr>
        </xsl:if>
      </tbody>
    </table>
  </xsl:template>

  <!-- One observation of the monitoring (context: cp:observation). -->
  <xsl:template name="observation">
    <table class="kv keep">
      <caption>
        <xsl:text>把握した状況（</xsl:text>
        <xsl:value-of select="cp:observedOn"/>
        <xsl:text>）</xsl:text>
      </caption>
      <tbody>
        <tr>
          <th scope="row">把握した日</th>
          <td><xsl:call-template name="date"><xsl:with-param name="d" select="cp:observedOn"/></xsl:call-template></td>
        </tr>
        <tr>
          <th scope="row">状況の区分</th>
          <td>
            <xsl:call-template name="label">
              <xsl:with-param name="list" select="'observationCategory'"/>
              <xsl:with-param name="code" select="cp:category"/>
            </xsl:call-template>
          </td>
        </tr>
        <xsl:call-template name="row-text">
          <xsl:with-param name="label" select="'情報源'"/>
          <xsl:with-param name="value" select="cp:source"/>
        </xsl:call-template>
        <xsl:call-template name="row-text">
          <xsl:with-param name="label" select="'内容'"/>
          <xsl:with-param name="value" select="cp:description"/>
        </xsl:call-template>
        <tr>
          <th scope="row">主治の医師等・薬剤師の助言</th>
          <td>
            <xsl:call-template name="bool">
              <xsl:with-param name="v" select="cp:adviceNeeded"/>
              <xsl:with-param name="yes" select="'必要と判断'"/>
              <xsl:with-param name="no" select="'不要と判断'"/>
            </xsl:call-template>
          </td>
        </tr>
        <xsl:for-each select="cp:passedTo">
          <tr>
            <th scope="row">情報の提供先</th>
            <td>
              <xsl:call-template name="label">
                <xsl:with-param name="list" select="'medicalRecipient'"/>
                <xsl:with-param name="code" select="cp:recipient"/>
              </xsl:call-template>
              <xsl:value-of select="concat(' ', cp:name)"/>
              <xsl:if test="cp:institution"><xsl:value-of select="concat('（', cp:institution, '）')"/></xsl:if>
              <xsl:text>　</xsl:text>
              <xsl:call-template name="date"><xsl:with-param name="d" select="cp:passedOn"/></xsl:call-template>
              <xsl:if test="cp:method">
                <xsl:text> </xsl:text>
                <xsl:call-template name="label">
                  <xsl:with-param name="list" select="'deliveryMethod'"/>
                  <xsl:with-param name="code" select="cp:method"/>
                </xsl:call-template>
              </xsl:if>
              <xsl:if test="normalize-space(cp:response) != ''">
                <br/>
                <span class="text">
                  <xsl:text>助言・対応: </xsl:text>
                  <xsl:call-template name="text"><xsl:with-param name="s" select="cp:response"/></xsl:call-template>
                </span>
              </xsl:if>
            </td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template match="cp:signature">
    <xsl:choose>
      <xsl:when test="cp:signed = 'true' or cp:signed = '1'">署名あり</xsl:when>
      <xsl:otherwise>署名なし</xsl:otherwise>
    </xsl:choose>
    <xsl:if test="cp:signedOn or cp:signedBy or cp:signerName">
      <xsl:text>（</xsl:text>
      <xsl:if test="cp:signedOn">
        <xsl:call-template name="date"><xsl:with-param name="d" select="cp:signedOn"/></xsl:call-template>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:if test="cp:signedBy">
        <xsl:call-template name="label">
          <xsl:with-param name="list" select="'personRole'"/>
          <xsl:with-param name="code" select="cp:signedBy"/>
        </xsl:call-template>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:value-of select="cp:signerName"/>
      <xsl:if test="cp:relationship"><xsl:value-of select="concat('、続柄 ', cp:relationship)"/></xsl:if>
      <xsl:text>）</xsl:text>
    </xsl:if>
    <xsl:if test="normalize-space(cp:reasonNotSigned) != ''">
      <br/>
      <span class="text"><xsl:value-of select="concat('署名を得られなかった理由: ', cp:reasonNotSigned)"/></span>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Deletion (DLT1KYO / DLTPLAN / DLTJSK) in a CarePlans collection     -->
  <!-- ================================================================== -->

  <xsl:template match="cp:Deletion" mode="record">
    <xsl:variable name="id" select="generate-id()"/>
    <div class="record" role="document">
      <div class="record-head">
        <h1>削除の指示<span class="audience"><xsl:value-of select="$audience-label"/></span></h1>
      </div>
      <div class="sheet landscape" role="region" aria-labelledby="{$id}-del">
        <xsl:call-template name="sheet-head">
          <xsl:with-param name="title">
            <xsl:call-template name="label">
              <xsl:with-param name="list" select="'deletionKind'"/>
              <xsl:with-param name="code" select="@kind"/>
            </xsl:call-template>
          </xsl:with-param>
          <xsl:with-param name="heading-id" select="concat($id, '-del')"/>
        </xsl:call-template>
        <table class="kv">
          <caption>削除の対象</caption>
          <tbody>
            <tr><th scope="row">保険者番号</th><td><xsl:value-of select="cp:insurerNumber"/></td></tr>
            <tr><th scope="row">被保険者番号</th><td><xsl:value-of select="cp:insuredNumber"/></td></tr>
            <xsl:if test="cp:planDate">
              <tr>
                <th scope="row">居宅サービス計画作成（変更）日</th>
                <td><xsl:call-template name="date"><xsl:with-param name="d" select="cp:planDate"/></xsl:call-template></td>
              </tr>
            </xsl:if>
            <xsl:if test="cp:targetMonth">
              <tr>
                <th scope="row">削除対象年月</th>
                <td>
                  <xsl:value-of select="cp:targetMonth"/>
                  <xsl:call-template name="wareki-month"><xsl:with-param name="ym" select="cp:targetMonth"/></xsl:call-template>
                </td>
              </tr>
            </xsl:if>
            <xsl:if test="cp:providerNumber">
              <tr><th scope="row">サービス事業者コード</th><td><xsl:value-of select="cp:providerNumber"/></td></tr>
            </xsl:if>
            <xsl:if test="cp:serviceKind">
              <tr>
                <th scope="row">サービス種類</th>
                <td><xsl:call-template name="kind"><xsl:with-param name="code" select="cp:serviceKind"/></xsl:call-template></td>
              </tr>
            </xsl:if>
          </tbody>
        </table>
      </div>
    </div>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Helpers                                                             -->
  <!-- ================================================================== -->

  <!-- A row of a key/value table, left out when the value is empty. -->
  <xsl:template name="row-text">
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:if test="normalize-space($value) != ''">
      <tr>
        <th scope="row"><xsl:value-of select="$label"/></th>
        <td class="text">
          <xsl:call-template name="text">
            <xsl:with-param name="s" select="string($value)"/>
          </xsl:call-template>
        </td>
      </tr>
    </xsl:if>
  </xsl:template>

  <!-- Free text: line breaks become <br> (so they survive without CSS);
       .text keeps the spaces (white-space: pre-wrap). -->
  <xsl:template name="text">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, '&#10;')">
        <xsl:value-of select="substring-before($s, '&#10;')"/>
        <br/>
        <xsl:call-template name="text">
          <xsl:with-param name="s" select="substring-after($s, '&#10;')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The label of a code, or the code itself when the list does not know it. -->
  <xsl:template name="label">
    <xsl:param name="list"/>
    <xsl:param name="code"/>
    <xsl:variable name="v" select="normalize-space($code)"/>
    <xsl:variable name="hit" select="$labels/c[@l = $list and @v = $v]"/>
    <xsl:choose>
      <xsl:when test="$hit"><xsl:value-of select="$hit"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$v"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- サービス種類: "13 訪問看護" -->
  <xsl:template name="kind">
    <xsl:param name="code"/>
    <xsl:variable name="v" select="normalize-space($code)"/>
    <xsl:if test="$v != ''">
      <xsl:value-of select="$v"/>
      <xsl:if test="$labels/c[@l = 'kind' and @v = $v]">
        <xsl:value-of select="concat(' ', $labels/c[@l = 'kind' and @v = $v])"/>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <xsl:template name="bool">
    <xsl:param name="v"/>
    <xsl:param name="yes"/>
    <xsl:param name="no"/>
    <xsl:choose>
      <xsl:when test="$v = 'true' or $v = '1'"><xsl:value-of select="$yes"/></xsl:when>
      <xsl:when test="$v = 'false' or $v = '0'"><xsl:value-of select="$no"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- Integers with thousands separators; anything else as written. -->
  <xsl:template name="num">
    <xsl:param name="v"/>
    <xsl:variable name="s" select="normalize-space($v)"/>
    <xsl:choose>
      <xsl:when test="$s != '' and string(number($s)) != 'NaN' and not(contains($s, '.'))">
        <xsl:value-of select="format-number(number($s), '#,##0')"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="address">
    <xsl:param name="a"/>
    <xsl:if test="normalize-space($a/cp:postalCode) != ''">
      <xsl:value-of select="concat('〒', normalize-space($a/cp:postalCode), ' ')"/>
    </xsl:if>
    <xsl:value-of select="$a/cp:address1"/>
    <xsl:if test="normalize-space($a/cp:address2) != ''">
      <xsl:value-of select="concat(' ', $a/cp:address2)"/>
    </xsl:if>
  </xsl:template>

  <!-- HHMM as H:MM; 9999 (no time) as 時間指定なし. -->
  <xsl:template name="time">
    <xsl:param name="t"/>
    <xsl:variable name="s" select="normalize-space($t)"/>
    <xsl:choose>
      <xsl:when test="$s = '9999'">時間指定なし</xsl:when>
      <xsl:when test="string-length($s) = 4">
        <xsl:value-of select="concat(number(substring($s, 1, 2)), ':', substring($s, 3, 2))"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="time-range">
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <xsl:choose>
      <xsl:when test="normalize-space($from) = '9999' and (normalize-space($to) = '9999' or normalize-space($to) = '')">時間指定なし</xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="time"><xsl:with-param name="t" select="$from"/></xsl:call-template>
        <xsl:if test="normalize-space($to) != ''">
          <xsl:text>〜</xsl:text>
          <xsl:call-template name="time"><xsl:with-param name="t" select="$to"/></xsl:call-template>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="period">
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <xsl:if test="normalize-space(concat($from, $to)) != ''">
      <xsl:call-template name="date"><xsl:with-param name="d" select="$from"/></xsl:call-template>
      <xsl:text> 〜 </xsl:text>
      <xsl:call-template name="date"><xsl:with-param name="d" select="$to"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- A date as in the source (YYYY-MM-DD) followed by its 和暦. -->
  <xsl:template name="date">
    <xsl:param name="d"/>
    <xsl:variable name="s" select="normalize-space($d)"/>
    <xsl:if test="$s != ''">
      <xsl:value-of select="$s"/>
      <xsl:variable name="w">
        <xsl:call-template name="wareki">
          <xsl:with-param name="d" select="$s"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:if test="string($w) != ''">
        <span class="wareki"><xsl:value-of select="concat('（', $w, '）')"/></span>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- （令和7年5月） for a YYYY-MM, judged by the first day of the month. -->
  <xsl:template name="wareki-month">
    <xsl:param name="ym"/>
    <xsl:variable name="w">
      <xsl:call-template name="wareki">
        <xsl:with-param name="d" select="concat(normalize-space($ym), '-01')"/>
        <xsl:with-param name="with-day" select="false()"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:if test="string($w) != ''">
      <span class="wareki"><xsl:value-of select="concat('（', $w, '）')"/></span>
    </xsl:if>
  </xsl:template>

  <!-- 和暦 of a YYYY-MM-DD (JIS X 0301 era boundaries): 令和 from 2019-05-01,
       平成 1989-01-08 to 2019-04-30, 昭和 1926-12-25 to 1989-01-07, 大正
       1912-07-30 to 1926-12-24, 明治 from 1873-01-01 (the Gregorian
       calendar).  Year 1 is 元年.  Nothing for earlier or malformed dates. -->
  <xsl:template name="wareki">
    <xsl:param name="d"/>
    <xsl:param name="with-day" select="true()"/>
    <xsl:variable name="y" select="number(substring($d, 1, 4))"/>
    <xsl:variable name="m" select="number(substring($d, 6, 2))"/>
    <xsl:variable name="dd" select="number(substring($d, 9, 2))"/>
    <xsl:variable name="n" select="$y * 10000 + $m * 100 + $dd"/>
    <xsl:if test="string-length($d) = 10 and substring($d, 5, 1) = '-' and substring($d, 8, 1) = '-'
                  and string($n) != 'NaN' and $n &gt;= 18730101">
      <xsl:variable name="era">
        <xsl:choose>
          <xsl:when test="$n &gt;= 20190501">令和</xsl:when>
          <xsl:when test="$n &gt;= 19890108">平成</xsl:when>
          <xsl:when test="$n &gt;= 19261225">昭和</xsl:when>
          <xsl:when test="$n &gt;= 19120730">大正</xsl:when>
          <xsl:otherwise>明治</xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:variable name="ey">
        <xsl:choose>
          <xsl:when test="$n &gt;= 20190501"><xsl:value-of select="$y - 2018"/></xsl:when>
          <xsl:when test="$n &gt;= 19890108"><xsl:value-of select="$y - 1988"/></xsl:when>
          <xsl:when test="$n &gt;= 19261225"><xsl:value-of select="$y - 1925"/></xsl:when>
          <xsl:when test="$n &gt;= 19120730"><xsl:value-of select="$y - 1911"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$y - 1867"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:value-of select="$era"/>
      <xsl:choose>
        <xsl:when test="$ey = 1">元</xsl:when>
        <xsl:otherwise><xsl:value-of select="$ey"/></xsl:otherwise>
      </xsl:choose>
      <xsl:value-of select="concat('年', $m, '月')"/>
      <xsl:if test="$with-day"><xsl:value-of select="concat($dd, '日')"/></xsl:if>
    </xsl:if>
  </xsl:template>

  <xsl:template name="days-in-month">
    <xsl:param name="y"/>
    <xsl:param name="m"/>
    <xsl:choose>
      <xsl:when test="$m = 2">
        <xsl:choose>
          <xsl:when test="($y mod 4 = 0 and $y mod 100 != 0) or $y mod 400 = 0">29</xsl:when>
          <xsl:otherwise>28</xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="$m = 4 or $m = 6 or $m = 9 or $m = 11">30</xsl:when>
      <xsl:when test="$m &gt;= 1 and $m &lt;= 12">31</xsl:when>
      <!-- malformed month: show all 31 days rather than none -->
      <xsl:otherwise>31</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
