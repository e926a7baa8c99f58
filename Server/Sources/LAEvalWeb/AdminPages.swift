import Foundation
import LAEvalCore
import LAEvalStore

/// The admin console's pages.
enum AdminPages {
    static func signIn(errors: [(String, String)], email: String) -> String {
        let error = errors.first.map { "<p class=\"error-message\" id=\"email-error\"><span class=\"visually-hidden\">Error:</span> \(HTML.escape($0.1))</p>" } ?? ""
        return HTML.page(title: "Sign in", service: WebApp.adminService, hasErrors: !errors.isEmpty, body: """
            \(HTML.errorSummary(errors.map { (field: $0.0, message: $0.1) }))
            <h1>Sign in</h1>
            <form method="post" action="/admin/sign-in" novalidate>
            <div class="form-group\(errors.isEmpty ? "" : " form-group--error")"><label class="label" for="email">Email address</label>\(error)
            <input class="input" id="email" name="email" type="email" autocomplete="username" spellcheck="false" value="\(HTML.escape(email))"></div>
            <div class="form-group"><label class="label" for="password">Password</label>
            <input class="input" id="password" name="password" type="password" autocomplete="current-password"></div>
            <button class="button">Sign in</button>
            </form>
            """)
    }

    static func rate(_ part: Int, _ whole: Int) -> String {
        whole == 0 ? "–" : String(format: "%.0f%%", 100 * Double(part) / Double(whole))
    }

    static func waves(_ waves: [Wave], respondents: [Int: [Respondent]], csrf: String, errors: [(String, String)], form: FormData? = nil) -> String {
        let rows = waves.map { wave -> [String] in
            let list = respondents[wave.number] ?? []
            let las = Set(list.map(\.laCode)), answered = Set(list.filter { $0.status == .submitted }.map(\.laCode))
            return ["<a href=\"/admin/waves/\(wave.number)\">\(wave.number)</a>", HTML.escape(wave.title), "\(HTML.escape(wave.questionnaire.id)) v\(wave.questionnaire.version)",
                    String(wave.opensAt.prefix(10)), String(wave.closesAt.prefix(10)), String(list.count),
                    String(list.filter { $0.status == .submitted }.count), "\(answered.count) of \(las.count) (\(rate(answered.count, las.count)))"]
        }
        let field = { (name: String) in HTML.escape(form?.first(name) ?? "") }
        let errorFor = { (name: String) in errors.first { $0.0 == name }.map { "<p class=\"error-message\" id=\"\(name)-error\"><span class=\"visually-hidden\">Error:</span> \(HTML.escape($0.1))</p>" } ?? "" }
        let group = { (name: String) in errors.contains { $0.0 == name } ? "form-group form-group--error" : "form-group" }
        return """
        \(HTML.errorSummary(errors.map { (field: $0.0, message: $0.1) }))
        <h1>Survey waves</h1>
        \(waves.isEmpty ? "<p>No wave yet.</p>" : HTML.table(caption: "Waves", headers: ["Wave", "Title", "Questionnaire", "Opens", "Closes", "Links", "Submitted", "LAs responding"], rows: rows, numeric: [5, 6]))
        <h2>Open a new wave</h2>
        <form method="post" action="/admin/waves" novalidate>
        <input type="hidden" name="csrf" value="\(HTML.escape(csrf))">
        <div class="\(group("number"))"><label class="label" for="number">Wave number</label>\(errorFor("number"))<input class="input" id="number" name="number" inputmode="numeric" value="\(field("number"))"></div>
        <div class="\(group("title"))"><label class="label" for="title">Title</label>\(errorFor("title"))<input class="input" id="title" name="title" value="\(field("title"))"></div>
        <div class="\(group("opens"))"><label class="label" for="opens">Opens</label><div class="hint">For example, 2026-04-01.</div>\(errorFor("opens"))<input class="input" id="opens" name="opens" type="date" value="\(field("opens"))"></div>
        <div class="\(group("closes"))"><label class="label" for="closes">Closes</label>\(errorFor("closes"))<input class="input" id="closes" name="closes" type="date" value="\(field("closes"))"></div>
        <div class="\(group("questionnaire"))"><label class="label" for="questionnaire">Questionnaire (YAML)</label><div class="hint">A questionnaire already used keeps its text: change it by giving it a new version.</div>\(errorFor("questionnaire"))<textarea class="input" id="questionnaire" name="questionnaire" rows="16">\(field("questionnaire"))</textarea></div>
        <button class="button">Open the wave</button>
        </form>
        """
    }

    static func breakdown(_ title: String, _ respondents: [Respondent], group: (String) -> [String]) -> String {
        var total: [String: Set<String>] = [:], answered: [String: Set<String>] = [:], partial: [String: Set<String>] = [:]
        for r in respondents {
            for key in group(r.laCode) {
                total[key, default: []].insert(r.laCode)
                if r.status == .submitted { answered[key, default: []].insert(r.laCode) }
                if r.status == .partial { partial[key, default: []].insert(r.laCode) }
            }
        }
        let rows = total.keys.sorted().map { key -> [String] in
            let n = total[key]!.count, a = answered[key]?.count ?? 0
            return [HTML.escape(key), String(n), String(a), String(partial[key]?.count ?? 0), rate(a, n)]
        }
        return HTML.table(caption: "Response by \(title)", headers: [title.capitalized, "LAs asked", "LAs submitted", "LAs part-way", "Response rate"], rows: rows, numeric: [1, 2, 3, 4])
    }

    static func wave(_ wave: Wave, respondents: [Respondent], study: StudyInfo, csrf: String) -> String {
        let opened = CalendarDate(Clock.date(wave.opensAt) ?? Date())
        let byLA = Dictionary(grouping: respondents, by: \.laCode)
        let laRows = byLA.keys.sorted().map { code -> [String] in
            let list = byLA[code]!
            let tag = list.contains { $0.status == .submitted } ? "<span class=\"tag tag--green\">Submitted</span>"
                : list.contains { $0.status == .partial } ? "<span class=\"tag\">Part-way</span>" : "<span class=\"tag tag--grey\">Not started</span>"
            return [HTML.escape(code), HTML.escape(study.name(code)), tag,
                    list.map { "\(HTML.escape($0.ref)) (\(HTML.escape($0.role))): \($0.revokedAt == nil ? $0.status.rawValue.replacingOccurrences(of: "_", with: " ") : "withdrawn")" }.joined(separator: "<br>")]
        }
        let counts = ResponseStatus.allCases.map { status in "\(respondents.filter { $0.status == status }.count) \(status.rawValue.replacingOccurrences(of: "_", with: " "))" }.joined(separator: ", ")
        let hidden = "<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(csrf))\">"
        return """
        <span class="caption">Wave \(wave.number) · \(HTML.escape(wave.questionnaire.id)) v\(wave.questionnaire.version) · \(wave.opensAt.prefix(10)) to \(wave.closesAt.prefix(10))</span>
        <h1>\(HTML.escape(wave.title))</h1>
        <p>\(respondents.count) \(respondents.count == 1 ? "link" : "links"): \(counts).</p>
        <p>Export: <a href="/admin/waves/\(wave.number)/export/long">answers, long</a> · <a href="/admin/waves/\(wave.number)/export/wide">answers, wide</a> · <a href="/admin/waves/\(wave.number)/export/codebook">codebook</a> · <a href="/admin/waves/\(wave.number)/export/respondents">respondents</a>.
        For the study folder's <code>survey/</code>: <a href="/admin/waves/\(wave.number)/export/long">responses.csv</a> (the long export), <a href="/admin/waves/\(wave.number)/export/respondents">respondents.csv</a>, <a href="/admin/waves/\(wave.number)/export/waves">waves.csv</a> and <a href="/admin/waves/\(wave.number)/export/questionnaire">\(SurveyExport.fileName(wave))</a> (or <code>laeval-server survey export --format study</code> for all waves at once).</p>
        \(breakdown("region", respondents) { [study.region($0)] })
        \(breakdown("grade", respondents) { [study.grade($0, on: opened)] })
        \(breakdown("programme", respondents) { study.programmes($0, on: opened) })
        \(HTML.table(caption: "Each LA", headers: ["Code", "LA", "Status", "Respondents"], rows: laRows))
        <h2>Issue links</h2>
        <form method="post" action="/admin/waves/\(wave.number)/links" novalidate>\(hidden)
        <div class="form-group"><label class="label" for="people">People, one per line: la_code,role,email</label><div class="hint">You get a CSV of personal links for a mail merge. Links are shown only once.</div>
        <textarea class="input" id="people" name="people" rows="6"></textarea></div>
        <button class="button">Issue links and download them</button></form>
        <h2>Reminders</h2>
        <form method="post" action="/admin/waves/\(wave.number)/reminders" novalidate>\(hidden)
        <div class="form-group"><fieldset><legend>Who to remind</legend><div class="hint">Each gets a new link (the old one stops working); their answers so far are kept.</div>
        <div class="choice"><input type="radio" id="status" name="status" value="not_started" checked><label for="status">Not started</label></div>
        <div class="choice"><input type="radio" id="status-2" name="status" value="partial"><label for="status-2">Part-way</label></div></fieldset></div>
        <button class="button button--secondary">Download reminder links</button></form>
        <h2>Withdraw a link</h2>
        <form method="post" action="/admin/waves/\(wave.number)/revoke" novalidate>\(hidden)
        <div class="form-group"><label class="label" for="ref">Respondent id</label><div class="hint">For example, E09000001-1.</div><input class="input" id="ref" name="ref"></div>
        <button class="button button--warning">Withdraw the link</button></form>
        """
    }
}
