<?xml version="1.0" encoding="UTF-8"?>
<!--
  tests/privacy/extract.xsl - read the probes back from the page of
  lines-html.xsl (xsltproc - -html): "N|CTX|text" then a line "§§", for
  CTX t (text), a (attribute), s (script), y (style), c (comment).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:template match="/">
    <xsl:for-each select="//div[starts-with(@id, 'p')]">
      <xsl:variable name="n" select="substring(@id, 2)"/>
      <xsl:value-of select="concat($n, '|t|', p[@class = 't'], '&#10;§§&#10;')"/>
      <xsl:value-of select="concat($n, '|a|', p[@class = 'a']/@title, '&#10;§§&#10;')"/>
      <xsl:value-of select="concat($n, '|s|', script, '&#10;§§&#10;')"/>
      <xsl:value-of select="concat($n, '|y|', style, '&#10;§§&#10;')"/>
      <xsl:value-of select="concat($n, '|c|', comment(), '&#10;§§&#10;')"/>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
