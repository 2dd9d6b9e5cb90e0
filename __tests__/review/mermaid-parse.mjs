// Parses Mermaid diagrams with Mermaid's own parser (mermaid.parse), as GitHub's renderer would.
// Mermaid's flowchart parser sanitizes labels with DOMPurify, which needs a DOM: jsdom provides one.
// stdin: a JSON array of diagram sources; stdout: a JSON array of { ok, type?, error? }.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('');
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false }); // the defaults: maxTextSize 50,000, maxEdges 500

const sources = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const source of sources) {
  try {
    const parsed = await mermaid.parse(source);
    results.push({ ok: true, type: parsed.diagramType });
  } catch (err) {
    results.push({ ok: false, error: String(err?.message ?? err).slice(0, 500) });
  }
}
process.stdout.write(JSON.stringify(results));
