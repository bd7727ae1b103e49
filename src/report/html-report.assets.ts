/**
 * The report's inline style sheet and script. They live in a module, not in files read at
 * run time, so the compiled CLI needs nothing beside dist/ to write a report.
 */

export const REPORT_CSS = `
:root{--fg:#1f2937;--muted:#4b5563;--line:#d1d5db;--bg:#fff;--panel:#f9fafb;--accent:#0072B2;--ok:#00734f;--bad:#b23c00}
*{box-sizing:border-box}
html{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:var(--bg)}
body{margin:0 auto;max-width:1180px;padding:0 20px 40px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:9}
header{border-bottom:2px solid var(--fg);margin-bottom:8px;padding-top:16px}
h1{font-size:1.7rem;margin:0 0 4px;line-height:1.25}
h2{font-size:1.3rem;margin:32px 0 8px;padding-top:8px;border-top:1px solid var(--line)}
h3{font-size:1.1rem;margin:20px 0 6px}
.lede,.desc{color:var(--muted);max-width:75ch;margin:4px 0 8px}
nav ol{display:flex;flex-wrap:wrap;gap:2px 18px;padding:0;margin:8px 0 12px;list-style:none;font-size:.9rem}
nav a{color:var(--accent)}
a:focus,select:focus,summary:focus{outline:3px solid #E69F00;outline-offset:2px}
dl.meta{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:6px 20px;margin:10px 0}
dl.meta div{border-left:3px solid var(--line);padding-left:8px}
dt{font-size:.8rem;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
dd{margin:0}
.cards{display:flex;flex-wrap:wrap;gap:10px;align-items:stretch;margin:12px 0}
.card{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:150px}
.card-v{font-size:1.25rem;font-variant-numeric:tabular-nums;font-weight:600}
.card-l{color:var(--muted);font-size:.85rem}
.arm{align-self:center;font-weight:600;min-width:70px}
figure.chart{margin:10px 0 18px;break-inside:avoid;page-break-inside:avoid}
.chart-svg{width:100%;height:auto;max-width:760px;display:block;background:#fff}
figcaption{font-size:.88rem;color:var(--muted);max-width:75ch}
.pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:6px 24px}
.grid line{stroke:#e5e7eb;stroke-width:1}
.axis line{stroke:#6b7280;stroke-width:1}
.axis text,.axis-text,.legend text,.value-label,.marker-label,.ref-label{font-size:11px;fill:#374151;font-family:inherit}
.axis .label{font-size:12px;fill:#111827}
.value-label{font-size:12px;font-weight:600}
.ref{stroke:#111827;stroke-width:1.5;stroke-dasharray:6 4}
.marker{stroke:#CC79A7;stroke-width:1.5;stroke-dasharray:3 3}
.marker-label{fill:#8a2f6b}
.whisker{stroke:#111827;stroke-width:1.4;fill:none}
.connector{stroke:#6b7280;stroke-dasharray:2 2}
table.data{border-collapse:collapse;margin:10px 0 18px;font-size:.9rem;width:100%}
table.data.compact{width:auto;min-width:50%}
table.data caption{text-align:left;font-weight:600;padding:4px 0;color:var(--fg)}
table.data th,table.data td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
table.data thead th{border-bottom:2px solid var(--fg);font-size:.82rem;color:var(--muted)}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.sub{font-size:.8rem;color:var(--muted);font-weight:400}
tr.bad{background:#fff4ec}tr.best{background:#e9f7f1}tr.sig th{font-weight:600}
.pass{color:var(--ok);font-weight:600}.fail{color:var(--bad);font-weight:600}
.summary-line{font-size:1.02rem;max-width:90ch}
.note{color:var(--muted);font-size:.9rem;font-style:italic;max-width:80ch}
.picker{margin:8px 0}
select{font:inherit;padding:3px 6px}
.panel-title{display:none}
.js .panel.inactive{display:none}
.scroll{overflow-x:auto}
ol.assumptions li{margin-bottom:8px;max-width:85ch}
ol.assumptions p{margin:0}
.source{font-size:.85rem;color:var(--muted)}
pre{background:var(--panel);border:1px solid var(--line);padding:10px;overflow:auto;font-size:.8rem;max-height:40em}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
.sharebar{vertical-align:middle;margin-left:4px}
footer{margin-top:40px;border-top:1px solid var(--line);color:var(--muted);font-size:.85rem}
@media print{
  body{max-width:none;padding:0}
  nav,.picker,.skip{display:none}
  .js .panel.inactive{display:block}
  .panel-title{display:block;font-size:1rem;margin:12px 0 0}
  details{display:block}details>summary{display:none}
  pre{max-height:none;white-space:pre-wrap}
  h2{break-before:auto;break-after:avoid}
  a{color:inherit;text-decoration:none}
}
`;

/** Progressive enhancement only: without it every panel shows, which is also how it prints. */
export const REPORT_SCRIPT = `
(function(){
  document.documentElement.classList.add('js');
  document.querySelectorAll('select[data-panels]').forEach(function(sel){
    sel.addEventListener('change', function(){
      var group = sel.getAttribute('data-panels');
      document.querySelectorAll('.panel').forEach(function(p){
        if (p.getAttribute('data-group') === group) p.classList.toggle('inactive', p.getAttribute('data-key') !== sel.value);
      });
    });
  });
})();
`;
