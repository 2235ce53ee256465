import ConductorMCPCore
public import Foundation

/// A JSON-RPC protocol fault, answered as an `error` member: the specification's codes, never invented ones.
///
/// A tool that ran and failed is not one of these: it is a tool result with `isError: true`.
public struct JSONRPCError: Error, Sendable, Equatable, LocalizedError {
    /// The JSON-RPC error code.
    public let code: Int
    /// What was wrong and what to send instead.
    public let message: String

    /// An error with `code` and `message`.
    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    public var errorDescription: String? { "JSON-RPC error \(code): \(message)" }

    /// -32700: the message is not JSON.
    public static func parseError(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: -32700, message: "Parse error: \(detail)")
    }

    /// -32600: JSON, but not a valid JSON-RPC 2.0 request (or not one this session accepts now).
    public static func invalidRequest(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: -32600, message: "Invalid Request: \(detail)")
    }

    /// -32601: no such method.
    public static func methodNotFound(_ method: String) -> JSONRPCError {
        JSONRPCError(
            code: -32601,
            message: "Method not found: \(method). This server offers initialize, ping, tools/list, tools/call, "
                + "prompts/list, prompts/get, resources/list, resources/read and logging/setLevel.")
    }

    /// -32602: the method exists but its params are wrong.
    public static func invalidParams(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: -32602, message: "Invalid params: \(detail)")
    }

    /// -32603: the server failed.
    public static func internalError(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: -32603, message: "Internal error: \(detail)")
    }

    /// The `error` member of a reply.
    var json: JSONValue { ["code": .int(code), "message": .string(message)] }
}
