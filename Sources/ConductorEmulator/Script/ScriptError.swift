public import Foundation

/// Why a JavaScript condition or INLINE script could not be evaluated by the emulator's subset.
public enum ScriptError: Error, LocalizedError, Equatable {
    /// The script uses a construct outside the documented subset (a loop, a function other than an IIFE, ...).
    case unsupported(construct: String, offset: Int)
    /// The script is not valid in the subset's grammar.
    case syntax(message: String, offset: Int)
    /// Evaluation failed: a call on a non-function, a budget exceeded.
    case runtime(message: String)

    public var errorDescription: String? {
        switch self {
        case .unsupported(let construct, let offset):
            "conductor-emulator evaluates a JavaScript subset and does not support \(construct) (at character "
                + "\(offset)); supported: literals, $.path access, arithmetic, comparison, &&/||/!, ternary, "
                + "var/let/const, if/else, return, (function(){...})(), .length and a few String/Math helpers "
                + "(see README, Emulator)"
        case .syntax(let message, let offset):
            "Script syntax error at character \(offset): \(message)"
        case .runtime(let message):
            "Script evaluation failed: \(message)"
        }
    }
}
