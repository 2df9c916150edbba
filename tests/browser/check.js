/*
 * check.js - measures a kaigo-publish page inside the browser.
 *
 * tests/browser/pages.mjs adds this script to each rendered page and calls
 * kaigoCheck(), which returns one line of NAME=VALUE pairs.  "glyphs" is the test that Japanese text is drawn
 * with a real font: two different kanji (and a kanji and a character no font
 * has) are drawn on a canvas in the page's own font; with no Japanese font
 * they all come out as the same box.
 */
window.kaigoCheck = function () {
  var r = [];
  var body = document.body;
  var text = (body && body.innerText) || '';
  var font = body ? getComputedStyle(body).fontFamily : 'sans-serif';
  var c = document.createElement('canvas');
  var g;

  function pixels(ch) {
    g.clearRect(0, 0, 48, 48);
    g.fillStyle = '#000';
    g.font = '36px ' + font;
    g.fillText(ch, 4, 40);
    return Array.prototype.join.call(g.getImageData(0, 0, 48, 48).data, ',');
  }

  c.width = 48;
  c.height = 48;
  g = c.getContext('2d');
  var a = pixels('評'), b = pixels('価'), none = pixels('\uffff');
  var blank = pixels(' ');
  r.push('lang=' + document.documentElement.lang);
  r.push('title=' + (document.title ? 1 : 0));
  r.push('tables=' + document.querySelectorAll('table').length);
  r.push('th=' + document.querySelectorAll('th').length);
  r.push('thscope=' + document.querySelectorAll('th[scope]').length);
  r.push('captions=' + document.querySelectorAll('caption, h1, h2').length);
  r.push('nocaption=' + Array.prototype.filter.call(document.querySelectorAll('table'),
    function (t) { return !t.caption || !t.caption.textContent.trim(); }).length);
  r.push('main=' + document.querySelectorAll('main, [role=main]').length);
  r.push('links=' + document.querySelectorAll('a[href]').length);
  r.push('chars=' + text.length);
  r.push('japanese=' + (/[\u3040-\u30ff\u4e00-\u9fff]/.test(text) ? 1 : 0));
  r.push('glyphs=' + (a !== b && a !== none && a !== blank ? 1 : 0));
  r.push('height=' + document.documentElement.scrollHeight);
  r.push('printcss=' + (function () {
    var n = 0, i, j, rules;
    for (i = 0; i < document.styleSheets.length; i++) {
      try { rules = document.styleSheets[i].cssRules; } catch (e) { continue; }
      for (j = 0; j < rules.length; j++)
        if (rules[j].type === CSSRule.MEDIA_RULE && /print/.test(rules[j].conditionText || rules[j].media.mediaText)) n++;
        else if (rules[j].type === CSSRule.PAGE_RULE) n++;
    }
    return n;
  })());
  return r.join(' ');
};
