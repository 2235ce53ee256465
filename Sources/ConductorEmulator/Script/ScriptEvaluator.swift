public import ConductorMCPCore
import Foundation

/// Evaluates Conductor's JavaScript conditions and INLINE scripts over a documented subset of the language.
///
/// Conductor runs these scripts in GraalJS with the task input bound to `$` (core/src/main/java/com/netflix/
/// conductor/core/events/ScriptEvaluator.java, `evalBool` and `eval`). No JavaScript engine links simply here (no
/// Swift package; Debian ships libduktape without headers), so the emulator interprets a subset: literals, `$.a.b` /
/// `$['a'][0]` access, `+ - * / %`, comparisons (`==` with JavaScript's number/string coercion, `===`), `&& || !`,
/// `?:`, `var/let/const`, assignment to a variable, `if/else`, `return`, an immediately called
/// `(function () { ... })()`, array and object literals, `.length`, `String(x)`, `Number(x)`, `parseInt`,
/// `parseFloat`, `Math.max/min/floor/ceil/round/abs`, `JSON.stringify`, and the string / array methods
/// `toUpperCase`, `toLowerCase`, `trim`, `includes`, `indexOf`, `startsWith`, `endsWith`. A script outside the subset
/// fails with `ScriptError.unsupported`, never with a guessed value.
///
/// The value of a script is the value of its last evaluated expression statement (the completion value a script
/// engine's `eval` answers), or of `return`.
public struct ScriptEvaluator: Sendable {
    /// Longest script accepted, in characters.
    public static let maxSourceLength = 20_000
    /// Evaluation steps before the script is stopped; the subset has no loops, so this bounds recursion only.
    public static let maxSteps = 100_000

    /// Creates an evaluator.
    public init() {}

    /// The script's value with `$` bound to `input`.
    public func evaluate(_ source: String, input: JSONValue) throws(ScriptError) -> JSONValue {
        guard source.count <= Self.maxSourceLength else {
            throw .runtime(message: "script longer than \(Self.maxSourceLength) characters")
        }
        let program = try ScriptParser.parse(source)
        var run = Run(variables: ["$": input])
        let outcome = try run.execute(program)
        switch outcome {
        case .returned(let value), .completed(let value?): return value
        case .completed(nil): return .null
        }
    }

    /// JavaScript truthiness of the script's value, as Conductor's `evalBool` answers it.
    public func evaluateCondition(_ source: String, input: JSONValue) throws(ScriptError) -> Bool {
        Self.isTruthy(try evaluate(source, input: input))
    }

    /// JavaScript truthiness: null, false, 0, NaN and "" are false.
    static func isTruthy(_ value: JSONValue) -> Bool {
        switch value {
        case .null: false
        case .bool(let flag): flag
        case .int(let number): number != 0
        case .double(let number): number != 0 && !number.isNaN
        case .string(let text): !text.isEmpty
        case .array, .object: true
        }
    }

    /// JavaScript's `String(value)`.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number):
            if number.isNaN {
                "NaN"
            } else if number.rounded() == number, abs(number) < 1e21 {
                String(Int(number))
            } else {
                String(number)
            }
        case .string(let text): text
        case .array(let elements): elements.map { $0.isNull ? "" : text($0) }.joined(separator: ",")
        case .object: "[object Object]"
        }
    }

    /// JavaScript's `Number(value)`.
    static func number(_ value: JSONValue) -> Double {
        switch value {
        case .null: 0
        case .bool(let flag): flag ? 1 : 0
        case .int(let number): Double(number)
        case .double(let number): number
        case .string(let text):
            text.trimmingCharacters(in: .whitespaces).isEmpty
                ? 0 : Double(text.trimmingCharacters(in: .whitespaces)) ?? .nan
        case .array(let elements) where elements.isEmpty: 0
        case .array(let elements) where elements.count == 1: number(elements[0])
        default: .nan
        }
    }

    /// A double as a JSON number: an integer when it is one.
    static func numeric(_ value: Double) -> JSONValue {
        if value.rounded() == value, abs(value) < 9.0e15 { return .int(Int(value)) }
        return .double(value)
    }
}

/// One evaluation: variables and the step budget.
private struct Run {
    enum Outcome {
        case completed(JSONValue?)
        case returned(JSONValue)
    }

    var variables: [String: JSONValue]
    var steps = 0

    mutating func step() throws(ScriptError) {
        steps += 1
        if steps > ScriptEvaluator.maxSteps {
            throw .runtime(message: "more than \(ScriptEvaluator.maxSteps) evaluation steps")
        }
    }

    mutating func execute(_ statements: [ScriptStatement]) throws(ScriptError) -> Outcome {
        var last: JSONValue?
        for statement in statements {
            try step()
            switch statement {
            case .expression(let node):
                last = try evaluate(node)
            case .declaration(let name, let value):
                variables[name] = try value.map { node throws(ScriptError) in try evaluate(node) } ?? .null
            case .conditional(let condition, let then, let otherwise):
                let branch = ScriptEvaluator.isTruthy(try evaluate(condition)) ? then : (otherwise ?? [])
                switch try execute(branch) {
                case .returned(let value): return .returned(value)
                case .completed(let value?): last = value
                case .completed(nil): break
                }
            case .block(let inner):
                switch try execute(inner) {
                case .returned(let value): return .returned(value)
                case .completed(let value?): last = value
                case .completed(nil): break
                }
            case .returning(let value):
                return .returned(try value.map { node throws(ScriptError) in try evaluate(node) } ?? .null)
            }
        }
        return .completed(last)
    }

    mutating func evaluate(_ node: ScriptNode) throws(ScriptError) -> JSONValue {
        try step()
        switch node {
        case .literal(let value):
            return value
        case .undefined:
            return .null
        case .identifier(let name, let offset):
            guard let value = variables[name] else {
                if ["Math", "JSON", "String", "Number", "parseInt", "parseFloat"].contains(name) {
                    throw .runtime(message: "\(name) can only be called, as in \(name)(...) or \(name).fn(...)")
                }
                throw .unsupported(construct: "the unknown name `\(name)`", offset: offset)
            }
            return value
        case .member(let object, let key):
            return try member(try evaluate(object), key: try evaluate(key))
        case .unary(let symbol, let operand):
            let value = try evaluate(operand)
            switch symbol {
            case "!": return .bool(!ScriptEvaluator.isTruthy(value))
            case "-": return ScriptEvaluator.numeric(-ScriptEvaluator.number(value))
            default: return ScriptEvaluator.numeric(ScriptEvaluator.number(value))
            }
        case .binary(let symbol, let left, let right):
            return try binary(symbol, try evaluate(left), try evaluate(right))
        case .logical(let isAnd, let left, let right):
            let value = try evaluate(left)
            let truthy = ScriptEvaluator.isTruthy(value)
            if isAnd { return truthy ? try evaluate(right) : value }
            return truthy ? value : try evaluate(right)
        case .conditional(let condition, let then, let otherwise):
            return ScriptEvaluator.isTruthy(try evaluate(condition)) ? try evaluate(then) : try evaluate(otherwise)
        case .call(let callee, let arguments, let offset):
            return try call(callee, arguments: arguments, offset: offset)
        case .function:
            throw .unsupported(construct: "a function that is not called at once", offset: 0)
        case .array(let elements):
            var values: [JSONValue] = []
            for element in elements { values.append(try evaluate(element)) }
            return .array(values)
        case .object(let members):
            var values: JSONObject = [:]
            for (key, value) in members { values[key] = try evaluate(value) }
            return .object(values)
        case .assignment(let name, let value):
            let result = try evaluate(value)
            variables[name] = result
            return result
        }
    }

    func member(_ object: JSONValue, key: JSONValue) throws(ScriptError) -> JSONValue {
        switch object {
        case .object(let members):
            return members[ScriptEvaluator.text(key)] ?? .null
        case .array(let elements):
            if key == .string("length") { return .int(elements.count) }
            guard let index = key.coercedInt, index >= 0, index < elements.count else { return .null }
            return elements[Int(index)]
        case .string(let text):
            if key == .string("length") { return .int(text.count) }
            guard let index = key.coercedInt, index >= 0, index < text.count else { return .null }
            return .string(String(text[text.index(text.startIndex, offsetBy: Int(index))]))
        case .null:
            throw .runtime(message: "cannot read property '\(ScriptEvaluator.text(key))' of null or undefined")
        default:
            return .null
        }
    }

    func binary(_ symbol: String, _ left: JSONValue, _ right: JSONValue) throws(ScriptError) -> JSONValue {
        switch symbol {
        case "+":
            if left.isText || right.isText || !left.isPrimitive || !right.isPrimitive {
                return .string(ScriptEvaluator.text(left) + ScriptEvaluator.text(right))
            }
            if case .int(let a) = left, case .int(let b) = right {
                let (sum, overflow) = a.addingReportingOverflow(b)
                if !overflow { return .int(sum) }
            }
            return ScriptEvaluator.numeric(ScriptEvaluator.number(left) + ScriptEvaluator.number(right))
        case "-", "*", "/", "%":
            let a = ScriptEvaluator.number(left)
            let b = ScriptEvaluator.number(right)
            switch symbol {
            case "-": return ScriptEvaluator.numeric(a - b)
            case "*": return ScriptEvaluator.numeric(a * b)
            case "/": return b == 0 ? .double(a == 0 ? .nan : (a > 0 ? .infinity : -.infinity)) : .double(a / b).tidy
            default: return b == 0 ? .double(.nan) : ScriptEvaluator.numeric(a.truncatingRemainder(dividingBy: b))
            }
        case "===": return .bool(strictEquals(left, right))
        case "!==": return .bool(!strictEquals(left, right))
        case "==": return .bool(looseEquals(left, right))
        case "!=": return .bool(!looseEquals(left, right))
        default:
            if case .string(let a) = left, case .string(let b) = right {
                switch symbol {
                case "<": return .bool(a < b)
                case ">": return .bool(a > b)
                case "<=": return .bool(a <= b)
                default: return .bool(a >= b)
                }
            }
            let a = ScriptEvaluator.number(left)
            let b = ScriptEvaluator.number(right)
            switch symbol {
            case "<": return .bool(a < b)
            case ">": return .bool(a > b)
            case "<=": return .bool(a <= b)
            default: return .bool(a >= b)
            }
        }
    }

    func strictEquals(_ left: JSONValue, _ right: JSONValue) -> Bool {
        if left.isNumber, right.isNumber { return ScriptEvaluator.number(left) == ScriptEvaluator.number(right) }
        switch (left, right) {
        case (.array, .array), (.object, .object): return false
        default: return left == right
        }
    }

    func looseEquals(_ left: JSONValue, _ right: JSONValue) -> Bool {
        if left.isNull || right.isNull { return left.isNull && right.isNull }
        if left.isPrimitive, right.isPrimitive, !(left.isText && right.isText) {
            return ScriptEvaluator.number(left) == ScriptEvaluator.number(right)
        }
        return strictEquals(left, right)
    }

    mutating func call(_ callee: ScriptNode, arguments: [ScriptNode], offset: Int) throws(ScriptError) -> JSONValue {
        if case .function(let body) = callee {
            guard arguments.isEmpty else {
                throw .unsupported(construct: "calling a function with arguments", offset: offset)
            }
            let saved = variables
            let outcome = try execute(body)
            // Variables declared in the function stay local; `$` and outer names are restored.
            variables = saved
            if case .returned(let value) = outcome { return value }
            return .null
        }
        var values: [JSONValue] = []
        for argument in arguments { values.append(try evaluate(argument)) }
        let first = values.first ?? .null
        switch callee {
        case .identifier("String", _): return .string(ScriptEvaluator.text(first))
        case .identifier("Number", _): return ScriptEvaluator.numeric(ScriptEvaluator.number(first))
        case .identifier("parseFloat", _): return ScriptEvaluator.numeric(ScriptEvaluator.number(first))
        case .identifier("parseInt", _):
            let number = ScriptEvaluator.number(first)
            return number.isNaN ? .double(.nan) : .int(Int(number.rounded(.towardZero)))
        case .member(.identifier("Math", _), .literal(.string(let name))):
            let numbers = values.map(ScriptEvaluator.number)
            switch name {
            case "max": return ScriptEvaluator.numeric(numbers.max() ?? -.infinity)
            case "min": return ScriptEvaluator.numeric(numbers.min() ?? .infinity)
            case "floor": return ScriptEvaluator.numeric((numbers.first ?? .nan).rounded(.down))
            case "ceil": return ScriptEvaluator.numeric((numbers.first ?? .nan).rounded(.up))
            case "round": return ScriptEvaluator.numeric(((numbers.first ?? .nan) + 0.5).rounded(.down))
            case "abs": return ScriptEvaluator.numeric(abs(numbers.first ?? .nan))
            default: throw .unsupported(construct: "Math.\(name)", offset: offset)
            }
        case .member(.identifier("JSON", _), .literal(.string("stringify"))):
            return .string(first.jsonText)
        case .member(let objectNode, .literal(.string(let name))):
            let object = try evaluate(objectNode)
            return try method(name, on: object, arguments: values, offset: offset)
        default:
            throw .unsupported(construct: "this function call", offset: offset)
        }
    }

    func method(_ name: String, on object: JSONValue, arguments: [JSONValue], offset: Int) throws(ScriptError)
        -> JSONValue
    {
        let argument = arguments.first ?? .null
        switch (object, name) {
        case (.string(let text), "toUpperCase"): return .string(text.uppercased())
        case (.string(let text), "toLowerCase"): return .string(text.lowercased())
        case (.string(let text), "trim"): return .string(text.trimmingCharacters(in: .whitespacesAndNewlines))
        case (.string(let text), "includes"): return .bool(text.contains(ScriptEvaluator.text(argument)))
        case (.string(let text), "startsWith"): return .bool(text.hasPrefix(ScriptEvaluator.text(argument)))
        case (.string(let text), "endsWith"): return .bool(text.hasSuffix(ScriptEvaluator.text(argument)))
        case (.string(let text), "indexOf"):
            guard let range = text.range(of: ScriptEvaluator.text(argument)) else { return -1 }
            return .int(text.distance(from: text.startIndex, to: range.lowerBound))
        case (.array(let elements), "includes"): return .bool(elements.contains { strictEquals($0, argument) })
        case (.array(let elements), "indexOf"):
            return .int(elements.firstIndex { strictEquals($0, argument) } ?? -1)
        case (.array(let elements), "join"):
            let separator = arguments.isEmpty ? "," : ScriptEvaluator.text(argument)
            return .string(elements.map(ScriptEvaluator.text).joined(separator: separator))
        case (_, "toString"): return .string(ScriptEvaluator.text(object))
        default: throw .unsupported(construct: "the method .\(name)()", offset: offset)
        }
    }
}

extension JSONValue {
    fileprivate var isText: Bool {
        if case .string = self { return true }
        return false
    }

    fileprivate var isNumber: Bool {
        switch self {
        case .int, .double: true
        default: false
        }
    }

    fileprivate var isPrimitive: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    /// A double that is integral becomes an integer, as GraalJS hands integral results back to Java as Integer.
    fileprivate var tidy: JSONValue {
        if case .double(let value) = self { return ScriptEvaluator.numeric(value) }
        return self
    }
}
