/// A recursive-descent parser for the JavaScript subset the emulator evaluates.
///
/// Grammar: statements are `var|let|const x = e;`, `x = e;`, `if (e) s [else s]`, `{ ... }`, `return e;` and
/// expression statements; expressions have JavaScript's precedence for `?:`, `||`, `&&`, equality, relational,
/// additive, multiplicative and unary operators, member access (`.name`, `[e]`), calls, array and object literals
/// and `function () { ... }` (only called at once). Everything else is refused with `ScriptError.unsupported`.
struct ScriptParser {
    private var tokens: [ScriptToken]
    private var position = 0
    private var depth = 0
    /// Nesting bound: deeper scripts are refused rather than risking the stack.
    static let maxDepth = 64

    /// Parses `source` into statements.
    static func parse(_ source: String) throws(ScriptError) -> [ScriptStatement] {
        var parser = ScriptParser(tokens: try ScriptToken.tokenize(source))
        var statements: [ScriptStatement] = []
        while parser.current.kind != .end {
            statements.append(try parser.statement())
        }
        return statements
    }

    private init(tokens: [ScriptToken]) {
        self.tokens = tokens
    }

    private var current: ScriptToken { tokens[position] }

    private mutating func advance() -> ScriptToken {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func isPunctuation(_ text: String) -> Bool { current.kind == .punctuation(text) }

    private func isKeyword(_ text: String) -> Bool { current.kind == .identifier(text) }

    private mutating func expect(_ text: String) throws(ScriptError) {
        guard isPunctuation(text) else {
            throw .syntax(message: "expected \(text)", offset: current.offset)
        }
        _ = advance()
    }

    private mutating func skipSemicolons() {
        while isPunctuation(";") { _ = advance() }
    }

    private mutating func nested<T>(_ body: (inout ScriptParser) throws(ScriptError) -> T) throws(ScriptError) -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else {
            throw .runtime(message: "script nests deeper than \(Self.maxDepth) levels")
        }
        return try body(&self)
    }

    private mutating func statement() throws(ScriptError) -> ScriptStatement {
        try nested { (parser: inout ScriptParser) throws(ScriptError) -> ScriptStatement in
            let token = parser.current
            if case .identifier(let word) = token.kind {
                switch word {
                case "var", "let", "const":
                    _ = parser.advance()
                    guard case .identifier(let name) = parser.advance().kind else {
                        throw .syntax(message: "expected a variable name", offset: token.offset)
                    }
                    var value: ScriptNode?
                    if parser.isPunctuation("=") {
                        _ = parser.advance()
                        value = try parser.expression()
                    }
                    if parser.isPunctuation(",") {
                        throw .unsupported(construct: "several declarations in one statement", offset: token.offset)
                    }
                    parser.skipSemicolons()
                    return .declaration(name, value)
                case "if":
                    _ = parser.advance()
                    try parser.expect("(")
                    let condition = try parser.expression()
                    try parser.expect(")")
                    let then = try parser.body()
                    var otherwise: [ScriptStatement]?
                    if parser.isKeyword("else") {
                        _ = parser.advance()
                        otherwise = try parser.body()
                    }
                    return .conditional(condition, then, otherwise)
                case "return":
                    _ = parser.advance()
                    if parser.isPunctuation(";") || parser.isPunctuation("}") || parser.current.kind == .end {
                        parser.skipSemicolons()
                        return .returning(nil)
                    }
                    let value = try parser.expression()
                    parser.skipSemicolons()
                    return .returning(value)
                case "for", "while", "do", "switch", "try", "throw", "class", "new", "function", "break",
                    "continue", "delete", "typeof", "instanceof", "in", "of", "async", "await", "yield":
                    if word == "function" { break }
                    throw .unsupported(construct: "`\(word)`", offset: token.offset)
                default:
                    break
                }
            }
            if parser.isPunctuation("{") {
                return .block(try parser.body())
            }
            let value = try parser.expression()
            parser.skipSemicolons()
            return .expression(value)
        }
    }

    /// A braced block or a single statement.
    private mutating func body() throws(ScriptError) -> [ScriptStatement] {
        guard isPunctuation("{") else { return [try statement()] }
        _ = advance()
        var statements: [ScriptStatement] = []
        while !isPunctuation("}") {
            guard current.kind != .end else { throw .syntax(message: "missing }", offset: current.offset) }
            statements.append(try statement())
        }
        _ = advance()
        skipSemicolons()
        return statements
    }

    private mutating func expression() throws(ScriptError) -> ScriptNode {
        try nested { (parser: inout ScriptParser) throws(ScriptError) -> ScriptNode in
            let start = parser.current
            let target = try parser.conditional()
            if parser.isPunctuation("=") {
                guard case .identifier(let name, _) = target else {
                    throw .unsupported(construct: "assignment to a property", offset: start.offset)
                }
                _ = parser.advance()
                return .assignment(name, try parser.expression())
            }
            for operator_ in ["+=", "-=", "++", "--", "=>"] where parser.isPunctuation(operator_) {
                throw .unsupported(construct: "`\(operator_)`", offset: parser.current.offset)
            }
            return target
        }
    }

    private mutating func conditional() throws(ScriptError) -> ScriptNode {
        let condition = try logical(isAnd: false)
        guard isPunctuation("?") else { return condition }
        _ = advance()
        let then = try expression()
        try expect(":")
        let otherwise = try expression()
        return .conditional(condition, then, otherwise)
    }

    private mutating func logical(isAnd: Bool) throws(ScriptError) -> ScriptNode {
        let symbol = isAnd ? "&&" : "||"
        var left = isAnd ? try binary(level: 0) : try logical(isAnd: true)
        while isPunctuation(symbol) {
            _ = advance()
            let right = isAnd ? try binary(level: 0) : try logical(isAnd: true)
            left = .logical(isAnd: isAnd, left, right)
        }
        return left
    }

    private static let levels: [[String]] = [
        ["===", "!==", "==", "!="], ["<", ">", "<=", ">="], ["+", "-"], ["*", "/", "%"],
    ]

    private mutating func binary(level: Int) throws(ScriptError) -> ScriptNode {
        guard level < Self.levels.count else { return try unary() }
        var left = try binary(level: level + 1)
        while case .punctuation(let symbol) = current.kind, Self.levels[level].contains(symbol) {
            _ = advance()
            left = .binary(symbol, left, try binary(level: level + 1))
        }
        return left
    }

    private mutating func unary() throws(ScriptError) -> ScriptNode {
        try nested { (parser: inout ScriptParser) throws(ScriptError) -> ScriptNode in
            if case .punctuation(let symbol) = parser.current.kind, ["!", "-", "+"].contains(symbol) {
                _ = parser.advance()
                return .unary(symbol, try parser.unary())
            }
            if parser.isKeyword("typeof") {
                throw .unsupported(construct: "`typeof`", offset: parser.current.offset)
            }
            return try parser.postfix()
        }
    }

    private mutating func postfix() throws(ScriptError) -> ScriptNode {
        var node = try primary()
        while true {
            if isPunctuation(".") {
                _ = advance()
                guard case .identifier(let name) = advance().kind else {
                    throw .syntax(message: "expected a property name after .", offset: current.offset)
                }
                node = .member(node, .literal(.string(name)))
            } else if isPunctuation("[") {
                _ = advance()
                let key = try expression()
                try expect("]")
                node = .member(node, key)
            } else if isPunctuation("(") {
                let offset = current.offset
                _ = advance()
                var arguments: [ScriptNode] = []
                while !isPunctuation(")") {
                    arguments.append(try expression())
                    if isPunctuation(",") { _ = advance() } else { break }
                }
                try expect(")")
                node = .call(node, arguments, offset: offset)
            } else {
                return node
            }
        }
    }

    private mutating func primary() throws(ScriptError) -> ScriptNode {
        let token = advance()
        switch token.kind {
        case .number(let value, let isInteger):
            if isInteger, let integer = Int64(exactly: value) { return .literal(.int(integer)) }
            return .literal(.double(value))
        case .string(let text):
            return .literal(.string(text))
        case .identifier(let name):
            switch name {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "null": return .literal(.null)
            case "undefined": return .undefined
            case "function":
                if case .identifier = current.kind { _ = advance() }
                try expect("(")
                guard isPunctuation(")") else {
                    throw .unsupported(construct: "functions with parameters", offset: token.offset)
                }
                _ = advance()
                guard isPunctuation("{") else { throw .syntax(message: "expected {", offset: current.offset) }
                return .function(try body())
            case "new", "typeof", "this", "class", "void", "delete":
                throw .unsupported(construct: "`\(name)`", offset: token.offset)
            default:
                return .identifier(name, offset: token.offset)
            }
        case .punctuation("("):
            let inner = try expression()
            if isPunctuation(",") { throw .unsupported(construct: "the comma operator", offset: current.offset) }
            try expect(")")
            return inner
        case .punctuation("["):
            var elements: [ScriptNode] = []
            while !isPunctuation("]") {
                elements.append(try expression())
                if isPunctuation(",") { _ = advance() } else { break }
            }
            try expect("]")
            return .array(elements)
        case .punctuation("{"):
            var members: [(String, ScriptNode)] = []
            while !isPunctuation("}") {
                let key: String
                switch advance().kind {
                case .identifier(let name): key = name
                case .string(let text): key = text
                default: throw .syntax(message: "expected a property name", offset: current.offset)
                }
                try expect(":")
                members.append((key, try expression()))
                if isPunctuation(",") { _ = advance() } else { break }
            }
            try expect("}")
            return .object(members)
        case .end:
            throw .syntax(message: "unexpected end of script", offset: token.offset)
        case .punctuation(let symbol):
            throw .syntax(message: "unexpected \(symbol)", offset: token.offset)
        }
    }
}
