// Prints what khroma (the colour library Mermaid's themes use) returns for a fixed set of
// colours and operations, as JSON: the expected values of src/render/color.rs's comparison.
// Run: (cd tools/mermaid-oracle && npm install && node khroma.mjs > ../../fixtures/render/khroma-oracle.json)
import { adjust, darken, invert, lighten } from 'khroma';

const COLOURS = [
  '#ECECFF', '#fff4dd', '#1f2020', '#abc', '#ABCD', '#11223344', '#000', '#ffffff', 'white',
  'teal', 'lightgrey', 'transparent', 'rgb(10, 200, 30)', 'rgba(232,232,232, 0.8)',
  'RGB(100% 0% 50% / 50%)', 'hsl(200, 50%, 20%)', 'hsla(10, 80%, 50%, 0.5)', 'hsl(0.5turn 40% 60%)',
  'hsl(-79.4117647059, 100%, 93.3333333333%)', 'rgb(213.7879464285, 46.7120535712, 50.0535714283)',
  '#7f7f80', '#BB2528', '#006100', '#F8B229',
];
const OPS = [
  ['invert', (c) => invert(c)],
  ['lighten 16', (c) => lighten(c, 16)],
  ['lighten 55', (c) => lighten(c, 55)],
  ['darken 30', (c) => darken(c, 30)],
  ['adjust h -160', (c) => adjust(c, { h: -160 })],
  ['adjust h 180 l 5', (c) => adjust(c, { h: 180, l: 5 })],
  ['adjust s -40 l -10', (c) => adjust(c, { s: -40, l: -10 })],
  ['adjust s -40 l 10', (c) => adjust(c, { s: -40, l: 10 })],
];
const cases = [];
for (const colour of COLOURS) {
  for (const [op, f] of OPS) {
    let result;
    try {
      result = f(colour);
    } catch {
      result = null;
    }
    cases.push({ colour, op, result });
  }
}
console.log(JSON.stringify(cases, null, 1));
