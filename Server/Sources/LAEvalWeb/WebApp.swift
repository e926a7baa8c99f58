import Foundation
import HTTPTypes
import Hummingbird
import LAEvalCore
import LAEvalStore

/// The web service (design.md §9): the survey for respondents (`/s/{token}/…`), the admin
/// console for evaluators (`/admin/…`) and the trend dashboard (`/admin/dashboard`). A
/// respondent's link is the only key to their LA's survey: no route takes an LA or respondent
/// id from the request.
public struct WebApp: Sendable {
    public let store: SurveyStore
    public let study: StudyInfo
    public let results: DashboardResults?
    let signInLimiter = RateLimiter(limit: 5, window: 15 * 60)
    let allSignInsLimiter = RateLimiter(limit: 60, window: 60)
    let tokenLimiter = RateLimiter(limit: 300, window: 60)
    let unknownTokenLimiter = RateLimiter(limit: 30, window: 60)
    /// Clock for expiry checks (tests move it).
    let now: @Sendable () -> Date

    public init(store: SurveyStore, study: StudyInfo, results: DashboardResults? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.study = study
        self.results = results
        self.now = now
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: SecurityHeaders())
        router.get("/") { _, _ in Self.redirect("/admin") }
        router.get("/health") { _, _ in "ok" }
        addSurveyRoutes(router)
        addAdminRoutes(router)
        addDashboardRoutes(router)
        return router
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.location] = location
        return Response(status: .seeOther, headers: fields)
    }

    static func csv(_ text: String, filename: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(filename)\""],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Headers on every response: no framing, no referrer (survey links carry their token), no
/// caching of pages with answers, and a content security policy with no scripts at all.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = BasicRequestContext
    static let frameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = WebApp.html(SurveyPages.message(title: error.status.reasonPhrase, text: error.body ?? "The request could not be handled."), status: error.status)
        }
        response.headers[Self.frameOptions] = "DENY"
        response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[Self.referrerPolicy] = "no-referrer"
        response.headers[Self.contentTypeOptions] = "nosniff"
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
