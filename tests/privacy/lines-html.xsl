<?xml version="1.0" encoding="UTF-8"?>
<!--
  tests/privacy/lines-html.xsl - the probes of corpus.txt in a page, each
  one in five places a stylesheet can put text: element text, an attribute
  value, a script, a style element and a comment.  extract.xsl reads them
  back from the page.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:ev="urn:kaigo:evaluation:1" exclude-result-prefixes="ev">
  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat"/>
  <xsl:param name="part" select="'all'"/>
  <xsl:template match="/">
    <html lang="ja">
      <head><title>probes</title></head>
      <body>
        <xsl:for-each select="//ev:probe">
          <div id="p{@n}">
            <p class="t"><xsl:value-of select="."/></p>
            <p class="a" title="{.}"/>
            <script><xsl:value-of select="."/></script>
            <style><xsl:value-of select="."/></style>
            <xsl:comment><xsl:value-of select="."/></xsl:comment>
          </div>
        </xsl:for-each>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
