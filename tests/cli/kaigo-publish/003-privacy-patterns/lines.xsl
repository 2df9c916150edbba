<?xml version="1.0" encoding="UTF-8"?>
<!-- Each <line> of the record on a line of its own (stream kind). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:ev="urn:kaigo:evaluation:1">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:param name="part" select="'all'"/>
  <xsl:template match="/">
    <xsl:if test="$part = 'record' or $part = 'all'">
      <xsl:for-each select="//ev:line">
        <xsl:value-of select="."/>
        <xsl:text>&#10;</xsl:text>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
