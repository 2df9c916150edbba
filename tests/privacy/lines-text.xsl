<?xml version="1.0" encoding="UTF-8"?>
<!--
  tests/privacy/lines-text.xsl - the probes of corpus.txt as a text output:
  "N|t|" then the probe, then a separator line "§§".  The empty comments
  keep the number, the probe and the separator in text nodes of their own
  (the text method writes nothing for them), so each probe is checked as
  it is, without its neighbours.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:ev="urn:kaigo:evaluation:1">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:param name="part" select="'all'"/>
  <xsl:template match="/">
    <xsl:for-each select="//ev:probe">
      <xsl:value-of select="concat(@n, '|t|')"/><xsl:comment/>
      <xsl:value-of select="."/><xsl:comment/>
      <xsl:text>&#10;§§&#10;</xsl:text><xsl:comment/>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
