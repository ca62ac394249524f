/**
 * The printed form every causeway report shares: a cover with what the report is about and the
 * state of the data it saw, a table of contents, numbered sections, the signatures, and running
 * headers and page numbers on every page (CSS paged media, printed by Chromium: report/pdf).
 */
import { cssString, esc } from './escape.js';

/** A section of a report; its number (1, 1.2, …) comes from its place. */
export interface ReportSection {
  /** Anchor id, unique in the document (letters, digits, dash). */
  id: string;
  title: string;
  /** The section's body, ready HTML. */
  html: string;
  children?: ReportSection[];
  /** Start the section on a new page. Default false. */
  newPage?: boolean;
}

/** A signature line as printed (21 CFR 11.50: printed name, date and time, meaning). */
export interface PrintedSignature {
  name: string;
  username: string;
  signedAt: Date;
  meaning: string;
  /** Short form of the SHA-256 the signature binds. */
  contentHash: string;
}

/** A whole report, ready to render. */
export interface ReportDocument {
  title: string;
  subtitle?: string;
  /** Rows of the cover's table: label and value (text). */
  cover: Array<[string, string]>;
  sections: ReportSection[];
  /** Signatures given so far; an empty list prints empty signature lines. */
  signatures?: PrintedSignature[];
  /** The signature lines a reviewer expects when none is given yet. Default authored, reviewed, approved. */
  signatureMeanings?: string[];
  /** Left of every page's footer, e.g. 'apr-cwx v3 · content 3f2a…'. */
  footer: string;
}

/** Numbered titles in document order: '1', '1.1', … */
export function numbered(sections: readonly ReportSection[], prefix = ''): Array<{ id: string; number: string; title: string; depth: number }> {
  return sections.flatMap((s, i) => {
    const number = `${prefix}${i + 1}`;
    return [{ id: s.id, number, title: s.title, depth: prefix.split('.').length - 1 }, ...numbered(s.children ?? [], number + '.')];
  });
}

/** The heading text of a numbered section, which is also its PDF outline title. */
export function headingText(number: string, title: string): string {
  return `${number} ${title}`;
}

const STYLE = `
@page{size:A4;margin:22mm 16mm 20mm 16mm}
body{font:10pt/1.42 'DejaVu Sans',system-ui,sans-serif;color:#1d2433;margin:0}
h1{font-size:20pt;margin:0 0 4pt}h2{font-size:14pt;margin:18pt 0 6pt;border-bottom:1px solid #c9d1dc;padding-bottom:2pt}
h3{font-size:11.5pt;margin:14pt 0 4pt}h4{font-size:10.5pt;margin:10pt 0 4pt}
h2,h3,h4{break-after:avoid}.newpage{break-before:page}
table{border-collapse:collapse;width:100%;margin:4pt 0 8pt;font-size:9pt}thead{display:table-header-group}
td,th{border-bottom:1px solid #e1e5ec;padding:2.5pt 4pt;text-align:left;vertical-align:top}th{background:#f2f4f7;font-weight:600}
tr{break-inside:avoid}.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.m{color:#5d6778}.note{color:#5d6778;font-size:8.5pt}.bad{color:#b3261e;font-weight:600}.ok{color:#1b6e3a;font-weight:600}
figure{margin:6pt 0 10pt;break-inside:avoid}figure svg{width:100%;height:auto;display:block}figcaption{font-size:8.5pt;color:#5d6778}
.cover{margin-top:40mm}.cover h1{font-size:24pt}.cover table{width:auto;min-width:60%;font-size:10pt}.cover th{width:35%;background:none;color:#5d6778;font-weight:normal}
.toc a{color:inherit;text-decoration:none}.toc td{border:none;padding:1pt 4pt}.toc .d1 td:first-child{padding-left:16pt}.toc .d2 td:first-child{padding-left:32pt}
.sig{border:1px solid #c9d1dc;padding:6pt 8pt;margin:6pt 0;break-inside:avoid}.sig .line{border-bottom:1px solid #1d2433;height:22pt;width:60%}
.box{border:1px solid #c9d1dc;min-height:60mm;padding:6pt}
.fill{margin-top:8pt}.id{white-space:nowrap}figure.narrow svg{width:62%;margin:0 auto}.compact table{width:auto;min-width:55%}.compact td,.compact th{padding-right:14pt}.line-fill{border-bottom:1px solid #8a93a3;height:24pt}
.chip{display:inline-block;border-radius:8pt;padding:0 6pt;background:#e7eef6;color:#1f4e79;white-space:nowrap}
@media screen{body{max-width:1000px;margin:24px auto;padding:0 16px}.newpage{border-top:2px dashed #c9d1dc;margin-top:24px}}
`;

function sectionHtml(s: ReportSection, number: string, depth: number): string {
  const tag = `h${Math.min(depth + 2, 4)}`;
  const children = (s.children ?? []).map((c, i) => sectionHtml(c, `${number}.${i + 1}`, depth + 1)).join('\n');
  return `<section id="${esc(s.id)}"${s.newPage ? ' class="newpage"' : ''}><${tag}>${esc(headingText(number, s.title))}</${tag}>\n${s.html}\n${children}</section>`;
}

function signaturesHtml(doc: ReportDocument): string {
  const given = doc.signatures ?? [];
  const signed = given.map((s) => `<div class="sig"><b>${esc(s.meaning)}</b> by <b>${esc(s.name)}</b> (${esc(s.username)}) on ${esc(s.signedAt.toISOString().replace('T', ' ').slice(0, 19))} UTC<br><span class="note">Electronic signature bound to content SHA-256 ${esc(s.contentHash)}</span></div>`);
  const open = (doc.signatureMeanings ?? ['authored', 'reviewed', 'approved'])
    .filter((m) => !given.some((s) => s.meaning === m))
    .map((m) => `<div class="sig"><b>${esc(m)}</b> — name, date and time:<div class="line"></div></div>`);
  return [...signed, ...open].join('\n');
}

/**
 * Renders a report as one self-contained HTML page (no scripts, no external assets) that prints
 * as the PDF: cover, contents, sections, signatures. `pages` fills the contents' page numbers
 * (from the first printing, report/pdf/print-pdf.ts); without it the contents are links only.
 */
export function renderDocument(doc: ReportDocument, pages: ReadonlyMap<string, number> = new Map()): string {
  const toc = numbered(doc.sections)
    .map((e) => `<tr class="d${e.depth}"><td><a href="#${esc(e.id)}">${esc(headingText(e.number, e.title))}</a></td><td class="n">${pages.get(e.id) ?? ''}</td></tr>`)
    .join('');
  const running = `@page{@top-left{content:${cssString(doc.title)};font:8pt 'DejaVu Sans',sans-serif;color:#5d6778}@top-right{content:${cssString(doc.subtitle ?? '')};font:8pt 'DejaVu Sans',sans-serif;color:#5d6778}
@bottom-left{content:${cssString(doc.footer)};font:7pt 'DejaVu Sans',sans-serif;color:#5d6778;width:84%}@bottom-right{content:"page " counter(page) " of " counter(pages);font:8pt 'DejaVu Sans',sans-serif;color:#5d6778;width:16%;white-space:nowrap}}
@page:first{@top-left{content:none}@top-right{content:none}}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(doc.title)}</title><style>${STYLE}${running}</style></head><body>
<div class="cover"><h1>${esc(doc.title)}</h1>${doc.subtitle ? `<div class="m">${esc(doc.subtitle)}</div>` : ''}
<table>${doc.cover.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table></div>
<nav class="toc newpage"><h2>Contents</h2><table>${toc}<tr class="d0"><td><a href="#signatures">Signatures</a></td><td class="n">${pages.get('signatures') ?? ''}</td></tr></table></nav>
${doc.sections.map((s, i) => sectionHtml(s, String(i + 1), 0)).join('\n')}
<section id="signatures" class="newpage"><h2>Signatures</h2>${signaturesHtml(doc)}</section>
</body></html>`;
}
