// Prints the flowchart theme variables Mermaid computes for a list of themes and
// themeVariables, as JSON: the expected values of tests/render.rs's theme comparison.
// Run: (cd tools/mermaid-oracle && npm install && node themes.mjs > ../../fixtures/render/theme-oracle.json)
// and, for Mermaid 12 (its new themes too):
//   MERMAID=12 node themes.mjs > ../../fixtures/render/theme-oracle-12.json
import mermaid from './mermaid-in-jsdom.mjs';

const KEYS = ['background', 'mainBkg', 'nodeBorder', 'nodeTextColor', 'textColor', 'clusterBkg',
  'clusterBorder', 'titleColor', 'lineColor', 'edgeLabelBackground', 'fontSize', 'strokeWidth',
  'fontFamily', 'borderColorArray', 'bkgColorArray'];
const THEMES = ['default', 'neutral', 'dark', 'forest', 'base'];
if (process.env.MERMAID === '12') {
  THEMES.push('redux-color');
}
const VARIABLES = [
  {},
  { primaryColor: '#BB2528', lineColor: '#F8B229', secondaryColor: '#006100', tertiaryColor: '#fff' },
  { primaryColor: 'teal' },
  { primaryColor: 'rgb(10, 200, 30)', background: 'hsl(200, 50%, 20%)' },
  { primaryColor: '#abc', darkMode: true },
  { darkMode: true, background: '#222222' },
  { border1: '#00ff00', secondBkg: '#0000ff', border2: 'red', textColor: '#123456' },
  { mainBkg: 'hsla(10, 80%, 50%, 0.5)', labelBackground: '#101010', contrast: '#ff8800' },
  { primaryBorderColor: 'black', primaryTextColor: 'white', tertiaryColor: 'rgba(0, 0, 255, 0.3)' },
  { mainContrastColor: 'orange', text: '#444', fontSize: '20px', strokeWidth: 2 },
];

const cases = [];
for (const theme of THEMES) {
  for (const variables of VARIABLES) {
    mermaid.initialize({ startOnLoad: false, theme, themeVariables: variables });
    const tv = mermaid.mermaidAPI.getConfig().themeVariables;
    const expected = Object.fromEntries(KEYS.map((k) => [k, tv[k] == null ? null : String(tv[k])]));
    cases.push({ theme, variables, expected });
  }
}
console.log(JSON.stringify(cases, null, 1));
