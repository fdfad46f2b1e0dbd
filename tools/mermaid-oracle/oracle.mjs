// Reads a JSON array of diagram sources on stdin; prints one JSON oracle per source (one per line).
// MERMAID=11 asks Mermaid 11.17.2, MERMAID=12 (the default) Mermaid 12.4.0 (see mermaid-in-jsdom.mjs).
import mermaid from './mermaid-in-jsdom.mjs';
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
const api = mermaid.mermaidAPI;
let input = '';
for await (const chunk of process.stdin) input += chunk;
const sources = JSON.parse(input);
for (const src of sources) {
  let out;
  try {
    const diagram = await api.getDiagramFromText(src);
    const db = diagram.db;
    out = {
      ok: true,
      type: diagram.type,
      direction: db.getDirection?.(),
      vertices: [...db.getVertices().values()].map(v => ({ id: v.id, text: v.text, labelType: v.labelType, type: v.type ?? null, classes: v.classes, styles: v.styles })),
      edges: db.getEdges().map(e => ({ start: e.start, end: e.end, type: e.type, stroke: e.stroke, length: e.length, text: e.text, labelType: e.labelType, id: e.id, style: e.style ?? [] })),
      subgraphs: db.getSubGraphs().map(s => ({ id: s.id, title: s.title, labelType: s.labelType, nodes: s.nodes, dir: s.dir ?? null, classes: s.classes })),
      classDefs: Object.fromEntries([...db.getClasses().entries()].map(([k, c]) => [k, c.styles])),
    };
  } catch (e) {
    out = { ok: false, error: String(e?.message ?? e) };
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}
