<?xml version="1.0"?>
<!--
  split.xsl - writes one conformance test case (tests/schematron/cases/*/*.xml)
  out as files in the directory $dir: the primary document, the secondary
  documents under their file names, each schema as schema-N.sch; and prints
  the case's attributes as shell assignments for run.sh.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="tag:dmaus@dmaus.name,2019:Schematron:Testsuite"
                xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
  <xsl:output method="text"/>
  <xsl:param name="dir"/>

  <xsl:template match="/t:testcase">
    <xsl:for-each select="t:documents/*">
      <exsl:document href="{$dir}/{@filename}" method="xml" encoding="UTF-8">
        <xsl:copy-of select="*"/>
      </exsl:document>
    </xsl:for-each>
    <xsl:for-each select="t:schemas/*">
      <exsl:document href="{$dir}/schema-{position()}.sch" method="xml" encoding="UTF-8">
        <xsl:copy-of select="."/>
      </exsl:document>
    </xsl:for-each>
    <xsl:text>id='</xsl:text><xsl:value-of select="@id"/><xsl:text>'&#10;</xsl:text>
    <xsl:text>expect='</xsl:text><xsl:value-of select="@expect"/><xsl:text>'&#10;</xsl:text>
    <xsl:text>features='</xsl:text><xsl:value-of select="@features"/><xsl:text>'&#10;</xsl:text>
    <xsl:text>phase='</xsl:text><xsl:value-of select="t:schemas/@phase"/><xsl:text>'&#10;</xsl:text>
    <xsl:text>primary='</xsl:text><xsl:value-of select="t:documents/t:primary/@filename"/><xsl:text>'&#10;</xsl:text>
    <xsl:text>nschemas=</xsl:text><xsl:value-of select="count(t:schemas/*)"/><xsl:text>&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
