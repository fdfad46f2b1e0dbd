// Prints the theme colours and curve Mermaid settles on for diagrams that configure themselves
// (front matter, init directives) under a site theme, as JSON: the expected values of
// src/render/config.rs's comparison.
// Run: (cd tools/mermaid-oracle && npm install && node config.mjs > ../../fixtures/render/config-oracle.json)
import mermaid from './mermaid-in-jsdom.mjs';

const BODY = 'flowchart LR\nA-->B\n';
const DIAGRAMS = [
  BODY,
  '%%{init: {"theme": "dark"}}%%\n' + BODY,
  "%%{init: {'theme': 'forest'}}%%\n" + BODY,
  '---\nconfig:\n  theme: forest\n---\n%%{init: {"theme": "neutral"}}%%\n' + BODY,
  '---\nconfig:\n  theme: base\n  themeVariables:\n    primaryColor: "#BB2528"\n---\n' + BODY,
  '%%{init: {"themeVariables": {"primaryColor": "#ff0000", "lineColor": "#00ff00"}}}%%\n' + BODY,
  '%%{init: {"theme": "base", "themeVariables": {"primaryColor": "#ff0000"}, "flowchart": {"curve": "linear"}}}%%\n' + BODY,
  '%%{init: {"theme": "base"}}%%\n%%{init: {"themeVariables": {"primaryColor": "#00ff00"}}}%%\n' + BODY,
  '%%{initialize: {"theme": "dark", "themeVariables": {"lineColor": "red"}}}%%\n' + BODY,
  '---\nconfig:\n  flowchart:\n    curve: stepBefore\n  themeVariables:\n    lineColor: "#123456"\n---\n' + BODY,
  '%%{init: {"theme": "base", "themeVariables": {"primaryColor": "#f00</style>", "lineColor": "url(x)"}}}%%\n' + BODY,
];
const cases = [];
for (const site of ['default', 'dark']) {
  for (const text of DIAGRAMS) {
    mermaid.mermaidAPI.reset();
    mermaid.initialize({ startOnLoad: false, theme: site });
    try {
      await mermaid.parse(text);
    } catch (e) {
      cases.push({ site, text, error: String(e?.message ?? e) });
      continue;
    }
    const cfg = mermaid.mermaidAPI.getConfig();
    const tv = cfg.themeVariables;
    cases.push({
      site,
      text,
      expected: {
        mainBkg: tv.mainBkg, nodeBorder: tv.nodeBorder, lineColor: tv.lineColor,
        clusterBkg: tv.clusterBkg, curve: cfg.flowchart.curve,
      },
    });
  }
}
console.log(JSON.stringify(cases, null, 1));
