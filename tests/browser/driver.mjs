// A small JSON-lines driver around playwright-core and Debian's Chromium, so that pytest can steer a real
// browser step by step (and inject faults between steps). One request per line on stdin:
//   {"id": 1, "op": "goto", "url": "..."}  ->  {"id": 1, "ok": true, "result": ...}
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import readline from "node:readline";

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, "../../bot/web");
const require = createRequire(path.join(webDir, "package.json"));
const { chromium } = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const executablePath = process.env.VEIVISER_CHROMIUM || "/usr/bin/chromium";
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let context = null;
let page = null;
const consoleErrors = [];

async function newPage({ width = 1280, height = 800, reducedMotion = "no-preference", locale = "nb-NO" } = {}) {
  if (context) await context.close();
  context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true, reducedMotion, locale });
  context.setDefaultTimeout(15000);
  page = await context.newPage();
  consoleErrors.length = 0;
  page.on("pageerror", (err) => consoleErrors.push(String(err)));
  page.on("console", (msg) => { if (msg.type() === "error") consoleErrors.push(msg.text()); });
  return true;
}

function loc(selector, text) {
  let l = page.locator(selector);
  if (text !== undefined && text !== null) l = l.filter({ hasText: text });
  return l.first();
}

const ops = {
  newPage: (a) => newPage(a),
  goto: async (a) => { await page.goto(a.url, { waitUntil: "load" }); return page.url(); },
  reload: async () => { await page.reload({ waitUntil: "load" }); return true; },
  click: async (a) => { await loc(a.selector, a.text).click(); return true; },
  fill: async (a) => { await loc(a.selector).fill(a.value); return true; },
  focus: async (a) => { await loc(a.selector, a.text).focus(); return true; },
  press: async (a) => { await page.keyboard.press(a.key); return true; },
  type: async (a) => { await page.keyboard.type(a.text); return true; },
  wait: async (a) => { await loc(a.selector, a.text).waitFor({ state: a.state || "visible", timeout: a.timeout || 15000 }); return true; },
  waitFunction: async (a) => { await page.waitForFunction(a.expression, null, { timeout: a.timeout || 15000 }); return true; },
  count: async (a) => page.locator(a.selector).count(),
  visible: async (a) => loc(a.selector, a.text).isVisible(),
  text: async (a) => loc(a.selector, a.text).innerText(),
  texts: async (a) => page.locator(a.selector).allInnerTexts(),
  attr: async (a) => loc(a.selector, a.text).getAttribute(a.name),
  eval: async (a) => page.evaluate(a.expression),
  viewport: async (a) => { await page.setViewportSize({ width: a.width, height: a.height }); return true; },
  media: async (a) => { await page.emulateMedia({ media: a.media }); return true; },
  screenshot: async (a) => { await page.screenshot({ path: a.path, fullPage: !!a.fullPage }); return a.path; },
  download: async (a) => {
    const [download] = await Promise.all([page.waitForEvent("download"), loc(a.selector, a.text).click()]);
    const stream = await download.createReadStream();
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    return { filename: download.suggestedFilename(), content: Buffer.concat(chunks).toString("utf8") };
  },
  axe: async () => {
    await page.addScriptTag({ content: axeSource });
    return page.evaluate(async () => {
      const result = await window.axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      });
      return result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
      }));
    });
  },
  consoleErrors: async () => consoleErrors.slice(),
  close: async () => { await browser.close(); process.exit(0); },
};

const rl = readline.createInterface({ input: process.stdin });
process.stdout.write(JSON.stringify({ id: 0, ok: true, result: "ready" }) + "\n");
for await (const line of rl) {
  if (!line.trim()) continue;
  let request;
  try { request = JSON.parse(line); } catch (e) { continue; }
  try {
    if (!ops[request.op]) throw new Error(`unknown op ${request.op}`);
    const result = await ops[request.op](request);
    process.stdout.write(JSON.stringify({ id: request.id, ok: true, result: result === undefined ? null : result }) + "\n");
  } catch (error) {
    process.stdout.write(JSON.stringify({ id: request.id, ok: false, error: String(error && error.message || error) }) + "\n");
  }
}
await browser.close();
