// tests/browser/pages.mjs - what a reader of each kaigo-publish page gets,
// measured in Debian's Chromium through puppeteer-core, printed as TAP.
//
//   node tests/browser/pages.mjs FIRST LIST [FAILED]
//
// FIRST is the number of the first test (run.sh has printed the ones before,
// FAILED of them failed);
// LIST has one page a line: FILE<TAB>LABEL<TAB>MIN-TABLES<TAB>CHECKS, CHECKS
// being some of the words below.  A fifth field, EXPECT, marks a page with a
// planted fault (tests/browser/fixtures/): it gives one test, which passes
// when a test whose name holds EXPECT fails on the page.  BROWSER_JOBS pages
// (default 2) are read at once; BROWSER_CHECKS limits the checks run.
//
//   dom     check.js: language, title, tables, header cells, a caption on
//           every table, one main landmark, a Japanese font really drawing
//           the kanji, print CSS;
//   phone-axe  axe-core again in the phone layout;
//   shot    a 1240 px screenshot that is not blank (ImageMagick: mean, colours);
//   axe     axe-core with the tags wcag2a, wcag2aa, wcag21a, wcag21aa and
//           best-practice: any violation fails, with its rule and elements;
//   phone   390 × 844 CSS px as a phone lays it out: the viewport meta is
//           obeyed (the layout is 390 px wide, not 980) and the body does not
//           scroll sideways (a wide table may scroll in its own region);
//   zoom    the browser's text size at 200 % (default font size 32 px, as the
//           text-size setting does it): every piece of text doubles, and no
//           text is clipped by a box that hides its overflow;
//   print   in print media the body text (the size of most characters) is
//           at least 9 pt and no text is under 8 pt; the PDF (A4, the page's
//           own @page sizes) has only A4 pages, no word reaching past the
//           right edge nor under 8 pt on paper (Chromium shrinks a page too
//           wide for the paper), and no page ending with a table caption or
//           a header row alone (pdfinfo, pdftotext -bbox-layout from
//           poppler-utils).
//
// Exits 1 if any test failed.  Chromium runs headless with --no-sandbox
// because CI runs as root; the pages are our own, read from local files, and
// the browser has no network to reach (every request but file: is refused).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const axeSource = fs.readFileSync(path.join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');
const checkSource = fs.readFileSync(path.join(here, 'check.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const PT = 4 / 3; // CSS px per pt
// The height pdftotext gives a word, per pt of font size, for Noto Sans CJK
// JP (the pages' first font, which the dom check requires): measured 25.99
// for 10 pt and 18.19 for 7 pt text printed at scale 1.
const TEXT_HEIGHT = 2.599;
const run = async (cmd, args) => (await promisify(execFile)(cmd, args, { maxBuffer: 1 << 28 })).stdout;

let n = Number(process.argv[2] || 1) - 1;
let failed = 0;
function ok(what) { n++; console.log(`ok ${n} - ${what}`); }
function notok(what, why) {
  n++; failed++;
  console.log(`not ok ${n} - ${what}`);
  for (const l of String(why).split('\n').slice(0, 12)) console.log(`#   ${l}`);
}


const list = fs.readFileSync(process.argv[3], 'utf8').split('\n').filter(Boolean)
  .map((l) => {
    const [file, label, min, checks, expect] = l.split('\t');
    return { file, label, min: Number(min), checks: (checks || 'dom shot axe phone phone-axe zoom print').split(' '), expect };
  });

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kaigo-chromium.'));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  userDataDir: profile,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    '--no-default-browser-check', '--disable-extensions', '--hide-scrollbars'],
});

// text elements: every element with a text node of its own that is rendered
const TEXT_ELEMENTS = `(() => {
  const out = [];
  for (const e of document.body.querySelectorAll('*')) {
    if (!Array.prototype.some.call(e.childNodes, (c) => c.nodeType === 3 && c.data.trim())) continue;
    if (!e.getClientRects().length) continue;
    out.push(e);
  }
  return out;
})()`;

async function load(page, file, viewport) {
  await page.setViewport(viewport);
  await page.goto('file://' + file, { waitUntil: 'load' });
  // under load, the emulated width can reach the page after its first layout
  // (a 1240 px screenshot came out 256 px wide once); a phone's width is what
  // the phone check measures, so it is not waited for
  if (!viewport.isMobile)
    await page.waitForFunction((w) => window.innerWidth === w, { timeout: 10000 }, viewport.width);
  await page.evaluate(() => document.fonts.ready);
}

async function domCheck(page, p, t) {
  await page.evaluate(checkSource);
  const res = await page.evaluate(() => window.kaigoCheck());
  const v = Object.fromEntries(res.split(' ').map((kv) => kv.split('=')));
  const bad = [];
  if (v.lang !== 'ja') bad.push('lang=' + v.lang);
  if (v.title !== '1') bad.push('no-title');
  if (Number(v.tables) < p.min) bad.push(`tables=${v.tables}<${p.min}`);
  if (Number(v.th) < 1) bad.push('no-th');
  if (Number(v.thscope) < 1) bad.push('no-th-scope');
  if (v.japanese !== '1') bad.push('no-japanese-text');
  if (v.glyphs !== '1') bad.push('kanji-not-drawn-by-a-japanese-font');
  if (Number(v.chars) < 200) bad.push('text=' + v.chars);
  if (Number(v.printcss) < 1) bad.push('no-print-css');
  if (v.nocaption !== '0') bad.push(`${v.nocaption}-tables-without-caption`);
  if (v.main !== '1') bad.push(`main-landmarks=${v.main}`);
  t.check(!bad.length, `${p.label}: DOM (${res})`, bad.join(' '));
}

// A screenshot taken before the compositor has drawn a frame is white
// (seen in CI: two pages at a time on a loaded 2-core machine, 2 of 40
// pages).  Wait for two animation frames, and take it again, up to three
// times, if it comes out blank; a page that really draws nothing stays blank
// every time and fails.
async function shotCheck(page, p, png, t) {
  let mean = 1, colours = 0, tries = 0;
  while (tries < 3) {
    tries++;
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: png });
    const stats = (await run('convert', [png, '-format', '%[fx:mean] %k', 'info:'])).trim();
    [mean, colours] = stats.split(' ').map(Number);
    if (mean < 0.995 && mean > 0.3 && colours >= 8) break;
  }
  t.check(mean < 0.995 && mean > 0.3 && colours >= 8,
    `${p.label}: screenshot shows the page (mean ${mean}, ${colours} colours${tries > 1 ? `, try ${tries}` : ''})`,
    'blank?');
}

async function axeCheck(page, p, where, t) {
  await page.evaluate(axeSource);
  const r = await page.evaluate(async (tags) => {
    const res = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return { passes: res.passes.length, violations: res.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((x) => x.target.join(' ')) })) };
  }, AXE_TAGS);
  t.check(!r.violations.length, `${p.label}: axe-core ${where}, no violation (${r.passes} rules pass)`,
    r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.length} × ${v.nodes.slice(0, 3).join(', ')}`).join('\n'));
}

async function phoneCheck(page, p, t) {
  await load(page, p.file, { width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
  const r = await page.evaluate(() => {
    const d = document.documentElement;
    const wide = [];
    for (const e of document.body.querySelectorAll('*')) {
      const b = e.getBoundingClientRect();
      if (b.right > d.clientWidth + 1 && b.width > 0) {
        // inside a region that scrolls on its own, it does not move the body
        let s = e.parentElement, own = false;
        for (; s && s !== document.body; s = s.parentElement) {
          const o = getComputedStyle(s).overflowX;
          if (o === 'auto' || o === 'scroll') { own = true; break; }
        }
        if (!own) wide.push(e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + Math.round(b.right) + 'px');
      }
    }
    return { client: d.clientWidth, scroll: d.scrollWidth, body: document.body.scrollWidth, wide: wide.slice(0, 5) };
  });
  t.check(r.client === 390 && r.scroll <= r.client,
    `${p.label}: on a 390 px phone the body does not scroll sideways (layout ${r.client} px, content ${r.scroll} px)`,
    `layout width ${r.client} px (a page without a viewport meta element is laid out 980 px wide), content ${r.scroll} px; wider: ${r.wide.join(', ')}`);
}

async function zoomCheck(page, p, t) {
  // font sizes of every text element at 100 %, then at 200 %
  const viewport = { width: 1280, height: 900, deviceScaleFactor: 1 };
  const cdp = await page.createCDPSession();
  const sizes = `${TEXT_ELEMENTS}.map((e) => parseFloat(getComputedStyle(e).fontSize))`;
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 16, fixed: 13 } });
  await load(page, p.file, viewport);
  const before = await page.evaluate(sizes);
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
  await load(page, p.file, viewport);
  const r = await page.evaluate(`(() => {
    const els = ${TEXT_ELEMENTS};
    const sizes = els.map((e) => parseFloat(getComputedStyle(e).fontSize));
    const clipped = [];
    for (const e of document.body.querySelectorAll('*')) {
      const cs = getComputedStyle(e);
      if (!/hidden|clip/.test(cs.overflowX + cs.overflowY)) continue;
      if (e.clientWidth <= 1 || e.clientHeight <= 1) continue; // visually hidden text, read aloud
      if (!e.textContent.trim()) continue;
      if (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
        clipped.push(e.tagName.toLowerCase() + ' "' + e.textContent.trim().slice(0, 20) + '"');
    }
    const d = document.documentElement;
    return { sizes, names: els.map((e) => e.tagName.toLowerCase() + ' "' + e.textContent.trim().slice(0, 12) + '"'), clipped, scroll: d.scrollWidth, client: d.clientWidth };
  })()`);
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 16, fixed: 13 } });
  await cdp.detach();
  const fixed = [];
  if (before.length !== r.sizes.length) fixed.push(`${before.length} text elements at 100 %, ${r.sizes.length} at 200 %`);
  else for (let i = 0; i < before.length; i++)
    if (r.sizes[i] < before[i] * 1.9) fixed.push(`${r.names[i]} ${before[i]}px → ${r.sizes[i]}px`);
  t.check(!fixed.length, `${p.label}: text at 200 % doubles (${before.length} text elements)`,
    `${fixed.length} do not grow with the text size: ${fixed.slice(0, 6).join(', ')}`);
  t.check(!r.clipped.length && r.scroll <= r.client,
    `${p.label}: text at 200 % is not clipped and the body does not scroll sideways (content ${r.scroll} px in ${r.client} px)`,
    `clipped: ${r.clipped.slice(0, 6).join(', ') || 'none'}; content ${r.scroll} px wide in ${r.client} px`);
}

// the sizes of printed text, in print media
async function printSizeCheck(page, p, t) {
  await page.emulateMediaType('print');
  const r = await page.evaluate(`(() => {
    const els = ${TEXT_ELEMENTS};
    const small = [], chars = {};
    let min = 1e9;
    for (const e of els) {
      const s = parseFloat(getComputedStyle(e).fontSize);
      let k = 0;
      for (const c of e.childNodes) if (c.nodeType === 3) k += c.data.trim().length;
      chars[s] = (chars[s] || 0) + k;
      if (s < min) min = s;
      if (s < ${8 * PT} - 0.01) small.push(e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' "' + e.textContent.trim().slice(0, 12) + '" ' + (s / ${PT}).toFixed(1) + 'pt');
    }
    // the body text: the size that carries the most characters
    const body = Number(Object.keys(chars).sort((a, b) => chars[b] - chars[a])[0]);
    return { body, min, small };
  })()`);
  await page.emulateMediaType(null);
  const body = r.body / PT, min = r.min / PT;
  t.check(body >= 9 - 0.01 && !r.small.length,
    `${p.label}: printed body text is at least 9 pt and no text is under 8 pt (body ${body.toFixed(1)} pt, smallest ${min.toFixed(1)} pt)`,
    `body (the size of most characters) ${body.toFixed(2)} pt; under 8 pt: ${r.small.slice(0, 6).join(', ')}`);
}

function unescape(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

// every character of a (with repeats) is in b: a is made of b's text
function within(a, b) {
  const count = new Map();
  for (const c of b) count.set(c, (count.get(c) || 0) + 1);
  for (const c of a) {
    const k = count.get(c);
    if (!k) return false;
    count.set(c, k - 1);
  }
  return true;
}

// the PDF: A4 pages, nothing past the right edge, no caption or header row
// alone at the foot of a page
async function pdfCheck(page, p, pdf, t) {
  const heads = await page.evaluate(() => {
    const txt = (e) => e.textContent.replace(/\s+/g, '');
    const out = [];
    for (const c of document.querySelectorAll('caption')) out.push(txt(c));
    for (const r of document.querySelectorAll('thead tr')) out.push(txt(r));
    for (const tb of document.querySelectorAll('table')) {
      const c = tb.querySelector('caption'), h = tb.querySelector('thead');
      if (c && h) out.push(txt(c) + txt(h));
    }
    return out.filter(Boolean);
  });
  await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true, printBackground: true });
  const info = await run('pdfinfo', ['-f', '1', '-l', '100000', pdf]);
  const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => [Number(m[1]), Number(m[2])]);
  const a4 = ([w, h]) => (Math.abs(w - 595.3) < 2 && Math.abs(h - 841.9) < 2) || (Math.abs(h - 595.3) < 2 && Math.abs(w - 841.9) < 2);
  const notA4 = sizes.filter((s) => !a4(s));
  t.check(sizes.length && !notA4.length, `${p.label}: prints to ${sizes.length} A4 pages`,
    `${notA4.length} of ${sizes.length} pages are not A4: ${notA4.slice(0, 3).map((s) => s.join('×')).join(', ')}`);

  const layout = await run('pdftotext', ['-bbox-layout', pdf, '-']);
  const cut = [], alone = [];
  let pageNo = 0, smallest = 1e9, smallWord = '';
  for (const pg of layout.split('<page ').slice(1)) {
    pageNo++;
    const width = Number(/width="([\d.]+)"/.exec(pg)[1]);
    const lines = [];
    for (const l of pg.split('<line ').slice(1)) {
      const words = [...l.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)];
      if (!words.length) continue;
      for (const w of words) {
        if (Number(w[3]) > width - 0.5) cut.push(`page ${pageNo}: "${w[5]}" to x=${w[3]} of ${width}`);
        // symbols such as ☑ may come from another font, with other metrics
        if (!/[\u3040-\u30ff\u4e00-\u9fffA-Za-z0-9]/.test(w[5])) continue;
        const size = (Number(w[4]) - Number(w[2])) / TEXT_HEIGHT;
        if (size < smallest) { smallest = size; smallWord = `page ${pageNo}: "${unescape(w[5]).slice(0, 20)}"`; }
      }
      lines.push({ top: Math.min(...words.map((w) => Number(w[2]))), bottom: Math.max(...words.map((w) => Number(w[4]))), text: words.map((w) => w[5]).join('') });
    }
    if (pageNo === sizes.length || !lines.length) continue;
    // the last visual row of the page: the lowest line and those beside it
    const bottom = Math.max(...lines.map((l) => l.bottom));
    const low = lines.find((l) => l.bottom === bottom);
    const row = lines.filter((l) => l.top < bottom && l.bottom > bottom - (low.bottom - low.top) / 2);
    const foot = unescape(row.map((l) => l.text).join(''));
    if (heads.some((h) => foot.length >= Math.max(2, 0.4 * h.length) && within(foot, h)))
      alone.push(`page ${pageNo} ends with "${foot.slice(0, 40)}"`);
  }
  // Chromium shrinks a page whose content is wider than the paper: the
  // text is then smaller on paper than in the CSS
  t.check(!cut.length && smallest >= 8 - 0.05,
    `${p.label}: printed text is neither cut at the right edge nor shrunk to fit (smallest on paper ${smallest.toFixed(1)} pt)`,
    (cut.length ? cut.slice(0, 5).join('\n') + '\n' : '') + `smallest text on paper ${smallest.toFixed(2)} pt, ${smallWord}`);
  t.check(!alone.length, `${p.label}: no page ends with a caption or header row alone`, alone.slice(0, 5).join('\n'));
}

// one page: its tests' lines are printed together, when it is done
async function readPage(p) {
  const lines = [];
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (req) => (req.url().startsWith('file:') ? req.continue() : req.abort()));
  const base = p.file.replace(/\.html$/, '');
  const has = (c) => p.checks.includes(c) && (!process.env.BROWSER_CHECKS || process.env.BROWSER_CHECKS.split(' ').includes(c));
  const t = {
    ok: (w) => lines.push([true, w]),
    notok: (w, why) => lines.push([false, w, why]),
    check: (cond, w, why) => lines.push(cond ? [true, w] : [false, w, why]),
  };
  try {
    const t0 = Date.now();
    await load(page, p.file, { width: 1240, height: 1754, deviceScaleFactor: 1 });
    if (has('dom')) await domCheck(page, p, t);
    if (has('shot')) await shotCheck(page, p, base + '.png', t);
    if (has('axe')) await axeCheck(page, p, 'at 1240 px', t);
    // print while the page is as loaded (the scripts added do not show)
    if (has('print')) {
      await printSizeCheck(page, p, t);
      await pdfCheck(page, p, base + '.pdf', t);
    }
    if (has('phone')) await phoneCheck(page, p, t);
    if (has('phone-axe')) await axeCheck(page, p, 'at 390 px', t);
    if (has('zoom')) await zoomCheck(page, p, t);
    lines.push([null, `${p.label}: ${((Date.now() - t0) / 1000).toFixed(1)} s`]);
  } catch (e) {
    t.notok(`${p.label}: read in Chromium`, e.stack || e);
  }
  await page.close();
  if (!p.expect) return lines;
  // a page with a planted fault: the test named must catch it
  const hit = lines.filter(([good, what]) => good !== null && what.includes(p.expect));
  const caught = hit.filter(([good]) => good === false);
  return [caught.length
    ? [true, `${p.label}: "${p.expect}" catches it`]
    : [false, `${p.label}: "${p.expect}" catches it`, hit.length ? 'the test passed: it cannot see this fault' : 'no such test ran']];
}

const jobs = Math.max(1, Number(process.env.BROWSER_JOBS || 2));
const results = new Array(list.length);
let next = 0, shown = 0;
function show() {
  for (; shown < list.length && results[shown]; shown++)
    for (const [good, what, why] of results[shown]) {
      if (good === null) console.log(`# ${what}`);
      else if (good) ok(what);
      else notok(what, why);
    }
}
await Promise.all(Array.from({ length: jobs }, async () => {
  while (next < list.length) {
    const i = next++;
    results[i] = await readPage(list[i]);
    show();
  }
}));
await browser.close();
fs.rmSync(profile, { recursive: true, force: true });
console.log(`1..${n}`);
// the closing line of the other suites of make check; run.sh's own failures
// (before the pages) come in as the third argument
const before = Number(process.argv[4] || 0);
console.log(`${n - failed - before} passed, ${failed + before} failed`);
process.exit(failed ? 1 : 0);
