<?xml version="1.0" encoding="UTF-8"?>
<!--
  tests/privacy/lines-csv.xsl - the probes of corpus.txt as CSV: one row
  "N","probe" per probe (quotes doubled, CRLF), each cell a text node of its
  own (the empty comments separate them), so each probe is checked alone.
  The CSV pass of kaigo-publish neutralises a probe cell that begins with
  = + - @ TAB CR or '; run.sh reads it back with the reader's rule.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:ev="urn:kaigo:evaluation:1">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:param name="part" select="'all'"/>
  <xsl:template match="/">
    <xsl:for-each select="//ev:probe">
      <xsl:value-of select="concat('&quot;', @n, '&quot;,&quot;')"/><xsl:comment/>
      <xsl:value-of select="."/><xsl:comment/>
      <xsl:text>"&#13;&#10;</xsl:text><xsl:comment/>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
