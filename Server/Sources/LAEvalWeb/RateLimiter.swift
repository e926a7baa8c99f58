import Foundation

/// A sliding-window limit per key (sign-in attempts per email, token uses per token, unknown
/// tokens overall): at most `limit` events in `window` seconds.
actor RateLimiter {
    let limit: Int
    let window: TimeInterval
    var events: [String: [Date]] = [:]

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Records an event for the key; false when the key is over its limit.
    func allow(_ key: String, now: Date = Date()) -> Bool {
        var recent = (events[key] ?? []).filter { now.timeIntervalSince($0) < window }
        guard recent.count < limit else {
            events[key] = recent
            return false
        }
        recent.append(now)
        events[key] = recent
        if events.count > 10_000 { events = events.filter { !$0.value.isEmpty && now.timeIntervalSince($0.value.last!) < window } }
        return true
    }
}
