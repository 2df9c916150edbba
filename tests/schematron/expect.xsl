<?xml version="1.0"?>
<!--
  expect.xsl - applied to the SVRL kaigo-validate wrote for a conformance
  case: evaluates each expectation/@test of the case file $case (XPath 1.0,
  with the svrl prefix) on it and prints "fail: TEST" for each that is false.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="tag:dmaus@dmaus.name,2019:Schematron:Testsuite"
                xmlns:svrl="http://purl.oclc.org/dsdl/svrl"
                xmlns:dyn="http://exslt.org/dynamic" extension-element-prefixes="dyn">
  <xsl:output method="text"/>
  <xsl:param name="case"/>

  <xsl:template match="/">
    <xsl:variable name="svrl" select="."/>
    <xsl:for-each select="document($case)/t:testcase/t:expectations/t:expectation">
      <xsl:variable name="test" select="@test"/>
      <xsl:for-each select="$svrl">
        <xsl:if test="not(dyn:evaluate($test))">
          <xsl:text>fail: </xsl:text><xsl:value-of select="$test"/><xsl:text>&#10;</xsl:text>
        </xsl:if>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
