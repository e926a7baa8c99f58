import Foundation
import Mustache

/// The Mustache templates of the HTML reports (kept in the binary, so `laeval` needs no
/// resource files) and their stylesheet: GOV.UK-like type, readable on screen, clean on A4.
enum ReportTemplates {
    static let pageText = """
    <!DOCTYPE html>
    <html lang="en-GB">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}}: {{study}}</title>
    <style>
    {{{css}}}
    </style>
    </head>
    <body>
    {{#simulated}}<p class="banner" role="note"><strong>Simulated data.</strong> Every figure in this report comes from laeval's simulated demo study. It says nothing about real local authorities.</p>
    {{/simulated}}{{^simulated}}<p class="banner real" role="note"><strong>Real data.</strong> The figures come from the published statistics and records in this study's input files, listed under Provenance.</p>
    {{/simulated}}<header>
    <p class="study">{{study}}</p>
    <h1>{{title}}</h1>
    <p class="lede">{{lede}}</p>
    <nav aria-label="Contents"><h2 class="contents">Contents</h2><ol>
    {{#sections}}<li><a href="#{{id}}">{{heading}}</a></li>
    {{/sections}}</ol></nav>
    </header>
    <main>
    {{#sections}}<section id="{{id}}" aria-labelledby="{{id}}-heading">
    <h2 id="{{id}}-heading">{{heading}}</h2>
    {{#notRun}}<p class="not-run"><strong>Not run.</strong> {{notRun}}</p>
    {{/notRun}}{{#blocks}}{{#subheading}}<h3>{{subheading}}</h3>
    {{/subheading}}{{#paragraph}}<p>{{paragraph}}</p>
    {{/paragraph}}{{#note}}<p class="note">{{note}}</p>
    {{/note}}{{#list}}<ul>
    {{#items}}<li>{{.}}</li>
    {{/items}}</ul>
    {{/list}}{{#figure}}<figure>
    <div class="{{layout}}"><div class="chart">{{{svg}}}</div>
    {{#table}}{{> table}}{{/table}}</div>
    <figcaption>{{caption}}</figcaption>
    </figure>
    {{/figure}}{{#table}}{{> table}}{{/table}}{{/blocks}}</section>
    {{/sections}}</main>
    <footer>
    <h2>Provenance</h2>
    <ul>
    {{#provenance}}<li>{{.}}</li>
    {{/provenance}}</ul>
    </footer>
    </body>
    </html>

    """

    static let tableText = """
    <div class="table-wrap"><table>
    <caption>{{caption}}</caption>
    <thead><tr>{{#headers}}<th scope="col"{{#numeric}} class="num"{{/numeric}}>{{text}}</th>{{/headers}}</tr></thead>
    <tbody>
    {{#rows}}<tr>{{#cells}}<td{{#count}} class="num count"{{/count}}{{^count}}{{#numeric}} class="num"{{/numeric}}{{/count}}>{{text}}</td>{{/cells}}</tr>
    {{/rows}}</tbody>
    </table>
    {{#notes}}<p class="note">{{.}}</p>
    {{/notes}}</div>

    """

    static let library: MustacheLibrary = {
        do {
            return MustacheLibrary(templates: ["page": try MustacheTemplate(string: pageText), "table": try MustacheTemplate(string: tableText)])
        } catch {
            preconditionFailure("the report templates do not parse: \(error)")
        }
    }()

    static func render(_ page: ReportPage) -> String {
        library.render(Context(page: page), withTemplate: "page")!
    }

    /// The template's view of a page: the page's fields and the stylesheet.
    struct Context {
        var title: String
        var study: String
        var lede: String
        var simulated: Bool
        var sections: [ReportSection]
        var provenance: [String]
        var css = ReportTemplates.css

        init(page: ReportPage) {
            title = page.title
            study = page.study
            lede = page.lede
            simulated = page.simulated
            sections = page.sections
            provenance = page.provenance
        }
    }

    static let css = """
    :root { --text: #0b0c0c; --secondary: #505a5f; --border: #b1b4b6; --link: #1d70b8; --panel: #f3f2f1; }
    * { box-sizing: border-box; }
    body { font-family: arial, helvetica, sans-serif; color: var(--text); margin: 0 auto; max-width: 1180px; padding: 0 24px 48px; line-height: 1.45; font-size: 16px; }
    .banner { background: #fff3cd; border-left: 8px solid #f46a25; padding: 10px 14px; margin: 16px 0 0; }
    .banner.real { background: #e8f1f8; border-left-color: #12436d; }
    .study { color: var(--secondary); margin: 24px 0 0; }
    h1 { font-size: 2rem; margin: 4px 0 8px; }
    h2 { font-size: 1.5rem; margin: 40px 0 12px; border-top: 2px solid var(--text); padding-top: 12px; }
    h2.contents { font-size: 1.1rem; border: 0; margin: 16px 0 4px; padding: 0; }
    h3 { font-size: 1.15rem; margin: 28px 0 8px; }
    .lede { font-size: 1.2rem; max-width: 46em; }
    p, li { max-width: 46em; }
    a { color: var(--link); }
    .note { color: var(--secondary); font-size: 0.9rem; }
    .not-run { background: var(--panel); border-left: 6px solid var(--border); padding: 10px 14px; }
    figure { margin: 16px 0 28px; break-inside: avoid; page-break-inside: avoid; }
    figcaption { color: var(--secondary); font-size: 0.9rem; margin-top: 6px; max-width: 46em; }
    .stack .chart { margin-bottom: 8px; }
    .pair { display: grid; grid-template-columns: minmax(0, 660px) minmax(0, 1fr); gap: 24px; align-items: start; }
    .chart svg { max-width: 100%; height: auto; }
    .table-wrap { overflow-x: auto; }
    table { border-collapse: collapse; font-size: 0.85rem; margin: 8px 0 16px; }
    caption { text-align: left; font-weight: bold; padding-bottom: 4px; }
    th, td { border-bottom: 1px solid var(--border); padding: 4px 8px; text-align: left; vertical-align: top; }
    th { border-bottom: 2px solid var(--text); }
    .num { text-align: right; font-variant-numeric: tabular-nums; }
    footer { margin-top: 48px; font-size: 0.85rem; color: var(--secondary); }
    footer h2 { font-size: 1.1rem; }
    @media (max-width: 1000px) { .pair { grid-template-columns: 1fr; } }
    @page { size: A4; margin: 15mm 14mm; }
    @media print {
      body { max-width: none; padding: 0; font-size: 10.5pt; }
      nav { display: none; }
      .pair { grid-template-columns: 1fr; gap: 4px; }
      .chart svg { max-width: 170mm; }
      h2 { break-before: auto; break-after: avoid; break-inside: avoid; }
      h3 { break-after: avoid; break-inside: avoid; }
      figure { break-inside: auto; page-break-inside: auto; }
      .chart, figcaption { break-inside: avoid; page-break-inside: avoid; }
      table { font-size: 8.5pt; }
      tr { break-inside: avoid; }
      a { color: var(--text); text-decoration: none; }
    }
    """
}
