import Testing

@testable import ConductorMCPServer

@Suite("Accept header")
struct AcceptHeaderTests {
    @Test("media ranges are read whole, with wildcards and q=0 refusals, not by substring")
    func ranges() {
        func accepts(_ header: String, _ type: String) -> Bool {
            StreamableHTTPEndpoint.accepts(StreamableHTTPEndpoint.acceptedRanges(header), type)
        }
        #expect(accepts("application/json, text/event-stream", "application/json"))
        #expect(accepts("application/json, text/event-stream", "text/event-stream"))
        #expect(accepts("*/*", "application/json") && accepts("application/*", "application/json"))
        #expect(accepts("Application/JSON; charset=utf-8", "application/json"))
        #expect(!accepts("application/json-seq", "application/json"))
        #expect(!accepts("application/json;q=0, text/event-stream", "application/json"))
        #expect(accepts("application/json;q=0, text/event-stream", "text/event-stream"))
        #expect(!accepts("text/*", "application/json") && accepts("text/*", "text/event-stream"))
        #expect(!accepts("application/json;q=0", "application/json"))
        #expect(!accepts("application/json; q = 0", "application/json"))
        #expect(!accepts("application/json;q=nan", "application/json"))
        #expect(accepts("application/json;q=0.5", "application/json"))
    }
}
