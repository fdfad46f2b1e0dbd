// Mermaid loaded under jsdom, for the oracle scripts that ask the real Mermaid what it does.
// MERMAID=11 loads 11.17.2, MERMAID=12 (the default) 12.4.0: package.json installs both
// under the aliases `mermaid11` and `mermaid12`.
import { JSDOM } from 'jsdom';
const dom = new JSDOM('<!DOCTYPE html><body></body>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.DOMParser = dom.window.DOMParser;
globalThis.Element = dom.window.Element;
globalThis.HTMLElement = dom.window.HTMLElement;
export const version = process.env.MERMAID ?? '12';
if (version !== '11' && version !== '12') {
  throw new Error(`MERMAID must be 11 or 12, not ${version}`);
}
const { default: mermaid } = await import(`mermaid${version}`);
export default mermaid;
