// Drives Debian's Chromium over cuecard's HTML pages for tests/browser.rs:
// axe-core (light and dark), layout at phone, tablet and desk widths,
// screenshots, the find box with scripts on, the index with scripts off,
// and a print to PDF on A4 and Letter. It only measures: it prints one JSON
// report on stdout, and the Rust test decides what passes.
//
// Usage: node check.mjs JOBS.json   (see tests/browser.rs for the shape)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
const VIEWS = [
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
  { width: 1280, height: 800 },
];

const jobs = JSON.parse(readFileSync(process.argv[2], "utf8"));
const browser = await chromium.launch({
  executablePath: jobs.chromium,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

async function open(context, file, log) {
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  page.on("request", (r) => { if (r.url() !== url) log.requests.push(r.url()); });
  page.on("console", (m) => { if (m.type() === "error") log.console_errors.push(m.text()); });
  page.on("pageerror", (e) => log.console_errors.push(String(e)));
  await page.goto(url);
  return page;
}

// The page as a user opens it, policy on: what it fetched, what it logged
// (a blocked style or script logs an error), what the policy refused.
async function plain(file, log) {
  const context = await browser.newContext();
  const page = await open(context, file, log);
  const refused = await page.evaluate(() => new Promise((done) => {
    const seen = [];
    document.addEventListener("securitypolicyviolation", (e) => seen.push(e.violatedDirective));
    setTimeout(() => done(seen), 200);
  }));
  log.console_errors.push(...refused.map((d) => `policy refused: ${d}`));
  await context.close();
}

async function axe(file, colorScheme, width, log) {
  // Only axe's own script needs the policy lifted; the page is unchanged.
  const viewport = { width, height: 900 };
  const context = await browser.newContext({ bypassCSP: true, colorScheme, viewport });
  const page = await open(context, file, log);
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate((tags) =>
    window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }), AXE_TAGS);
  await context.close();
  return {
    rules_run: result.violations.length + result.passes.length + result.incomplete.length + result.inapplicable.length,
    violations: result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")),
    })),
  };
}

async function views(job, log) {
  const out = [];
  for (const view of VIEWS) {
    const context = await browser.newContext({ viewport: view, colorScheme: "light" });
    const page = await open(context, job.file, log);
    const measured = await page.evaluate(() => {
      const row = document.querySelector(".entry");
      return {
        scroll_width: document.documentElement.scrollWidth,
        client_width: document.documentElement.clientWidth,
        entry_display: row ? getComputedStyle(row).display : null,
        font_size: parseFloat(getComputedStyle(document.body).fontSize),
        smallest_link: Math.min(...Array.from(document.querySelectorAll(".index a"), (a) => {
          const r = a.getBoundingClientRect();
          return Math.min(r.width, r.height);
        })),
      };
    });
    let screenshot = null;
    if (job.shots) {
      screenshot = `${jobs.out}/${job.name}-${view.width}.png`;
      await page.screenshot({ path: screenshot });
    }
    out.push({ width: view.width, screenshot, ...measured });
    await context.close();
  }
  return out;
}

async function scripted(job, log) {
  const context = await browser.newContext({ viewport: VIEWS[2] });
  const page = await open(context, job.file, log);
  const before = await page.evaluate(() => ({
    find_shown: !document.querySelector(".find").hidden,
    total: document.querySelectorAll(".entry").length,
  }));
  let find = null;
  if (job.find) {
    await page.fill("#find", job.find);
    find = await page.evaluate(() => ({
      shown: Array.from(document.querySelectorAll(".entry")).filter((e) => !e.hidden).length,
      keys: Array.from(document.querySelectorAll(".entry"))
        .filter((e) => !e.hidden)
        .map((e) => Array.from(e.querySelectorAll(".key"), (k) => k.textContent).join(" ")),
      said: document.getElementById("found").textContent,
    }));
  }
  await context.close();
  return { ...before, find };
}

async function scriptless(job, log) {
  const context = await browser.newContext({ viewport: VIEWS[0], javaScriptEnabled: false });
  const page = await open(context, job.file, log);
  const links = await page.$$eval(".index a", (as) => as.map((a) => a.textContent));
  const find_shown = await page.evaluate(() => getComputedStyle(document.querySelector(".find")).display !== "none");
  let jumped = null;
  if (links.length > 0) {
    const last = page.locator(".index a").last();
    await last.click();
    jumped = await page.evaluate(() => {
      const target = document.querySelector(":target");
      if (!target) return null;
      const r = target.getBoundingClientRect();
      return { key: target.querySelector(".key").textContent, in_view: r.top >= 0 && r.top < innerHeight };
    });
  }
  const entry_keys = await page.$$eval(".entry", (es) => es.map((e) => e.querySelector(".key").textContent));
  await context.close();
  return { links, entry_keys, find_shown, jumped };
}

async function print(job, log) {
  const context = await browser.newContext();
  const page = await open(context, job.file, log);
  await page.emulateMedia({ media: "print" });
  const out = await page.evaluate(() => {
    const style = (selector) => {
      const node = document.querySelector(selector);
      return node ? getComputedStyle(node) : null;
    };
    return {
      entry_break_inside: style(".entry") && style(".entry").breakInside,
      thead_display: style("thead") && style("thead").display,
      index_display: style(".index") && style(".index").display,
    };
  });
  await context.close();
  for (const format of ["A4", "Letter"]) {
    const context = await browser.newContext();
    const page = await open(context, job.file, log);
    const path = `${jobs.out}/${job.name}-${format.toLowerCase()}.pdf`;
    await page.pdf({ path, format, printBackground: true });
    out[format.toLowerCase()] = path;
    await context.close();
  }
  return out;
}

const report = [];
for (const job of jobs.pages) {
  const log = { requests: [], console_errors: [] };
  const entry = { name: job.name, axe: {} };
  await plain(job.file, log);
  // Both schemes, as cards (390 px) and as a table (1280 px).
  for (const scheme of ["light", "dark"]) {
    entry.axe[scheme] = await axe(job.file, scheme, 1280, log);
    entry.axe[`${scheme}_cards`] = await axe(job.file, scheme, 390, log);
  }
  if (job.layout) {
    entry.views = await views(job, log);
    entry.scripted = await scripted(job, log);
    entry.scriptless = await scriptless(job, log);
  }
  if (job.pdf) entry.pdf = await print(job, log);
  entry.requests = log.requests;
  entry.console_errors = log.console_errors;
  report.push(entry);
}
const version = browser.version();
await browser.close();
process.stdout.write(JSON.stringify({ browser: version, pages: report }));
