import Foundation
import LAEvalReports

/// HTML building with escaping, and the page layout of the survey and the admin console: GOV.UK
/// Design System patterns (skip link, header, one thing per page, error summary linked to the
/// fields, hints and errors tied to fields by aria-describedby), no JavaScript.
enum HTML {
    /// The charts' escaping of text and double-quoted attributes, and the apostrophe too.
    static func escape(_ text: String) -> String {
        SVGDocument.escape(text).replacingOccurrences(of: "'", with: "&#39;")
    }

    /// A whole page. `title` is the page's own title (prefixed "Error: " when the page shows errors).
    static func page(title: String, service: String, hasErrors: Bool = false, signOut: String? = nil, body: String) -> String {
        let fullTitle = (hasErrors ? "Error: " : "") + title + " – " + service
        let signOutForm = signOut.map { csrf in
            "<form method=\"post\" action=\"/admin/sign-out\" class=\"header-form\"><input type=\"hidden\" name=\"csrf\" value=\"\(escape(csrf))\"><button class=\"link-button\">Sign out</button></form>"
        } ?? ""
        return """
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(fullTitle))</title>
        <style>\(css)</style>
        </head>
        <body>
        <a href="#main-content" class="skip-link">Skip to main content</a>
        <header class="header"><div class="width-container"><span class="service-name">\(escape(service))</span>\(signOutForm)</div></header>
        <div class="width-container">
        <main class="main-wrapper" id="main-content" role="main">
        \(body)
        </main>
        </div>
        <footer class="footer"><div class="width-container">laeval – evaluation of support for local authority children's services</div></footer>
        </body>
        </html>
        """
    }

    static func errorSummary(_ errors: [(field: String, message: String)]) -> String {
        guard !errors.isEmpty else { return "" }
        let items = errors.map { "<li><a href=\"#\(escape($0.field))\">\(escape($0.message))</a></li>" }.joined()
        return """
        <div class="error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1">
        <h2 class="error-summary__title" id="error-summary-title">There is a problem</h2>
        <ul class="error-summary__list">\(items)</ul>
        </div>
        """
    }

    static func table(caption: String, headers: [String], rows: [[String]], numeric: Set<Int> = []) -> String {
        let head = headers.enumerated().map { "<th scope=\"col\"\(numeric.contains($0.offset) ? " class=\"numeric\"" : "")>\(escape($0.element))</th>" }.joined()
        let body = rows.map { row in
            "<tr>" + row.enumerated().map { "<td\(numeric.contains($0.offset) ? " class=\"numeric\"" : "")>\($0.element)</td>" }.joined() + "</tr>"
        }.joined(separator: "\n")
        return "<table class=\"table\"><caption>\(escape(caption))</caption><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table>"
    }

    static let css = """
    body{margin:0;font-family:Arial,"Helvetica Neue",sans-serif;font-size:19px;line-height:1.32;color:#0b0c0c;background:#fff}
    .skip-link{position:absolute;left:-9999px}.skip-link:focus{left:0;background:#fd0;padding:10px;z-index:10}
    .header{background:#0b0c0c;color:#fff;border-bottom:10px solid #1d70b8;padding:10px 0}
    .service-name{font-weight:700;font-size:24px}.header-form{display:inline;float:right}
    .link-button{background:none;border:0;color:#fff;text-decoration:underline;font-size:16px;cursor:pointer}
    .width-container{max-width:960px;margin:0 15px}@media(min-width:1020px){.width-container{margin:0 auto}}
    .main-wrapper{padding:30px 0 60px;display:block}
    h1{font-size:36px;margin:0 0 30px}h2{font-size:27px;margin:30px 0 15px}
    .caption{color:#505a5f;font-size:19px;display:block;margin-bottom:5px}
    .form-group{margin-bottom:30px}.form-group--error{border-left:5px solid #d4351c;padding-left:15px}
    fieldset{border:0;padding:0;margin:0}legend,.label{font-weight:700;display:block;margin-bottom:5px}
    .hint{color:#505a5f;margin-bottom:15px}.error-message{color:#d4351c;font-weight:700;margin:0 0 15px}
    .visually-hidden{position:absolute!important;width:1px!important;height:1px!important;overflow:hidden!important;clip:rect(0 0 0 0)!important}
    .choice{display:block;margin-bottom:10px;position:relative;padding-left:45px;min-height:40px}
    .choice input{position:absolute;left:0;top:0;width:40px;height:40px;margin:0}
    .choice label{display:inline-block;padding:8px 15px 5px;cursor:pointer}
    .input{font-size:19px;padding:5px;border:2px solid #0b0c0c;width:100%;max-width:20em;box-sizing:border-box}
    .input--error{border-color:#d4351c}textarea.input{max-width:100%;min-height:8em}
    .input:focus,.button:focus,a:focus{outline:3px solid #fd0;outline-offset:0}
    .button{background:#00703c;color:#fff;border:0;box-shadow:0 2px 0 #002d18;font-size:19px;padding:8px 10px 7px;margin:0 15px 15px 0;cursor:pointer}
    .button--secondary{background:#f3f2f1;color:#0b0c0c;box-shadow:0 2px 0 #929191}.button--warning{background:#d4351c}
    .error-summary{border:5px solid #d4351c;padding:20px;margin-bottom:30px}.error-summary:focus{outline:3px solid #fd0}
    .error-summary__title{margin-top:0}.error-summary__list a{color:#d4351c;font-weight:700}
    .summary-list{margin:0 0 30px}.summary-list div{display:flex;border-bottom:1px solid #b1b4b6;padding:10px 0}
    .summary-list dt{font-weight:700;width:40%}.summary-list dd{margin:0;width:45%}.summary-list .actions{width:15%;text-align:right}
    .panel{background:#00703c;color:#fff;padding:35px;text-align:center;margin-bottom:30px}.panel h1{margin:0}
    .inset{border-left:10px solid #b1b4b6;padding:15px;margin:30px 0}
    .table{border-collapse:collapse;width:100%;margin-bottom:30px;font-size:16px}.table caption{text-align:left;font-weight:700;font-size:19px;margin-bottom:10px}
    .table th,.table td{border-bottom:1px solid #b1b4b6;padding:8px 10px 8px 0;text-align:left;vertical-align:top}.table .numeric{text-align:right}
    .tag{display:inline-block;padding:2px 8px;font-weight:700;font-size:14px;text-transform:uppercase;background:#d2e2f1;color:#144e81}
    .tag--grey{background:#eeefef;color:#383f43}.tag--green{background:#cce2d8;color:#005a30}.tag--red{background:#f6d7d2;color:#942514}
    a{color:#1d70b8}a:visited{color:#4c2c92}
    .footer{border-top:1px solid #b1b4b6;background:#f3f2f1;padding:25px 0;font-size:16px;color:#505a5f}
    """
}
